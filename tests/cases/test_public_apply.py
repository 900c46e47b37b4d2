"""The online application form and its receipt."""

import datetime as dt
import io
import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from PIL import Image, ImageFile

from minfu.cases.models import Case, CaseEvent
from minfu.records import intake_limits
from tests.cases.factories import service
from tests.cases.public_support import (
    MONDAY,
    PDF_BYTES,
    application_data,
    apply_url,
    fresh_token,
    jpeg_with_exif,
    mandatory_item,
    online_service,
    png_bomb,
    token_on,
    travel,
)

pytestmark = [pytest.mark.django_db,
              pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_service_page_links_to_the_online_form_only_when_online_is_offered(client):
    online = online_service()
    counter_only = service(code="COUNTER", channels=("counter",))
    with travel():
        page = client.get(reverse("catalog:public-detail", kwargs={
            "organisation_code": online.service_type.organisation.code, "code": "TAX-CERT"}))
        assert apply_url(online) in page.content.decode()
        other = client.get(reverse("catalog:public-detail", kwargs={
            "organisation_code": counter_only.service_type.organisation.code,
            "code": "COUNTER"}))
        assert "/applications/new/" not in other.content.decode()
        assert client.get(apply_url(counter_only)).status_code == 404


def test_the_form_asks_for_each_document_to_bring_and_states_the_purpose(client):
    version = online_service()
    with travel():
        response = client.get(apply_url(version))
    form = response.context["form"]
    fetched = version.documents.get(fetched_by_agency=True)
    assert f"document_{mandatory_item(version).pk}" in form.fields
    assert f"document_{fetched.pk}" not in form.fields
    assert escape(str(response.context["purpose"])) in response.content.decode()


def test_each_blank_form_has_its_own_token_and_the_page_language(client):
    """The fields of a blank form are rendered once per version and language."""
    version = online_service()
    item = mandatory_item(version)
    with travel():
        pages = [client.get(url).content.decode()
                 for url in (apply_url(version), apply_url(version), "/en" + apply_url(version))]
    tokens = [re.search(r'name="token" value="([^"]+)"', page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    assert all(f'name="document_{item.pk}"' in page for page in pages)
    assert item.name_zh in pages[1] and item.name_zh not in pages[2]
    assert item.name_en in pages[2]


def test_submit_creates_one_case_with_its_event_and_shows_the_code_once(client):
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(version, token))
        case = Case.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("cases:public-receipt", kwargs={"number": case.number})
        receipt = client.get(response.url)
        again = client.get(response.url)
    assert case.channel == "online" and case.applicant_name == "王小明"
    assert case.documents.get().content_type == "application/pdf"
    assert CaseEvent.objects.filter(case=case, action="case.submitted").count() == 1
    code = receipt.context["access_code"]
    assert code and code in receipt.content.decode()
    assert case.number in receipt.content.decode()
    assert "114年3月" in receipt.content.decode()  # due date in ROC form
    rate_url = reverse("surveys:public-rate", kwargs={
        "organisation_code": case.organisation.code,
        "service_code": case.service_type_version.service_type.code})
    assert rate_url in receipt.content.decode()  # the real-time rating after an online service
    assert again.context["access_code"] == ""
    assert code not in again.content.decode()
    assert "no-store" in receipt["Cache-Control"]


def test_a_double_submit_with_the_same_token_makes_one_case(client):
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        first = client.post(apply_url(version), application_data(version, token))
        second = client.post(apply_url(version), application_data(version, token))
    assert Case.objects.count() == 1
    assert first.url == second.url


def test_a_token_this_browser_was_not_given_is_refused_and_the_answers_kept(client):
    version = online_service()
    with travel():
        response = client.post(apply_url(version),
                               application_data(version, "forged-token"))
    assert response.status_code == 400 and Case.objects.count() == 0
    form = response.context["form"]
    assert form["applicant_name"].value() == "王小明"
    assert form["token"].value() != "forged-token"


def test_a_token_given_to_another_browser_is_refused(client):
    version = online_service()
    with travel():
        token = fresh_token(Client(), version)
        response = client.post(apply_url(version), application_data(version, token))
    assert response.status_code == 400 and Case.objects.count() == 0


def test_a_form_left_open_over_a_day_is_refused_and_the_answers_kept(client):
    version = online_service()
    with travel(MONDAY):
        token = fresh_token(client, version)
    with travel(MONDAY + dt.timedelta(days=1), hour=11):
        response = client.post(apply_url(version), application_data(version, token))
    assert response.status_code == 400 and Case.objects.count() == 0
    assert response.context["form"]["applicant_name"].value() == "王小明"


def test_each_visitor_gets_the_same_blank_page_with_tokens_of_its_own():
    """The page is rendered once per process; each browser gets its own form token and
    CSRF token in it, and each works (CSRF checked) only in the browser it was given to."""
    version = online_service()
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    with travel():
        pages = [browser.get(apply_url(version)) for browser in browsers]
        tokens = [token_on(page) for page in pages]
        csrf = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                          page.content.decode()).group(1) for page in pages]
        assert tokens[0] != tokens[1] and csrf[0] != csrf[1]
        assert "minfu-slot" not in pages[1].content.decode()
        assert [page.content.decode().replace(token, "").replace(secret, "")
                for page, token, secret in zip(pages, tokens, csrf, strict=True)] == \
            [pages[0].content.decode().replace(tokens[0], "").replace(csrf[0], "")] * 2
        stolen = browsers[0].post(apply_url(version), application_data(
            version, tokens[1], csrfmiddlewaretoken=csrf[0]))
        sent = browsers[1].post(apply_url(version), application_data(
            version, tokens[1], csrfmiddlewaretoken=csrf[1]))
    assert stolen.status_code == 400 and sent.status_code == 302
    assert Case.objects.count() == 1


