"""Demo applications: about 150 generated plus the five stories, loaded once, fast."""


import pytest
from django.utils import timezone

from minfu.cases import demo, generator, selectors
from minfu.cases.models import Case, CaseExtension, CaseState, DeficiencyNotice
from minfu.catalog import demo as catalog_demo
from minfu.org import demo as org_demo
from tests.records.lookups import case_for_lookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_services():
    org_demo.load()
    catalog_demo.load()


def _story(name: str) -> Case:
    return Case.objects.get(idempotency_key=demo.STORY_KEY_PREFIX + name)


def test_demo_loads_the_applications_and_tells_the_stories(demo_services):
    demo.load()
    assert Case.objects.count() == demo.DEMO_COUNT + 7
    assert set(Case.objects.values_list("organisation__code", flat=True)) == {"TPC", "NTBT"}

    awaiting = _story("awaiting-documents")
    assert awaiting.state == CaseState.AWAITING_SUPPLEMENT
    notice = DeficiencyNotice.objects.get(case=awaiting)
    assert notice.pause.ended_at is None and len(notice.items) == 1
    extended = _story("extended")
    assert CaseExtension.objects.filter(case=extended, extra_value=10).exists()
    overdue = _story("overdue")
    assert overdue.state == CaseState.IN_REVIEW
    assert selectors.due_mark(overdue, timezone.localdate(), None) \
        == selectors.DueMark.OVERDUE
    assert _story("decided").state == CaseState.DECIDED_APPROVED
    assert _story("refused").state == CaseState.DECIDED_REJECTED
    # issue 19: assistance needs, a fetched document, a lapsed supply-by date, a hand-over
    assert awaiting.assistance_needs == ["sign_language"]
    assert awaiting.fetched_checks.count() == 1
    lapsed = _story("supply-lapsed")
    assert selectors.supply_has_lapsed(lapsed)
    handed = _story("cross-agency")
    assert (handed.organisation.code, handed.received_by.code) == ("NTBT", "TPC")


def test_demo_loads_once(demo_services):
    demo.load()
    counts = (Case.objects.count(), DeficiencyNotice.objects.count())
    demo.load()
    assert (Case.objects.count(), DeficiencyNotice.objects.count()) == counts


def test_generated_demo_cases_can_be_looked_up(demo_services):
    demo.load()
    case = Case.objects.filter(idempotency_key__isnull=True).first()
    code = generator.sample_access_code(case.number, generator.sample_code_key(demo.DEMO_SEED))
    assert case_for_lookup(case.number, code) == case


def test_demo_skips_quietly_without_the_organisations():
    demo.load()
    assert not Case.objects.exists()
