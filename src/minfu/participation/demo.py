"""Demo data of participation; `manage.py load_demo` calls `load()`, which is safe to run
again. 臺北關 (TPC) runs an open consultation on its passenger-service draft (comments
from verified demo participants: one answered and adopted, linked to an improvement
item; one hidden for abuse), a closed one with its published report, and an open poll
whose results show while it runs. The demo citizen (citizens.demo: 林淑芬, who signs in
through the demo identity provider) commented on the closed consultation and voted in
the poll with her account's address, so "my records" shows both.

At the National Taxation Bureau of Taipei (NTBT): a proposal open for co-signing with a
low threshold (one more signature reaches it), one that reached its threshold with its
response due date on the office calendar, one waiting for screening, and an upcoming
service experience session with a place left. The demo citizen made the proposal that
reached its threshold, co-signed the one still open and has a place at the session. A
proposal or session whose title exists is left alone."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.citizens.demo_identity import DEMO_EMAIL
from minfu.org.models import Organisation
from minfu.participation import proposals_services, services, sessions_services
from minfu.participation.models import Consultation, Moderation, Participant, Poll, Section
from minfu.participation.models.proposals import Proposal
from minfu.participation.models.sessions import Session
from minfu.participation.verification import address_parse, participant_for_verified_address

OPEN_TITLE = "臺北關旅客服務改善方案（草案）意見徵詢"
CLOSED_TITLE = "報關櫃檯服務時間調整意見徵詢"
POLL_TITLE = "您最希望臺北關優先改善哪一項服務？"
PASSENGER_SUMMARY = "本局為提升旅客通關服務品質，擬具改善方案草案，敬請各界提供意見。"
PASSENGER_SECTIONS = [
    ("一、入境旅客通關動線", "規劃於第一航廈增設自助申報機2臺，並調整紅綠線檯指標。",
     "您對通關動線與指標有何建議？"),
    ("二、行李檢查等候時間", "尖峰時段增派關員，目標平均等候時間10分鐘以內。",
     "等候時間目標是否合理？"),
    ("三、多語服務", "提供英、日、韓語服務說明及線上翻譯協助。", "還需要哪些語言？"),
]
COUNTER_SUMMARY = "本局擬調整報關櫃檯服務時間，以配合業者作業需求，敬請各界提供意見。"
COUNTER_SECTIONS = [
    ("一、平日延長服務", "報關櫃檯平日服務時間延長至下午6時。", "延長時段是否符合您的需要？"),
    ("二、例假日服務", "研議於週六上午開放報關櫃檯。", "您希望哪些業務可於週六辦理？"),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def load() -> None:
    _consultations_and_poll()
    _proposals_and_session()


def _consultations_and_poll() -> None:
    tpc = Organisation.objects.filter(code="TPC").first()
    if tpc is None or Consultation.objects.filter(organisation=tpc, title=OPEN_TITLE).exists():
        return
    coordinator, officer = _user("tpc-coordinator"), _user("tpc-officer")
    _open_consultation(tpc, coordinator, officer)
    _closed_consultation(tpc, coordinator)
    _poll(tpc)


def _proposals_and_session() -> None:
    organisation = Organisation.objects.filter(code=AGENCY).first()
    if organisation is None:
        return
    for index, row in enumerate(PROPOSALS):
        _proposal(organisation, index, *row)
    _session(organisation)


def _consultation(tpc, title: str, *, summary: str, sections, opened_days_ago: int,
                  closes_in_days: int):
    now = timezone.now()
    consultation = Consultation.objects.create(
        organisation=tpc, title=title, published=True, moderation=Moderation.AFTER,
        summary=summary, opens_at=now - timedelta(days=opened_days_ago),
        closes_at=now + timedelta(days=closes_in_days))
    for position, (heading, text, question) in enumerate(sections, start=1):
        Section.objects.create(consultation=consultation, position=position,
                               heading=heading, text=text, question=question)
    return consultation


def _open_consultation(tpc, coordinator, officer) -> None:
    consultation = _consultation(tpc, OPEN_TITLE, summary=PASSENGER_SUMMARY,
                                 sections=PASSENGER_SECTIONS, opened_days_ago=7,
                                 closes_in_days=21)
    first, second = consultation.sections.all()[:2]
    adopted, _code = services.comment_submit(
        consultation=consultation, section_id=first.pk,
        participant=participant_for_verified_address("chen.demo@example.org"),
        body="建議自助申報機旁設置中英文操作說明，並安排志工協助年長旅客。")
    services.comment_submit(
        consultation=consultation, section_id=second.pk,
        participant=participant_for_verified_address("0912000111"),
        body="尖峰時段可否開放線上預約通關時段？")
    abusive, _code = services.comment_submit(
        consultation=consultation, participant=participant_for_verified_address(
            "angry.demo@example.org"), body="（含人身攻擊之不當言論）")
    services.comment_report(comment=abusive, reason="abuse")
    services.comment_hide(comment=abusive, actor=officer, reason="abuse",
                          note="違反留言規範第2點，已隱藏。", expected_version=abusive.version)
    services.comment_answer(comment=adopted, actor=coordinator,
                            answer="感謝建議，本局將於自助申報機旁增設雙語說明並排定志工服務。",
                            verdict="adopted", expected_version=adopted.version)
    adopted.refresh_from_db()
    services.result_link_new_item(
        source=adopted, actor=coordinator, title="自助申報機旁增設中英文操作說明並排定志工協助",
        owner_unit=tpc.units.order_by("code").first(), note="自助申報機旁增設雙語說明")


def _closed_consultation(tpc, coordinator) -> None:
    consultation = _consultation(tpc, CLOSED_TITLE, summary=COUNTER_SUMMARY,
                                 sections=COUNTER_SECTIONS, opened_days_ago=40,
                                 closes_in_days=5)
    weekdays, saturdays = consultation.sections.all()[:2]
    comment, _code = services.comment_submit(
        consultation=consultation, section_id=saturdays.pk,
        participant=participant_for_verified_address(DEMO_EMAIL),
        body="希望週六上午也能辦理報關業務。")
    later, _code = services.comment_submit(
        consultation=consultation, section_id=weekdays.pk,
        participant=participant_for_verified_address("0933000222"),
        body="建議平日延長至晚上8時，方便下班後辦理。")
    services.consultation_close(consultation=consultation, actor=coordinator,
                                expected_version=consultation.version)
    services.comment_answer(comment=comment, actor=coordinator,
                            answer="本局評估後將於每月第一個週六上午試辦。",
                            verdict="partly", expected_version=comment.version)
    services.comment_answer(comment=later, actor=coordinator,
                            answer="考量夜間人力配置，暫延長至下午6時，試辦半年後視使用情形檢討。",
                            verdict="not_adopted", expected_version=later.version)
    services.consultation_report_publish(consultation=consultation, actor=coordinator,
                                         expected_version=consultation.version)


def _poll(tpc) -> None:
    if Poll.objects.filter(organisation=tpc, title=POLL_TITLE).exists():
        return
    now = timezone.now()
    poll = Poll.objects.create(
        organisation=tpc, title=POLL_TITLE, question="請選擇一項您最希望優先改善的服務。",
        opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=27),
        results_hidden_until_close=False, published=True)
    options = [poll.options.create(position=position, text=text) for position, text in
               enumerate(["通關等候時間", "多語服務", "網站與線上申辦", "櫃檯服務時間"], 1)]
    for index, choice in enumerate([0, 0, 1, 2, 0, 3, 2]):
        services.ballot_cast(poll=poll, option_ids=[options[choice].pk],
                             participant=participant_for_verified_address(
                                 f"voter{index}.demo@example.org" if index else DEMO_EMAIL))


# ----- proposals and a co-design session ----------------------------------------------------

AGENCY = "NTBT"
DEMO_CITIZEN_PROPOSES = 1  # the index in PROPOSALS of the proposal she made
DEMO_CITIZEN_SIGNS = 0  # ... and of the one she co-signed

# (title, text, service, threshold, co-signers)
PROPOSALS = [
    ("綜合所得稅結算申報期間延長櫃檯服務至晚上八點",
     "申報期間上班族下班後來不及到國稅局臨櫃諮詢，建議五月份每週三延長服務至晚上八點，"
     "並提供線上預約，減少排隊時間。", "綜合所得稅結算申報", 5, 4),
    ("稅務電子通知加發手機簡訊提醒",
     "繳款書與核定通知常被當成垃圾郵件，建議寄發電子通知時同步發送簡訊提醒，"
     "並於簡訊中附上查詢網址，避免逾期繳納而被加徵滯納金。", "稅務電子通知", 3, 3),
    ("國稅局官網增加英文版常見問答",
     "外籍人士在臺工作需自行申報所得稅，官網英文資訊不足，建議增加英文常見問答與申報教學影片。",
     "外僑綜合所得稅申報", 0, 0),
]


def _participant(number: int | None) -> Participant:
    """A demo participant by number; None for the demo citizen."""
    if number is None:
        return participant_for_verified_address(DEMO_EMAIL)
    address = address_parse(f"demo-citizen{number}@example.tw")
    participant, _ = Participant.objects.get_or_create(
        address_hash=address.hash, defaults={"kind": address.kind, "address": address.normal,
                                             "masked": address.masked,
                                             "last_verified_at": timezone.now()})
    return participant


def _proposal(organisation, index, title, text, service, threshold, signers) -> None:
    if Proposal.objects.filter(organisation=organisation, title=title).exists():
        return
    proposal, _code = proposals_services.proposal_submit(
        organisation=organisation, title=title, text=text,
        proposer=_participant(None if index == DEMO_CITIZEN_PROPOSES else 100 + index),
        service_name=service, language="zh-hant")
    if not threshold:
        return  # waits for screening
    proposal = proposals_services.proposal_open_signing(
        actor=_user("ntbt-officer"), proposal=proposal, threshold=threshold,
        expected_version=proposal.version)
    for number in range(signers):
        by_her = index == DEMO_CITIZEN_SIGNS and number == 0
        proposals_services.proposal_sign(
            proposal=proposal, participant=_participant(None if by_her else 10 * index + number))


def _session(organisation) -> None:
    title = "電子申報繳稅服務體驗會"
    if Session.objects.filter(organisation=organisation, title_zh=title).exists():
        return
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) \
        + dt.timedelta(days=10)
    session = sessions_services.session_save(actor=_user("ntbt-officer"), session=Session(
        organisation=organisation, title_zh=title,
        title_en="Hands-on session: e-filing and paying taxes online",
        description_zh="邀請民眾實際操作綜合所得稅電子申報系統，現場提出改善建議。",
        description_en="Try the income tax e-filing system and tell us what to improve.",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        place="臺北國稅局 5 樓簡報室（臺北市中正區中華路1段2號）", capacity=3))
    for number in (None, 201):  # she has a place, and someone else
        sessions_services.registration_create(session=session, participant=_participant(number),
                                              language="zh-hant")
