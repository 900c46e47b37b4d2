import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from minfu.catalog import selectors, services
from minfu.catalog.selectors import published_services
from minfu.core.errors import NotFound
from minfu.core.sheets import read_ods
from tests.catalog.factories import (
    agency_with_unit,
    content,
    count_queries,
    draft,
    published,
    tags,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_5_march_2025():
    """Every publication in these tests happens on 114/03/05 (Taipei)."""
    with time_machine.travel(dt.datetime(2025, 3, 5, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def catalogue():
    """Two agencies: a tax bureau with two services and customs with one."""
    ntbt = agency_with_unit("NTBT", "SVC")
    tpc = agency_with_unit("TPC", "BUS1")
    seeded = tags()
    return {
        "cert": published(ntbt, "TAX-CERT"),
        "estate": published(ntbt, "ESTATE", name_zh="遺產稅申報", name_en="Estate tax return",
                            description_zh="繼承人申報遺產稅", description_en="Heirs file it",
                            channels=("mail",), applicant_kinds=("person",),
                            period_value=60, period_unit="calendar_days",
                            norm_value=30, norm_unit="working_days",
                            service_tag=seeded["S17"],
                            documents=(services.DocumentItem(name_zh="除戶謄本",
                                                             name_en="Record of the deceased"),)),
        "drawback": published(tpc, "DRAWBACK", name_zh="外銷品沖退原料稅",
                              name_en="Duty drawback", applicant_kinds=("business",),
                              channels=("online",), period_value=2, period_unit="hours",
                              norm_value=1, norm_unit="hours", topic_tag=seeded["FIN-CUS"]),
        "draft_only": draft(ntbt, "DRAFT-ONLY", name_zh="尚未公告的服務"),
    }


def names(response):
    return [version.name_zh for version, _period in response.context["results"]]


def test_list_shows_versions_in_force_and_never_drafts(client, catalogue):
    response = client.get(reverse("catalog:public-list"))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(["納稅證明書申請", "遺產稅申報", "外銷品沖退原料稅"])
    assert "尚未公告的服務" not in response.content.decode()


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "遺產"}, ["遺產稅申報"]),
    ({"q": "estate"}, ["遺產稅申報"]),  # English names, any case
    ({"q": "除戶謄本"}, ["遺產稅申報"]),  # the required documents are searched too
    ({"q": "deceased"}, ["遺產稅申報"]),
    ({"q": "戶籍謄本 委任書"}, ["納稅證明書申請", "外銷品沖退原料稅"]),  # every word must match
    ({"organisation": "TPC"}, ["外銷品沖退原料稅"]),
    ({"channel": "mail"}, ["遺產稅申報"]),
    ({"applicant": "business"}, ["外銷品沖退原料稅"]),
    ({"topic": "FIN-CUS"}, ["外銷品沖退原料稅"]),
    ({"policy": "POL-TAX"}, ["納稅證明書申請", "遺產稅申報", "外銷品沖退原料稅"]),
    ({"service": "S17"}, ["遺產稅申報"]),
    ({"organisation": "NTBT", "channel": "online"}, ["納稅證明書申請"]),
])
def test_search_and_filters(client, catalogue, query, expected):
    response = client.get(reverse("catalog:public-list"), query)
    assert sorted(names(response)) == sorted(expected)


def test_an_unknown_filter_value_is_reported_not_an_error(client, catalogue):
    response = client.get(reverse("catalog:public-list"), {"channel": "pigeon", "q": "遺產"})
    assert response.status_code == 200
    assert names(response) == ["遺產稅申報"]
    assert response.context["form"].errors["channel"]


def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    unit = agency_with_unit("NTBT")
    published(unit, "S0")
    few = count_queries(lambda: client.get(reverse("catalog:public-list")))
    for number in range(1, 25):
        published(unit, f"S{number}")
    with django_assert_max_num_queries(few):
        response = client.get(reverse("catalog:public-list"))
    assert len(response.context["results"]) == 20  # a full page
    assert count_queries(lambda: client.get(reverse("catalog:public-list"), {"page": 2})) == few


def test_service_page_is_a_complete_one_time_notice(client, catalogue):
    response = client.get(reverse("catalog:public-detail", args=["NTBT", "TAX-CERT"]))
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("申請書", "戶籍謄本", "委任書"):
        assert name in page
    assert "114年3月5日" in page  # last updated, as an ROC date
    assert "4 個工作天" in page and "1 個工作天" in page
    assert "委託他人申請時" in page  # the condition of the conditional document
    assert "服務櫃檯" in page and "稅捐稽徵法第33條" in page
    assert "catalog/print.js" in page
    fetched = [d for d in response.context["documents"] if d.fetched_by_agency]
    assert [d.name_zh for d in fetched] == ["戶籍謄本"]


def test_service_page_marks_what_need_not_be_brought(client, catalogue):
    response = client.get(reverse("catalog:public-detail", args=["NTBT", "TAX-CERT"]))
    page = response.content.decode()
    checklist = page[page.index('class="checklist"'):]
    household = checklist[checklist.index("戶籍謄本"):checklist.index("委任書")]
    assert 'class="fetched"' in household
    assert 'class="fetched"' not in checklist[:checklist.index("戶籍謄本")]


