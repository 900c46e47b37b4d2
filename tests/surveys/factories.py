"""Survey test data, built through the services like real data."""

import datetime as dt
from zoneinfo import ZoneInfo

from minfu.org.models import Role, Unit
from minfu.surveys import services
from minfu.surveys.services import QuestionInput, Respondent
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

TAIPEI = ZoneInfo("Asia/Taipei")

QUESTIONS = [
    QuestionInput(key="overall", kind="likert", text_zh="整體而言，您對本次服務滿意嗎？",
                  required=True, is_overall=True),
    QuestionInput(key="staff", kind="likert", text_zh="承辦人員的態度"),
    QuestionInput(key="visit", kind="single", text_zh="您是否親自到櫃檯？", required=True,
                  options=(("yes", "是", "Yes"), ("no", "否", "No"))),
    QuestionInput(key="wait", kind="likert", text_zh="等候時間", required=True,
                  show_if_key="visit", show_if_values=("yes",)),
    QuestionInput(key="channels", kind="multiple", text_zh="您從哪裡得知本服務？",
                  options=(("web", "網站", "Website"), ("friend", "親友", "Friends"),
                           ("tv", "媒體", "Media"))),
    QuestionInput(key="comment", kind="text", text_zh="其他建議"),
]

GOOD = {"overall": "5", "staff": "4", "visit": "no", "comment": "服務親切，流程很快"}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TAIPEI)


def coordinator(unit: Unit | None = None):
    return staff_user(unit or UnitFactory(), Role.QUALITY_COORDINATOR)


def published_survey(actor=None, organisation=None, code="sat"):
    actor = actor or coordinator(UnitFactory(organisation=organisation)
                                 if organisation else None)
    organisation = organisation or actor.memberships.first().unit.organisation
    draft = services.survey_create(actor=actor, organisation=organisation, code=code,
                                   name_zh="服務滿意度調查", name_en="Satisfaction survey")
    draft = services.survey_version_edit(actor=actor, version=draft, questions=QUESTIONS,
                                         expected_version=draft.version)
    return services.survey_version_publish(actor=actor, version=draft,
                                           expected_version=draft.version), actor


def wave(version, actor, *, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31),
         channels=("after_case", "counter", "web"), **overrides):
    values = {"name_zh": "115年第1季", "starts_on": starts_on, "ends_on": ends_on,
              "target_sample": 100, "channels": list(channels)}
    values.update(overrides)
    return services.wave_create(actor=actor, survey=version.survey, **values)


def answer(wave, raw=None, *, channel="web", now=None, **respondent):
    return services.response_submit(
        wave=wave, raw_answers=dict(raw or GOOD),
        respondent=Respondent(channel=channel, **respondent),
        now=now or at(dt.date(2026, 3, 2)))


__all__ = ["OrganisationFactory", "UnitFactory", "staff_user"]