def test_a_message_for_the_visitor_is_shown_on_the_blank_page(client):
    version = online_service()
    with travel():
        client.get(apply_url(version))  # the page every new visitor gets
        client.get(reverse("cases:public-progress", kwargs={"number": "KL-1140303-0001"}))
        page = client.get(apply_url(version))
    assert "message message-info" in page.content.decode() and token_on(page)


def test_a_citizens_visit_writes_no_session(client):
    """The form, the submission, the receipt and the progress page: what the browser
    proved travels in the signed citizen cookie, so no session is made or written."""
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(version, token))
        case = Case.objects.get()
        receipt = client.get(response.url)
        progress = client.get(reverse("cases:public-progress", kwargs={"number": case.number}))
    assert receipt.context["access_code"] and progress.context["case"] == case
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_with_a_reason_and_the_typed_fields_kept(client):
    version = online_service()
    item = mandatory_item(version)
    disguised = SimpleUploadedFile("form.pdf", b"MZ\x90\x00 an executable",
                                   content_type="application/pdf")
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, contact_phone="02-2345-6789",
            **{f"document_{item.pk}": disguised}))
    assert response.status_code == 400 and Case.objects.count() == 0
    form = response.context["form"]
    assert form.errors.as_data()[f"document_{item.pk}"][0].code == "not_accepted"
    body = response.content.decode()
    assert 'value="王小明"' in body and 'value="02-2345-6789"' in body
    assert f'value="{token}"' in body


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.MINFU_UPLOAD_MAX_BYTES = 20
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(version, token))
    assert response.status_code == 400 and Case.objects.count() == 0
    errors = response.context["form"].errors.as_data()
    assert errors[f"document_{mandatory_item(version).pk}"][0].code == "too_large"


def test_a_wrong_national_id_is_refused_by_the_form(client):
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, national_id="A123456780"))
    assert response.status_code == 400 and "national_id" in response.context["form"].errors


def test_without_consent_nothing_is_received(client):
    version = online_service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(version, token, consent=None))
    assert response.status_code == 400 and "consent" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_an_uploaded_jpeg_is_stored_without_exif(client):
    version = online_service()
    item = mandatory_item(version)
    photo = SimpleUploadedFile("photo.jpg", jpeg_with_exif(), content_type="image/jpeg")
    with travel():
        token = fresh_token(client, version)
        client.post(apply_url(version), application_data(
            version, token, **{f"document_{item.pk}": photo}))
    stored = Case.objects.get().documents.get()
    content = stored.file.read()
    assert stored.content_type == "image/jpeg" and b"SpyCam" not in content
    assert len(Image.open(io.BytesIO(content)).getexif()) == 0


def test_the_english_pages_show_iso_dates(client):
    version = online_service()
    with travel():
        url = "/en" + apply_url(version)
        token = token_on(client.get(url))
        response = client.post(url, application_data(version, token, language="en"),
                               follow=True)
    case = Case.objects.get()
    assert case.language == "en"
    assert case.legal_due_date.isoformat() in response.content.decode()
    assert 'lang="en"' in response.content.decode()


# ----- what a file is stored as, and how many a client may send ---------------------------

def test_a_pdf_named_html_is_stored_and_downloaded_as_a_pdf(client):
    version = online_service()
    item = mandatory_item(version)
    polyglot = SimpleUploadedFile("poly.pdf.html", PDF_BYTES, content_type="text/html")
    with travel():
        token = fresh_token(client, version)
        client.post(apply_url(version), application_data(
            version, token, **{f"document_{item.pk}": polyglot}))
        case = Case.objects.get()
        stored = case.documents.get()
        response = client.get(reverse("cases:public-document", args=[case.number, stored.pk]))
    assert stored.file.name.endswith(".pdf") and "html" not in stored.file.name
    assert (stored.original_name, stored.content_type) == ("poly.pdf.html", "application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_of_too_many_pixels_is_refused_by_the_form_without_decoding(client):
    version = online_service()
    item = mandatory_item(version)
    bomb = SimpleUploadedFile("scan.png", png_bomb(), content_type="image/png")
    with travel(), mock.patch.object(ImageFile.ImageFile, "load") as load:
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, **{f"document_{item.pk}": bomb}))
    assert response.status_code == 400 and Case.objects.count() == 0 and not load.called
    error = response.context["form"].errors.as_data()[f"document_{item.pk}"][0]
    assert error.code == "too_many_pixels" and "12000 × 12000" in response.content.decode()


def test_forms_with_files_from_one_client_are_limited(client, settings):
    settings.MINFU_UPLOAD_RATE = "2/3600"
    version = online_service()
    with travel():
        for _ in range(2):
            token = fresh_token(client, version)
            assert client.post(apply_url(version),
                               application_data(version, token)).status_code == 302
        token = fresh_token(client, version)
        refused = client.post(apply_url(version), application_data(version, token))
        other_client = Client(REMOTE_ADDR="198.51.100.7")
        other_token = fresh_token(other_client, version)
        accepted = other_client.post(apply_url(version),
                                     application_data(version, other_token))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert str(intake_limits.UPLOADS.message) in refused.content.decode()
    assert accepted.status_code == 302 and Case.objects.count() == 3
