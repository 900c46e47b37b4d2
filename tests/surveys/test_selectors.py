"""Scoped reads: another agency's survey is NotFound; peer comparison shows a ministry
its agencies side by side and an agency only itself; analysis numbers."""

import datetime as dt

import pytest

from minfu.core.errors import NotFound
from minfu.org.models import Role
from minfu.surveys import selectors, services
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user
from tests.surveys.factories import GOOD, answer, at, published_survey, wave

pytestmark = pytest.mark.django_db


def _agency_with_answers(ministry, code, overall_values):
    agency = OrganisationFactory.agency(parent=ministry, code=code)
    unit = UnitFactory(organisation=agency)
    coordinator = staff_user(unit, Role.QUALITY_COORDINATOR)
    version, _actor = published_survey(actor=coordinator, organisation=agency)
    current = wave(version, coordinator)
    for value in overall_values:
        answer(current, {**GOOD, "overall": str(value)}, unit=unit)
    return agency, unit, coordinator, version.survey


@pytest.fixture
def ministry_world():
    ministry = OrganisationFactory.ministry(code="MIN")
    evaluator = staff_user(UnitFactory(organisation=ministry), Role.MINISTRY_EVALUATOR)
    first = _agency_with_answers(ministry, "AG1", [5, 4, 4, 2])
    second = _agency_with_answers(ministry, "AG2", [3, 5])
    return evaluator, first, second


def test_survey_of_another_agency_is_not_found(ministry_world):
    _evaluator, (_a, _u, coordinator, _s), (_b, _v, _c, other_survey) = ministry_world
    with pytest.raises(NotFound):
        selectors.survey_get_for(coordinator, other_survey.pk)
    assert list(selectors.surveys_for(coordinator).values_list("organisation__code", flat=True)) \
        == ["AG1"]


def test_peer_comparison_scoping(ministry_world):
    evaluator, (first, *_rest), (second, *_more) = ministry_world
    groups = selectors.peer_comparison(evaluator)
    assert len(groups) == 1
    rows = {organisation.code: (share, mean) for organisation, share, mean in groups[0][1]}
    assert set(rows) == {"AG1", "AG2"}
    assert rows["AG1"][0].estimate == pytest.approx(0.75) and rows["AG1"][0].n == 4
    assert rows["AG2"][1].estimate == pytest.approx(4.0)
    coordinator = ministry_world[1][2]
    own = selectors.peer_comparison(coordinator)
    assert [org.code for _label, rows in own for org, *_x in rows] == ["AG1"]


def test_survey_results_and_breakdowns(ministry_world):
    _evaluator, (_agency, unit, coordinator, survey), _second = ministry_world
    count, results = selectors.survey_results(coordinator, survey, selectors.AnalysisFilter())
    assert count == 4
    overall = next(r for r in results if r.question_key == "overall")
    assert overall.counts == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert overall.share.estimate == pytest.approx(0.75)
    comment = next(r for r in results if r.question_key == "comment")
    assert dict(comment.terms)["親切"] == 4
    by_quarter = selectors.overall_by(coordinator, survey, "quarter", selectors.AnalysisFilter())
    assert by_quarter[0][0] == "115年第1季" and by_quarter[0][1].n == 4
    by_unit = selectors.overall_by(coordinator, survey, "unit", selectors.AnalysisFilter())
    assert by_unit[0][0] == unit.name_zh


def test_follow_ups_are_scoped_to_the_unit():
    unit, other = UnitFactory(), UnitFactory()
    for target, key in ((unit, "a"), (other, "b")):
        services.rating_submit(unit=target, service_type=None, channel="online", score=1,
                               idempotency_key=key * 32, contact_consent=True,
                               contact_details="0911")
    officer = staff_user(unit, Role.OFFICER)
    visible = selectors.follow_ups_for(officer)
    assert [f.unit_id for f in visible] == [unit.pk]
    with pytest.raises(NotFound):
        selectors.follow_up_get_for(officer, selectors.follow_ups_for(
            staff_user(other, Role.OFFICER)).get().pk)


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.surveys_for(AnonymousUser()).exists()
    assert not selectors.follow_ups_for(AnonymousUser()).exists()
    assert selectors.peer_comparison(AnonymousUser()) == []


def test_analysis_filter_by_date(ministry_world):
    _evaluator, (_agency, _unit, coordinator, survey), _second = ministry_world
    later = selectors.AnalysisFilter(start=dt.date(2026, 4, 1))
    assert selectors.survey_results(coordinator, survey, later)[0] == 0
    assert at(dt.date(2026, 3, 2)).date() == dt.date(2026, 3, 2)
