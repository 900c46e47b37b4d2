"""Demo data of proposals and sessions (`manage.py load_demo`): at the National Taxation
Bureau of Taipei a proposal open for co-signing with a low threshold (one more signature
reaches it), one that reached its threshold with its response due date on the office
calendar, one waiting for screening, and an upcoming service experience session with a
place left. The demo citizen (citizens.demo: 林淑芬) made the proposal that reached its
threshold, co-signed the one still open and has a place at the session, all with her
account's address, so "my records" shows them. Idempotent: a proposal or session whose
title exists is left alone."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.citizens.demo_identity import DEMO_EMAIL
from minfu.org.models import Organisation
from minfu.participation import proposals_services, sessions_services
from minfu.participation.models import Participant
from minfu.participation.models.proposals import Proposal
from minfu.participation.models.sessions import Session
from minfu.participation.verification import address_parse, participant_for_verified_address

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


def _staff(username: str):
    return get_user_model().objects.get(username=username)


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
        actor=_staff("ntbt-officer"), proposal=proposal, threshold=threshold,
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
    session = sessions_services.session_save(actor=_staff("ntbt-officer"), session=Session(
        organisation=organisation, title_zh=title,
        title_en="Hands-on session: e-filing and paying taxes online",
        description_zh="邀請民眾實際操作綜合所得稅電子申報系統，現場提出改善建議。",
        description_en="Try the income tax e-filing system and tell us what to improve.",
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
        place="臺北國稅局 5 樓簡報室（臺北市中正區中華路1段2號）", capacity=3))
    for number in (None, 201):  # she has a place, and someone else
        sessions_services.registration_create(session=session, participant=_participant(number),
                                              language="zh-hant")


def load() -> None:
    organisation = Organisation.objects.filter(code=AGENCY).first()
    if organisation is None:
        return
    for index, row in enumerate(PROPOSALS):
        _proposal(organisation, index, *row)
    _session(organisation)
