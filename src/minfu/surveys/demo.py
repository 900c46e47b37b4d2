"""Demo data of surveys; `manage.py load_demo` calls `load()`, which is safe to run again.

Taipei Customs (TPC) runs a 7-question satisfaction survey in four quarterly waves (the
last one is the current quarter, still open on the website and at the counter) with
about 300 responses whose satisfaction differs by unit and improves over the quarters;
the National Taxation Bureau of Taipei (NTBT) runs a shorter survey so that the ministry
evaluator sees the two agencies side by side; about 200 real-time ratings and a few
follow-ups complete the picture. Definitions go through the services; the responses and
ratings are bulk-inserted with a fixed seed (fast, and the same on every machine)."""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from minfu.catalog.models import ServiceType
from minfu.core.errors import DomainError
from minfu.core.localtime import TAIPEI
from minfu.org.models import Organisation, Unit
from minfu.surveys import services, stats
from minfu.surveys.models import Answer, FollowUp, Question, Rating, Response, Survey
from minfu.surveys.services import QuestionInput

logger = logging.getLogger(__name__)
SEED = 115
SURVEY_CODE = "service-satisfaction"

TPC_QUESTIONS = [
    QuestionInput(key="overall", kind="likert", required=True, is_overall=True,
                  text_zh="整體而言，您對本關此次提供的服務是否滿意？",
                  text_en="Overall, how satisfied are you with our service this time?"),
    QuestionInput(key="attitude", kind="likert", required=True,
                  text_zh="承辦同仁的服務態度親切有禮", text_en="Staff were friendly and polite"),
    QuestionInput(key="speed", kind="likert", required=True,
                  text_zh="案件辦理速度符合您的期待", text_en="The speed met your expectations"),
    QuestionInput(key="channel", kind="single", required=True,
                  text_zh="您這次是透過哪種方式申辦？", text_en="How did you apply this time?",
                  options=(("counter", "臨櫃", "At the counter"), ("online", "線上", "Online"),
                           ("mail", "郵寄", "By mail"))),
    QuestionInput(key="wait", kind="likert", required=True, show_if_key="channel",
                  show_if_values=("counter",),
                  text_zh="臨櫃等候時間合理", text_en="The waiting time at the counter was fair"),
    QuestionInput(key="info", kind="multiple",
                  text_zh="您從哪些管道取得申辦資訊？（可複選）",
                  text_en="Where did you find information? (choose all that apply)",
                  options=(("web", "本關網站", "Our website"), ("phone", "電話諮詢", "Telephone"),
                           ("counter", "臨櫃詢問", "At the counter"),
                           ("social", "社群媒體", "Social media"))),
    QuestionInput(key="suggest", kind="text", text_zh="其他建議或意見",
                  text_en="Other suggestions"),
]

NTBT_QUESTIONS = [
    QuestionInput(key="overall", kind="likert", required=True, is_overall=True,
                  text_zh="整體而言，您對本局的服務是否滿意？",
                  text_en="Overall, how satisfied are you with our service?"),
    QuestionInput(key="clarity", kind="likert", required=True,
                  text_zh="同仁說明清楚易懂", text_en="Explanations were clear"),
    QuestionInput(key="suggest", kind="text", text_zh="其他建議或意見",
                  text_en="Other suggestions"),
]

# Mean satisfaction (1–5) of each TPC unit in the first wave, and its gain per quarter.
UNIT_PROFILE = {"BUS1": (4.3, 0.05), "BUS2": (4.0, 0.1), "EXP": (3.4, 0.2),
                "SS": (3.8, 0.15), "ZW": (4.1, 0.0)}
GOOD_COMMENTS = ["櫃檯人員服務親切，說明清楚。", "線上申辦流程方便，很快就完成。",
                 "承辦人員很有耐心，謝謝。", "服務效率很好，值得肯定。", "網站資訊清楚，容易找到表單。"]
BAD_COMMENTS = ["臨櫃等候時間太長，希望增加窗口。", "電話一直占線，很難聯絡到承辦人員。",
                "網站表單不好找，下載連結失效。", "停車位不足，等候區座位太少。",
                "說明不夠清楚，來回補件好幾次。"]


