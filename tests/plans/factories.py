"""Plans for tests, built through the services (so they are shaped as users make them)."""

import datetime as dt

from minfu.org.models import Role
from minfu.plans import deadlines, services
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser


def agency_with_units(names=("業務一組", "業務二組", "秘書室")):
    agency = OrganisationFactory.agency()
    units = [UnitFactory(organisation=agency, name_zh=name)
             for name in names]
    return agency, units


def plan_for(organisation, *, year: int = 2025, actor=None, **kwargs):
    actor = actor or superuser()
    return services.plan_create(actor=actor, organisation=organisation, year=year,
                                title=kwargs.pop("title", f"{year - 1911}年度提升服務執行計畫"),
                                **kwargs)


def action_under(plan, parent, text, units, *, deadline=None, actor=None, all_units=False):
    actor = actor or superuser()
    node = services.node_add(actor=actor, plan=plan, parent=parent, text=text)
    services.action_set(actor=actor, node=node, deadline=deadline or deadlines.standing(),
                        units=units, all_units=all_units)
    return node


def coordinator(unit):
    return staff_user(unit, Role.QUALITY_COORDINATOR)


def supervisor(unit):
    return staff_user(unit, Role.SUPERVISOR)


def quarter(plan, actor=None, index=0):
    label, start, end, due = services.quarters(plan.year)[index]
    return services.period_create(actor=actor or superuser(), plan=plan, label=label,
                                  start=start, end=end, due=due)


TODAY = dt.date(2025, 5, 1)
