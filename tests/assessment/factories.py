"""Builders for assessment tests: score sheets through the service (so the versioning rules
hold), organisations and staff from tests/org/factories.py."""

from decimal import Decimal

from minfu.assessment import services
from minfu.assessment.models import SheetKind
from minfu.org.models import Role, Scope
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser


def sections(*maxima, titles=None):
    """One section per maximum list, e.g. sections([600, 400])."""
    return [{"title_zh": f"第{i}部分", "items": [
        {"title_zh": f"項目{i}-{j}", "max_points": str(m), "guidance": "說明"}
        for j, m in enumerate(group, start=1)]} for i, group in enumerate(maxima, start=1)]


INSPECTION_TIERS = [{"name_zh": "優等", "lower_bound": "900"},
                    {"name_zh": "甲等", "lower_bound": "800"},
                    {"name_zh": "乙等", "lower_bound": "700"}]


def sheet(organisation, *, kind=SheetKind.INSPECTION, code="inspection", maxima=(600, 400),
          improvement_below="750", tiers=INSPECTION_TIERS, actor=None):
    return services.score_sheet_save(
        actor=actor or superuser(), organisation=organisation, kind=kind, code=code,
        name_zh="為民服務不定期考核評分表", sections=sections(list(maxima)),
        tiers=tiers, improvement_below=improvement_below)


def items_of(sheet_):
    from minfu.assessment.models import ScoreItem
    return list(ScoreItem.objects.filter(section__sheet=sheet_).order_by("section__position",
                                                                         "position"))


def points(sheet_, *values):
    return {item.pk: Decimal(str(value)) for item, value in zip(items_of(sheet_), values,
                                                                strict=True)}


class World:
    """A ministry with two agencies; TPC has a unit, a coordinator and a supervisor."""

    def __init__(self):
        self.ministry = OrganisationFactory.ministry(code="MOFX")
        self.agency = OrganisationFactory.agency(code="TPCX", parent=self.ministry)
        self.other = OrganisationFactory.agency(code="NTBX", parent=self.ministry)
        self.unit = UnitFactory(organisation=self.agency)
        self.other_unit = UnitFactory(organisation=self.other)
        self.coordinator = staff_user(self.unit, Role.QUALITY_COORDINATOR)
        self.supervisor = staff_user(self.unit, Role.SUPERVISOR)
        self.officer = staff_user(self.unit, Role.OFFICER)
        self.outsider = staff_user(self.other_unit, Role.QUALITY_COORDINATOR)
        ministry_unit = UnitFactory(organisation=self.ministry)
        self.evaluator = staff_user(ministry_unit, Role.MINISTRY_EVALUATOR,
                                    scope=Scope.SUBTREE)
        self.head = staff_user(self.unit, Role.AGENCY_ADMIN)
        self.other_coordinator = self.outsider


def sign_off(world, inspection, *, summary="", submitter=None, reviewer=None, approver=None):
    """Submit (the convener), review and approve an inspection's report; the approved
    inspection."""
    from minfu.assessment import inspection_signoff

    inspection = inspection_signoff.inspection_submit(
        actor=submitter or inspection.convener, inspection=inspection,
        expected_version=inspection.version, summary=summary)
    inspection = inspection_signoff.inspection_review(
        actor=reviewer or world.head, inspection=inspection,
        expected_version=inspection.version)
    return inspection_signoff.inspection_approve(
        actor=approver or inspection.approver or world.evaluator, inspection=inspection,
        expected_version=inspection.version)