def _user(username: str):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _quarters(today: dt.date) -> list[stats.Quarter]:
    """The current quarter and the three before it, oldest first."""
    quarters = [stats.Quarter.of(today)]
    for _ in range(3):
        first = quarters[0].first_day - dt.timedelta(days=1)
        quarters.insert(0, stats.Quarter.of(first))
    return quarters


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def load() -> None:
    if Survey.objects.filter(code=SURVEY_CODE, organisation__code="TPC").exists():
        return
    tpc = Organisation.objects.filter(code="TPC").first()
    coordinator = _user("tpc-coordinator")
    if tpc is None or coordinator is None:
        return
    rng = random.Random(SEED)
    try:
        with transaction.atomic():
            waves = _survey_with_waves(tpc, coordinator, TPC_QUESTIONS, "服務滿意度調查",
                                       "Service satisfaction survey", channels=[
                                           "after_case", "counter", "web"])
            _tpc_responses(rng, tpc, waves)
            _ratings(rng, tpc)
            ntbt, ntbt_coordinator = (Organisation.objects.filter(code="NTBT").first(),
                                      _user("ntbt-coordinator"))
            if ntbt is not None and ntbt_coordinator is not None:
                ntbt_waves = _survey_with_waves(ntbt, ntbt_coordinator, NTBT_QUESTIONS,
                                                "民眾滿意度調查", "Taxpayer satisfaction survey",
                                                channels=["web", "counter"])
                _ntbt_responses(rng, ntbt, ntbt_waves)
    except DomainError as error:  # a demo is best effort
        logger.warning("Demo surveys not loaded: %s", error)


def _survey_with_waves(organisation, actor, questions, name_zh, name_en, *, channels):
    draft = services.survey_create(actor=actor, organisation=organisation, code=SURVEY_CODE,
                                   name_zh=name_zh, name_en=name_en,
                                   intro_zh="感謝您撥冗填答，您的意見是我們改進服務的依據。",
                                   intro_en="Thank you: your answers help us improve.")
    draft = services.survey_version_edit(actor=actor, version=draft, questions=questions,
                                         expected_version=draft.version)
    version = services.survey_version_publish(actor=actor, version=draft,
                                              expected_version=draft.version)
    waves = []
    for quarter in _quarters(timezone.localdate()):
        waves.append((quarter, services.wave_create(
            actor=actor, survey=version.survey, name_zh=quarter.label,
            name_en=f"Q{quarter.number} {quarter.year}", starts_on=quarter.first_day,
            ends_on=quarter.last_day, target_sample=80, channels=channels)))
    return waves


def _moment(rng: random.Random, quarter: stats.Quarter) -> dt.datetime:
    last = min(quarter.last_day, timezone.localdate())
    day = quarter.first_day + dt.timedelta(days=rng.randrange((last - quarter.first_day).days + 1))
    return dt.datetime.combine(day, dt.time(rng.randrange(9, 17), rng.randrange(60)),
                               tzinfo=TAIPEI)


def _bulk(rows: list[tuple[Response, dict]], questions: dict[str, Question]) -> None:
    responses = Response.objects.bulk_create([response for response, _values in rows])
    answers = []
    for response, values in zip(responses, (values for _r, values in rows), strict=True):
        for key, value in values.items():
            question = questions[key]
            if question.kind == "likert":
                answers.append(Answer(response=response, question=question, number=value))
            elif question.kind == "text":
                answers.append(Answer(response=response, question=question, text=value))
            else:
                answers.append(Answer(response=response, question=question,
                                      choices=value if isinstance(value, list) else [value]))
    Answer.objects.bulk_create(answers)
    follow_ups = [FollowUp(organisation=response.organisation, unit=response.unit,
                           response=response, contact_details=response.contact_details,
                           summary=values.get("suggest", ""),
                           status=FollowUp.Status.CLOSED if index % 2 else FollowUp.Status.OPEN,
                           notes="已電話聯繫民眾並說明改善作法。" if index % 2 else "")
                  for index, (response, (_r, values)) in enumerate(zip(responses, rows,
                                                                        strict=True))
                  if response.contact_consent and values["overall"] <= 2]
    FollowUp.objects.bulk_create(follow_ups)


