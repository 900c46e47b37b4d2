import datetime as dt

import pytest
from django.utils import timezone

from minfu.catalog import demo, selectors
from minfu.catalog.models import RequiredDocument, ServiceType, ServiceTypeVersion
from minfu.org import demo as org_demo

pytestmark = pytest.mark.django_db
Status = ServiceTypeVersion.Status


def test_demo_loads_a_dozen_services_once():
    org_demo.load()
    demo.load()
    counts = (ServiceType.objects.count(), ServiceTypeVersion.objects.count(),
              RequiredDocument.objects.count())
    assert counts[0] >= 12
    assert set(ServiceType.objects.values_list("organisation__code", flat=True)) == {"TPC", "NTBT"}
    today = timezone.localdate()
    for service_type in ServiceType.objects.all():
        version = selectors.version_in_force(service_type, on=today)
        assert version is not None, service_type
        assert version.name_en and version.legal_basis_zh and version.service_tag_id
        assert 2 <= version.documents.count() <= 6
    assert RequiredDocument.objects.filter(fetched_by_agency=True).exists()

    income_tax = ServiceType.objects.get(organisation__code="NTBT", code="IIT-RETURN")
    old, current = income_tax.versions.order_by("number")
    assert old.status == Status.RETIRED and old.effective_to == today - dt.timedelta(days=1)
    assert current.status == Status.PUBLISHED and current.effective_from == today
    assert selectors.version_in_force(income_tax, on=dt.date(2024, 6, 1)) == old

    demo.load()
    assert (ServiceType.objects.count(), ServiceTypeVersion.objects.count(),
            RequiredDocument.objects.count()) == counts


def test_demo_skips_quietly_without_the_organisations():
    demo.load()
    assert not ServiceType.objects.exists()


def test_demo_services_ask_their_own_questions_once():
    from minfu.catalog.models import ServiceQuestion

    org_demo.load()
    demo.load()
    asking = {(q.version.service_type.code, q.code) for q in
              ServiceQuestion.objects.select_related("version__service_type")}
    assert {("RESIDENCY-CERT", "income_year"), ("RESIDENCY-CERT", "purpose"),
            ("DECL-COPY", "copies"), ("RESIDENCY-CERT", "treaty_country")} <= asking
    # The demo applications' stories (cases/demo.py) key services without questions.
    assert not {code for code, _question in asking} & {"TAX-CERT", "DRAWBACK", "ARREARS"}
    count = ServiceQuestion.objects.count()
    demo.load()
    assert ServiceQuestion.objects.count() == count
