"""The service type's own questions: asked online and at the counter, checked by
catalog.questions, stored with their wording, shown back everywhere."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases import selectors
from minfu.cases.models import Case
from minfu.catalog import services as catalog_services
from minfu.catalog.questions import Choice, Question
from minfu.core.errors import ValidationFailed
from tests.cases.factories import at, officer, service, submit
from tests.cases.public_support import application_data, apply_url, fresh_token, travel
from tests.catalog.factories import content, sample_questions

pytestmark = pytest.mark.django_db

ANSWERS = {"income_year": 113, "purpose": "loan", "copies": 2}
MORE = (Question(code="visit_on", kind="date", label_zh="預約日期", label_en="Visit date",
                 required=False),
        Question(code="languages", kind="multiple_choice", label_zh="語言",
                 label_en="Languages", required=False,
                 choices=(Choice("zh", "中文", "Chinese"), Choice("en", "英文", "English"))),
        Question(code="urgent", kind="yes_no", label_zh="是否急件", label_en="Urgent",
                 required=False))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def version():
    return service(questions=sample_questions() + MORE)


# ----- the service ---------------------------------------------------------------------

def test_submit_stores_normalised_answers_with_their_wording(version):
    case, _code = submit(version, answers={"income_year": "113", "purpose": "loan",
                                           "copies": 2, "urgent": "yes",
                                           "languages": ["en", "zh"]})
    assert case.answers["income_year"] == {"kind": "number", "label_zh": "所得年度",
                                           "label_en": "Income year", "value": 113}
    assert case.answers["languages"]["value"] == ["zh", "en"]
    assert case.answers["urgent"]["value"] is True
    assert "remarks" not in case.answers


def test_submit_refuses_every_bad_answer_at_once(version):
    with pytest.raises(ValidationFailed) as refused:
        submit(version, answers={"income_year": 99, "purpose": "holiday"})
    assert set(refused.value.details) == {"answers.income_year", "answers.purpose",
                                          "answers.copies"}
    assert not Case.objects.exists()


def test_a_new_version_does_not_change_what_a_case_was_asked(version):
    case, _code = submit(version, answers=ANSWERS)
    draft = catalog_services.service_type_version_new_draft(service_type=version.service_type)
    catalog_services.service_type_version_update(
        version=draft, content=content(version.responsible_unit, questions=(
            Question(code="purpose", kind="single_choice", label_zh="申請目的",
                     choices=(Choice("loan", "房貸"), Choice("x", "其他"))),)),
        expected_version=draft.version)
    case.refresh_from_db()
    rows = {row.code: row for row in selectors.answer_rows(case.answers)}
    assert rows["purpose"].label == "用途" and rows["purpose"].text == "貸款"


def test_answer_rows_read_every_kind_and_other_shapes():
    stored = {"visit_on": {"kind": "date", "label_zh": "預約日期", "value": "2025-03-05"},
              "urgent": {"kind": "yes_no", "label_zh": "是否急件", "value": False},
              "legacy": "free text"}
    rows = {row.code: row.text for row in selectors.answer_rows(stored)}
    assert rows["visit_on"] == "114年3月5日"
    assert rows["urgent"] == "否"
    assert rows["legacy"] == "free text"


# ----- the online form -----------------------------------------------------------------

def _answers_post(**overrides):
    values = {"question_income_year": "113", "question_purpose": "loan",
              "question_copies": "2", "question_remarks": "", "question_visit_on": "114/03/05",
              "question_languages": ["zh"], "question_urgent": "no"}
    values.update(overrides)
    return values


def test_the_form_renders_each_kind_with_its_proper_widget(client, version):
    with travel():
        page = client.get(apply_url(version))
    html = page.content.decode()
    form = page.context["form"]
    assert form["question_purpose"].use_fieldset  # radio group: fieldset and legend
    assert form["question_languages"].use_fieldset
    assert 'type="radio" name="question_purpose" value="loan"' in html
    assert 'type="checkbox" name="question_languages" value="en"' in html
    assert 'aria-describedby="id_question_income_year_helptext"' in html
    assert "以民國年填寫" in html


def test_online_answers_are_stored_and_shown_on_receipt_and_progress(client, version):
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version),
                               application_data(version, token, **_answers_post()))
        assert response.status_code == 302
        case = Case.objects.get()
        assert case.answers["visit_on"]["value"] == "2025-03-05"
        assert case.answers["purpose"]["choices"][0]["label_zh"] == "貸款"
        receipt = client.get(response["Location"]).content.decode()
        progress = client.get(reverse("cases:public-progress", args=[case.number]))
    assert "所得年度" in receipt and "貸款" in receipt
    assert "114年3月5日" in progress.content.decode()


def test_a_rejected_answer_keeps_everything_else_typed(client, version):
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, applicant_name="陳大文",
            **_answers_post(question_income_year="99", question_purpose="holiday")))
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"question_income_year", "question_purpose"}
    html = response.content.decode()
    assert 'value="陳大文"' in html and 'name="question_copies" value="2"' in html
    assert not Case.objects.exists()


# ----- the counter ---------------------------------------------------------------------

def test_counter_intake_chooses_the_service_first_then_asks_its_questions(client, version):
    client.force_login(officer(version.responsible_unit))
    with travel():
        first = client.get(reverse("cases:staff-intake"))
        assert first.context["chooser"] is not None
        assert "question_purpose" not in first.context["form"].fields
        second = client.get(reverse("cases:staff-intake"), {"service": version.pk})
        assert "chooser" not in second.context
        assert "question_purpose" in second.context["form"].fields
        data = {"request_key": "k1", "service": version.pk, "shown_for": version.pk,
                "applicant_kind": "person", "applicant_name": "王小明",
                "applicant_id_number": "A123456789", "contact_phone": "02-1234-5678",
                "language": "zh-hant", "consent": "on", **_answers_post(question_copies="")}
        refused = client.post(reverse("cases:staff-intake"), data)
        assert refused.status_code == 400
        assert list(refused.context["form"].errors) == ["question_copies"]
        data["question_copies"] = "3"
        received = client.post(reverse("cases:staff-intake"), data)
        assert received.status_code == 302
        case = Case.objects.get()
        detail = client.get(reverse("cases:staff-detail", args=[case.pk]))
    assert case.channel == "counter" and case.answers["copies"]["value"] == 3
    assert detail.status_code == 200, detail
    assert "份數" in detail.content.decode() and "貸款" in detail.content.decode()


def test_counter_intake_with_a_changed_service_asks_again(client, version):
    other = service(code="OTHER", unit=version.responsible_unit)
    client.force_login(officer(version.responsible_unit))
    data = {"request_key": "k2", "service": other.pk, "shown_for": version.pk,
            "applicant_kind": "person", "applicant_name": "王小明",
            "applicant_id_number": "A123456789", "contact_phone": "02-1234-5678",
            "language": "zh-hant", "consent": "on"}
    with travel():
        response = client.post(reverse("cases:staff-intake"), data)
    assert response.status_code == 400 and "service" in response.context["form"].errors
    assert not Case.objects.exists()


# ----- the API -------------------------------------------------------------------------

def test_api_intake_checks_and_returns_the_answers(version):
    clerk = officer(version.responsible_unit)
    api = APIClient()
    api.force_authenticate(clerk)
    payload = {"service_version": version.pk, "applicant_kind": "person",
               "applicant_name": "王小明", "applicant_id_number": "A123456789",
               "contact_phone": "02-1234-5678", "consent": True,
               "answers": {"income_year": 113, "purpose": "nope", "copies": 1}}
    with travel():
        refused = api.post("/api/v1/cases/applications/", payload, format="json",
                           HTTP_IDEMPOTENCY_KEY="q-1")
        assert refused.status_code == 400
        assert "answers.purpose" in str(refused.json())
        payload["answers"]["purpose"] = "visa"
        created = api.post("/api/v1/cases/applications/", payload, format="json",
                           HTTP_IDEMPOTENCY_KEY="q-2")
    assert created.status_code == 201, created.json()
    answers = created.json()["answers"]
    assert answers["purpose"]["value"] == "visa"
    assert answers["purpose"]["choices"] == [{"code": "visa", "label_zh": "簽證",
                                              "label_en": "Visa"}]


def test_the_receipt_pdf_is_still_made_for_a_case_with_answers(client, version):
    case, _code = submit(version, answers=ANSWERS, received_at=at(dt.date(2025, 3, 3)))
    client.force_login(officer(version.responsible_unit))
    response = client.get(reverse("cases:staff-receipt-pdf", args=[case.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