def test_service_page_in_english(client, catalogue):
    response = client.get("/en" + reverse("catalog:public-detail", args=["NTBT", "ESTATE"]))
    page = response.content.decode()
    assert "Estate tax return" in page
    assert "60 calendar days (extended to the next working day when the last day is a holiday)" in page
    assert "30 working days" in page


def test_service_page_404s(client, catalogue):
    for args in (["NTBT", "DRAFT-ONLY"], ["NTBT", "NOPE"], ["TPC", "TAX-CERT"]):
        assert client.get(reverse("catalog:public-detail", args=args)).status_code == 404


def test_a_withdrawn_service_leaves_the_catalogue(client, catalogue):
    services.service_type_update(service_type=catalogue["estate"].service_type, is_active=False)
    assert "遺產稅申報" not in names(client.get(reverse("catalog:public-list")))
    assert client.get(reverse("catalog:public-detail", args=["NTBT", "ESTATE"])).status_code == 404


@pytest.fixture
def committed(catalogue, django_capture_on_commit_callbacks):
    """Runs a catalogue change as if its transaction committed (tests roll back)."""
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()
    run(lambda: None)
    published_services.forget()
    return run


def read_tax_certificate():
    return selectors.public_service(organisation_code="NTBT", code="TAX-CERT",
                                    on=dt.date(2025, 3, 5))


def test_a_published_service_is_read_once_per_process(committed):
    first = read_tax_certificate()
    assert count_queries(read_tax_certificate) == 0
    assert read_tax_certificate() is first
    assert count_queries(lambda: list(first.documents.all())) == 0


def test_a_new_publication_shows_at_once(committed, catalogue):
    assert read_tax_certificate().number == 1
    def publish_second_version():
        second = services.service_type_version_new_draft(
            service_type=catalogue["cert"].service_type)
        services.service_type_version_publish(version=second, expected_version=second.version,
                                              effective_from=dt.date(2025, 3, 5))
    committed(publish_second_version)
    assert read_tax_certificate().number == 2


def test_a_withdrawal_shows_at_once(committed, catalogue, client):
    read_tax_certificate()
    committed(lambda: services.service_type_update(
        service_type=catalogue["cert"].service_type, is_active=False))
    with pytest.raises(NotFound):
        read_tax_certificate()
    assert client.get(reverse("catalog:public-detail", args=["NTBT", "TAX-CERT"])).status_code == 404


def test_periods_page_lists_each_organisation(client, catalogue):
    response = client.get(reverse("catalog:public-periods"))
    page = response.content.decode()
    assert "人民申請案件處理期間表" in page
    assert "<caption>" in page and 'scope="col"' in page
    assert [table["organisation"].code for table in response.context["tables"]] == ["NTBT", "TPC"]
    only = client.get(reverse("catalog:public-periods"), {"organisation": "TPC"})
    assert [t["organisation"].code for t in only.context["tables"]] == ["TPC"]


def test_periods_csv_is_excel_friendly_and_reads_back(client, catalogue):
    response = client.get(reverse("catalog:public-periods-download", args=["NTBT", "csv"]))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert "1140305" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["項次", "案件類別", "法令依據", "處理期限", "服務標準", "承辦單位"]
    assert rows[1] == ["1", "遺產稅申報", "稅捐稽徵法第33條",
                       "60 日曆天（期間末日為假日者順延）", "30 個工作天", "測試科SVC"]
    assert rows[2][1] == "納稅證明書申請" and rows[2][3] == "4 個工作天"
    assert len(rows) == 3  # the draft is not published


def test_periods_ods_has_the_roc_date_in_its_title(client, catalogue):
    response = client.get(reverse("catalog:public-periods-download", args=["TPC", "ods"]))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    sheet = read_ods(response.content)["TPC"]
    assert sheet[0] == ["測試機關TPC人民申請案件處理期間表（更新日期：114年3月5日）"]
    assert sheet[1][0] == "項次"
    assert sheet[2] == [1, "外銷品沖退原料稅", "稅捐稽徵法第33條", "2 小時（上班時間）",
                        "1 小時（上班時間）", "測試科BUS1"]


def test_periods_download_of_an_unknown_organisation_is_404(client, catalogue):
    assert client.get(reverse("catalog:public-periods-download",
                              args=["NOPE", "csv"])).status_code == 404


@pytest.mark.parametrize("url", ["/services/?q=%00", "/services/periods/?organisation=%00",
                                 "/services/periods/NTBT%00.csv", "/services/periods/NTBT.csv?q=%00"])
def test_a_null_character_in_the_address_is_a_400_page(client, catalogue, url):
    """PostgreSQL cannot compare text holding NUL: without the check these are 500s."""
    response = client.get(url)
    assert response.status_code == 400
    assert "控制字元" in response.content.decode()


def test_periods_in_english(client, catalogue):
    with translation.override("en"):
        url = reverse("catalog:public-periods-download", args=["TPC", "csv"])
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "No." and rows[1][3] == "2 hours (office hours)"


def test_content_helper_is_valid():
    unit = agency_with_unit("X1")
    assert content(unit).period_value == 4
