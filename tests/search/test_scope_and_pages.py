"""Who finds what: the public never finds records, staff find the records of their scope
only (never another agency's), an exact number opens the record; the pages, the API, the
click-through and the query log."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minfu.core.errors import PermissionDenied
from minfu.org.models import Role
from minfu.search import selectors, services, text
from minfu.search.models import Entry, QueryDay, ResultClick
from tests.cases.factories import service, submit
from tests.catalog.factories import agency_with_unit, published
from tests.org.factories import UnitFactory, staff_user, superuser
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    ours, theirs = agency_with_unit("OURS"), agency_with_unit("THEIRS")
    other_unit = UnitFactory(organisation=ours.organisation, code="OTHER")
    our_case, _ = submit(service(ours, code="TAX"), applicant=_person("陳大文"))
    their_case, _ = submit(service(theirs, code="TAX"), applicant=_person("陳大文"))
    other_unit_case, _ = submit(service(other_unit, code="TAX2"), applicant=_person("陳大文"))
    return ours, theirs, other_unit, our_case, their_case, other_unit_case


def _person(name):
    from tests.cases.factories import person

    return person(name=name)


def keys(entries, source="application"):
    return {e.key for e in entries if e.source == source}


def test_the_public_never_finds_records(two_agencies):
    *_, our_case, their_case, _other = two_agencies
    assert keys(selectors.public_search(text.parse("陳大文"))) == set()
    assert keys(selectors.public_search(text.parse(our_case.number))) == set()


def test_staff_find_the_records_of_their_unit_only(two_agencies):
    ours, theirs, other_unit, our_case, their_case, other_case = two_agencies
    officer = staff_user(ours, Role.OFFICER)
    assert keys(selectors.staff_search(officer, text.parse("陳大文"))) == {str(our_case.pk)}
    assert selectors.staff_record_by_number(officer, their_case.number) is None
    assert selectors.staff_record_by_number(officer, other_case.number) is None
    assert selectors.staff_record_by_number(officer, our_case.number.lower()).key == str(
        our_case.pk)


def test_an_agency_wide_role_finds_every_unit_but_never_another_agency(two_agencies):
    ours, theirs, other_unit, our_case, their_case, other_case = two_agencies
    admin = staff_user(ours, Role.AGENCY_ADMIN)
    assert keys(selectors.staff_search(admin, text.parse("陳大文"))) == {
        str(our_case.pk), str(other_case.pk)}
    assert keys(selectors.staff_search(superuser(), text.parse("陳大文"))) == {
        str(our_case.pk), str(other_case.pk), str(their_case.pk)}


def test_petitions_follow_the_same_scope():
    unit, stranger_unit = agency_with_unit("P1"), agency_with_unit("P2")
    petition, _ = submit_petition(unit, subject="公園長椅損壞")
    assert keys(selectors.staff_search(staff_user(unit), text.parse("长椅")), "petition") == {
        str(petition.pk)}
    assert keys(selectors.staff_search(staff_user(stranger_unit), text.parse("長椅")),
                "petition") == set()


def test_internal_answers_are_found_by_staff_of_their_agency_only(use_sources):
    use_sources("tests.search.corpus_source")
    unit, stranger = agency_with_unit("KB1"), agency_with_unit("KB2")
    from minfu.search import index

    index.rebuild()
    Entry.objects.filter(key="internal").update(organisation_id=unit.organisation_id)
    query = text.parse("內部專用答詢")
    assert keys(selectors.staff_search(staff_user(unit), query), "article") == {"internal"}
    assert keys(selectors.staff_search(staff_user(stranger), query), "article") == set()
    assert keys(selectors.public_search(query), "article") == set()


def test_someone_without_a_membership_gets_no_staff_results(two_agencies):
    from tests.org.factories import UserFactory

    assert list(selectors.staff_search(UserFactory(), text.parse("陳大文"))) == []


# Pages --------------------------------------------------------------------------------

def test_public_page_lists_labelled_highlighted_results_and_logs_the_query(client):
    version = published(UnitFactory(), name_zh="臺北護照<代辦>", name_en="Passport help")
    response = client.get(reverse("search:public-search"), {"q": "台北 护照"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>臺北護照</mark>&lt;代辦&gt;" in body
    assert "服務項目" in body                               # the source's label
    day = QueryDay.objects.get()
    assert (day.normalised, day.searches, day.results) == ("台北 护照", 1, 1)
    # The result link counts the click and goes to the service page.
    link = reverse("search:public-go") + f"?q=台北 护照&to=service:{version.service_type_id}"
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith("/services/")
    assert QueryDay.objects.get().clicks == 1 and ResultClick.objects.get().clicks == 1


def test_english_page_and_links(client):
    published(UnitFactory(), name_zh="護照代辦", name_en="Passport help")
    body = client.get("/en/search/", {"q": "passport"}).content.decode()
    assert "<mark>Passport</mark> help" in body and "/en/search/go/" in body


def test_a_match_in_the_other_language_only_is_shown_in_that_language(client):
    published(UnitFactory(), name_zh="護照代辦", name_en="Passport help")
    body = client.get(reverse("search:public-search"), {"q": "passport"}).content.decode()
    assert '<p class="search-snippet" lang="en"><mark>Passport</mark> help</p>' in body
    body = client.get(reverse("search:public-search"), {"q": "護照"}).content.decode()
    assert 'class="search-snippet" lang=' not in body         # the title shows the match
    body = client.get("/en/search/", {"q": "護照"}).content.decode()
    assert 'lang="zh-Hant-TW"><mark>護照</mark>代辦</p>' in body


def test_a_query_is_shown_escaped_and_bad_input_is_no_error(client):
    url = reverse("search:public-search")
    response = client.get(url, {"q": "<script>alert(1)</script>", "page": "x", "source": "?"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get(url, {"q": "稅" * 300}).status_code == 200
    assert client.get(url, {"q": "\x00" * 300}).status_code == 400   # refused before the view
    assert client.get(url).status_code == 200
    go = reverse("search:public-go")
    assert client.get(go, {"to": "application:1"}).status_code == 404
    assert client.get(go, {"to": "garbage"}).status_code == 404


def test_only_the_first_page_counts_and_no_result_is_counted(client):
    url = reverse("search:public-search")
    client.get(url, {"q": "量子力學"})
    client.get(url, {"q": "量子力學", "page": "2"})
    day = QueryDay.objects.get()
    assert (day.searches, day.zero_result_searches, day.results) == (1, 1, 0)


def test_the_log_keeps_no_personal_data(client):
    client.get(reverse("search:public-search"), {"q": "A123456789 0912345678 退稅"})
    day = QueryDay.objects.get()
    assert day.query == "退稅" and "0912" not in day.normalised


def test_staff_page_needs_sign_in_and_jumps_to_an_exact_number(client, two_agencies):
    ours, theirs, other_unit, our_case, their_case, other_case = two_agencies
    url = reverse("search:staff-search")
    assert client.get(url, {"q": "x"}).status_code == 302
    client.force_login(staff_user(ours, Role.OFFICER))
    response = client.get(url, {"q": f" {our_case.number} "})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:staff-detail", args=[our_case.pk])
    body = client.get(url, {"q": "陳大文"}).content.decode()
    assert our_case.number in body and their_case.number not in body
    assert client.get(url, {"q": their_case.number}).status_code == 200   # not a jump
    assert not QueryDay.objects.exists()                                  # staff: not logged


# API ----------------------------------------------------------------------------------

def test_api_public_and_staff(client, two_agencies):
    ours, theirs, other_unit, our_case, *_ = two_agencies
    url = "/api/v1/search/"
    data = client.get(url, {"q": "陳大文"}).json()
    assert data["count"] == 0
    client.force_login(staff_user(ours, Role.OFFICER))
    data = client.get(url, {"q": "陳大文"}).json()
    assert [r["number"] for r in data["results"]] == [our_case.number]
    assert "<mark>陳大文</mark>" in data["results"][0]["title"]


def test_api_refuses_bad_input_with_400(client):
    url = "/api/v1/search/"
    assert client.get(url, {"q": "x" * 101}).status_code == 400
    assert client.get(url, {"q": "稅", "source": "nope"}).status_code == 400
    assert client.get(url, {"q": "稅", "limit": "0"}).status_code == 400
    assert client.get(url).status_code == 400


# Unanswered queries --------------------------------------------------------------------

def test_unanswered_queries_lists_zero_result_and_seldom_opened_queries():
    today = timezone.localdate()
    for raw, results, searches, clicks in (("外送 稅", 0, 2, 0), ("退稅", 5, 10, 1),
                                           ("護照", 3, 10, 6), ("報關", 2, 2, 0)):
        QueryDay.objects.create(day=today, normalised=text.parse(raw).normalised, query=raw,
                                searches=searches, results=results, clicks=clicks,
                                zero_result_searches=searches if not results else 0)
    QueryDay.objects.create(day=today - dt.timedelta(days=40), normalised="旧", query="舊",
                            searches=9)
    found = selectors.unanswered_queries(staff_user(), today - dt.timedelta(days=30), today)
    assert [(q.query, q.zero_results) for q in found] == [("退稅", False), ("外送 稅", True)]
    with pytest.raises(PermissionDenied):
        selectors.unanswered_queries(None, today, today)


def test_concurrent_counts_do_not_create_two_rows():
    query = text.parse("護照")
    services.query_log_record(query=query, results=2)
    services.query_log_record(query=query, results=3)
    day = QueryDay.objects.get()
    assert (day.searches, day.results) == (2, 3)
    services.result_click_record(normalised="沒搜尋過", source="service", key="1")
    assert not ResultClick.objects.exists()
