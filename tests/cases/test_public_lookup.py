"""Progress lookup, its rate limit, and the supplement and withdrawal that follow it."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from minfu.cases import services
from minfu.cases.models import Case, CaseDocument
from tests.cases.factories import at, officer, submit
from tests.cases.public_support import MONDAY, online_service, pdf_upload, travel

pytestmark = pytest.mark.django_db
LOOKUP = reverse("cases:public-lookup")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def received():
    """A case received on Monday 2025-03-03, with its access code."""
    version = online_service()
    case, code = submit(version, received_at=at(MONDAY))
    return case, code
TRIES_LEFT = re.compile(r"還可以再試 \d+ 次|\d+ more tr(?:y|ies)")


def progress_url(case: Case) -> str:
    return reverse("cases:public-progress", kwargs={"number": case.number})


def look_up(client, number: str, code: str):
    return client.post(LOOKUP, {"number": number, "access_code": code})


def test_the_right_pair_shows_the_progress_and_remembers_the_case(client, received):
    case, code = received
    with travel():
        response = look_up(client, case.number.lower(), code.lower())
        assert response.status_code == 302 and response.url == progress_url(case)
        page = client.get(progress_url(case))
    assert page.context["case"] == case
    assert [entry.action for entry in page.context["timeline"]] == ["case.submitted"]
    assert "114年3月" in page.content.decode()


def test_a_wrong_number_and_a_wrong_code_get_the_same_answer(client, received):
    case, code = received
    unknown = case.number[:-4] + "9999"
    with travel():
        wrong_code = look_up(client, case.number, "ABCDE-FGHJK")
        wrong_number = look_up(client, unknown, code)

    def normalised(response):
        # The tries left go down with every lookup, whichever part was wrong.
        body = TRIES_LEFT.sub("", CSRF.sub("", response.content.decode()))
        return body.replace(case.number, "NUMBER").replace(unknown, "NUMBER")

    assert wrong_code.status_code == wrong_number.status_code == 400
    assert normalised(wrong_code) == normalised(wrong_number)
    assert code not in wrong_number.content.decode()
    assert client.get(progress_url(case)).status_code == 302  # nothing proven


def test_lookups_over_the_rate_get_429_with_retry_after(client, settings, received):
    settings.MINFU_LOOKUP_RATE = "3/600"
    case, code = received
    with travel():
        answers = [look_up(client, case.number, "WRONG").status_code for _ in range(3)]
        limited = look_up(client, case.number, code)  # even the right pair now waits
    assert answers == [400, 400, 400]
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    assert "records/public/lookup_limited.html" in [t.name for t in limited.templates]


def test_the_limit_counts_per_client_address(client, settings, received):
    settings.MINFU_LOOKUP_RATE = "1/600"
    case, code = received
    with travel():
        look_up(client, case.number, "WRONG")
        other = client.post(LOOKUP, {"number": case.number, "access_code": code},
                            REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_pages_of_a_case_need_the_proof_first(client, received):
    case, _code = received
    for name in ("cases:public-progress", "cases:public-supplement", "cases:public-withdraw"):
        response = client.get(reverse(name, kwargs={"number": case.number}))
        assert response.status_code == 302 and response.url == LOOKUP
    assert client.get(reverse("cases:public-receipt",
                              kwargs={"number": case.number})).status_code == 404


def notice_for(case: Case):
    clerk = officer(case.unit)
    item = case.service_type_version.documents.first()
    with travel(dt.date(2025, 3, 4)):
        services.deficiency_notice_issue(case=case, items=[item.pk], actor=clerk,
                                         notes={item.pk: "unsigned"},
                                         supplement_due_date=dt.date(2025, 3, 20))
    return item


def test_a_supplement_from_the_lookup_resumes_the_clock(client, received):
    case, code = received
    item = notice_for(case)
    paused_due = Case.objects.get(pk=case.pk).legal_due_date
    with travel(dt.date(2025, 3, 6)):
        look_up(client, case.number, code)
        page = client.get(progress_url(case))
        assert page.context["notice"] is not None
        assert "unsigned" in page.content.decode()
        url = reverse("cases:public-supplement", kwargs={"number": case.number})
        form = client.get(url).context["form"]
        response = client.post(url, {"version": form.initial["version"],
                                     f"document_{item.pk}": pdf_upload("signed.pdf")})
    assert response.status_code == 302 and response.url == progress_url(case)
    case.refresh_from_db()
    assert case.state == "in_review"
    assert case.pauses.get().ended_at is not None
    assert case.legal_due_date > paused_due  # the paused days no longer count
    stored = CaseDocument.objects.get(case=case)
    assert stored.notice is not None and stored.uploaded_by_kind == "applicant"


def test_a_supplement_without_files_sends_nothing(client, received):
    case, code = received
    notice_for(case)
    with travel(dt.date(2025, 3, 6)):
        look_up(client, case.number, code)
        response = client.post(reverse("cases:public-supplement",
                                       kwargs={"number": case.number}),
                               {"version": Case.objects.get(pk=case.pk).version})
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).state == "awaiting_supplement"


def test_withdrawal_needs_confirmation_and_ends_the_case(client, received):
    case, code = received
    url = reverse("cases:public-withdraw", kwargs={"number": case.number})
    with travel():
        look_up(client, case.number, code)
        unconfirmed = client.post(url, {"version": case.version})
        assert unconfirmed.status_code == 400
        assert Case.objects.get(pk=case.pk).state == "received"
        done = client.post(url, {"version": case.version, "confirm": "on",
                                 "reason": "applied twice"})
        page = client.get(progress_url(case))
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert case.events.get(action="case.withdrawn").actor_kind == "applicant"
    assert [entry.action for entry in page.context["timeline"]] == ["case.submitted",
                                                                    "case.withdrawn"]
    assert not page.context["is_open"]


def test_a_stale_withdrawal_form_is_refused_with_a_message(client, received):
    case, code = received
    url = reverse("cases:public-withdraw", kwargs={"number": case.number})
    with travel():
        look_up(client, case.number, code)
        services.case_accept(case=case, actor=officer(case.unit))
        response = client.post(url, {"version": case.version, "confirm": "on"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert Case.objects.get(pk=case.pk).state == "accepted"