def _tpc_responses(rng: random.Random, tpc, waves) -> None:
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=tpc,
                                                             code__in=UNIT_PROFILE)}
    service_types = list(ServiceType.objects.filter(organisation=tpc)[:6]) or [None]
    rows = []
    for index, (quarter, wave) in enumerate(waves):
        questions = {q.key: q for q in wave.survey_version.questions.all()}
        count = 45 if index == len(waves) - 1 else 85
        for _ in range(count):
            code = rng.choice(list(units))
            base, gain = UNIT_PROFILE[code]
            mean = base + gain * index
            overall = _score(rng, mean)
            channel = rng.choices(["counter", "online", "mail"], weights=[5, 4, 1])[0]
            values = {"overall": overall, "attitude": _score(rng, mean + 0.2),
                      "speed": _score(rng, mean - 0.2), "channel": channel,
                      "info": rng.sample(["web", "phone", "counter", "social"],
                                         rng.randint(1, 2))}
            if channel == "counter":
                values["wait"] = _score(rng, mean - 0.4)
            if rng.random() < 0.35:
                values["suggest"] = rng.choice(BAD_COMMENTS if overall <= 3 else GOOD_COMMENTS)
            consent = overall <= 2 and rng.random() < 0.5
            rows.append((Response(
                wave=wave, survey_version=wave.survey_version, organisation=tpc,
                unit=units[code], service_type=rng.choice(service_types),
                channel=rng.choices(wave.channels, weights=[5, 3, 2][:len(wave.channels)])[0],
                submitted_at=_moment(rng, quarter), contact_consent=consent,
                contact_details="02-2345-6789" if consent else ""), values))
        _bulk(rows, questions)
        rows = []


def _ntbt_responses(rng: random.Random, ntbt, waves) -> None:
    units = list(Unit.objects.filter(organisation=ntbt, code__in=["IIT", "VAT", "SVC"]))
    if not units:
        return
    for index, (quarter, wave) in enumerate(waves):
        questions = {q.key: q for q in wave.survey_version.questions.all()}
        rows = []
        for _ in range(20 if index == len(waves) - 1 else 40):
            overall = _score(rng, 4.0 + 0.05 * index)
            values = {"overall": overall, "clarity": _score(rng, 4.0)}
            if rng.random() < 0.3:
                values["suggest"] = rng.choice(BAD_COMMENTS if overall <= 3 else GOOD_COMMENTS)
            rows.append((Response(
                wave=wave, survey_version=wave.survey_version, organisation=ntbt,
                unit=rng.choice(units), channel=rng.choice(wave.channels),
                submitted_at=_moment(rng, quarter)), values))
        _bulk(rows, questions)


def _ratings(rng: random.Random, tpc) -> None:
    units = list(Unit.objects.filter(organisation=tpc, code__in=UNIT_PROFILE))
    service_types = list(ServiceType.objects.filter(organisation=tpc)[:6]) or [None]
    today = timezone.localdate()
    ratings = []
    for index in range(200):
        unit = rng.choice(units)
        base, gain = UNIT_PROFILE[unit.code]
        days_ago = rng.randrange(365)
        score = _score(rng, base + gain * (3 - days_ago / 91) + 0.2)
        consent = score <= 2 and rng.random() < 0.6
        moment = dt.datetime.combine(today - dt.timedelta(days=days_ago),
                                     dt.time(rng.randrange(9, 17), rng.randrange(60)),
                                     tzinfo=TAIPEI)
        ratings.append(Rating(
            organisation=tpc, unit=unit, service_type=rng.choice(service_types),
            channel=rng.choice(["online", "tablet"]), score=score,
            comment=rng.choice(BAD_COMMENTS if score <= 2 else GOOD_COMMENTS)
            if rng.random() < 0.3 else "",
            contact_consent=consent, contact_details="0912-000-123" if consent else "",
            submitted_at=moment, idempotency_key=f"demo-rating-{index:04d}"))
    created = Rating.objects.bulk_create(ratings)
    FollowUp.objects.bulk_create([
        FollowUp(organisation=tpc, unit=rating.unit, rating=rating,
                 contact_details=rating.contact_details,
                 summary=f"即時評價 {rating.score} 分：{rating.comment}",
                 status=FollowUp.Status.CONTACTED if index % 3 == 0 else FollowUp.Status.OPEN,
                 notes="已致電民眾了解情形。" if index % 3 == 0 else "")
        for index, rating in enumerate(r for r in created if r.contact_consent)])
