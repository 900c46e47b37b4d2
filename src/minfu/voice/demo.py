"""Demo data of voice; `manage.py load_demo` calls `load()`, which is safe to run again.

Categories with handling limits and routing rules for Taipei Customs (TPC) and the National
Taxation Bureau of Taipei (NTBT), tpc-coordinator as reader of the TPC head-of-agency
mailbox, and about 40 petitions received over the past year, taken through the services
(replied and rated, merged, transferred, not handled, extended, still open). Replies of
past months are dated back to a plausible day after the services ran, so that the
statistics show a year; nothing else is changed behind the services' back."""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.core.errors import DomainError
from minfu.org.models import Organisation, Unit
from minfu.voice import rules, services
from minfu.voice.models import (
    Category,
    LimitUnit,
    MailboxReader,
    Petition,
    Rating,
    Reply,
    RoutingRule,
)
from minfu.workcal.selectors import calendar_for

logger = logging.getLogger(__name__)

KEY_PREFIX = "demo-voice-"
SEED = 114
COUNT = 40

CATEGORIES = {
    "TPC": [("clearance", "通關作業", "Customs clearance", 30, LimitUnit.CALENDAR_DAYS, "BUS1"),
            ("service", "服務態度", "Staff conduct", 6, LimitUnit.WORKING_DAYS, "BUS1"),
            ("other", "其他", "Other", 30, LimitUnit.CALENDAR_DAYS, "BUS1")],
    "NTBT": [("income-tax", "綜合所得稅", "Individual income tax", 30, LimitUnit.CALENDAR_DAYS,
              "SVC"),
             ("service", "服務態度", "Staff conduct", 6, LimitUnit.WORKING_DAYS, "SVC"),
             ("other", "其他", "Other", 30, LimitUnit.CALENDAR_DAYS, "SVC")],
}
RULES = {"TPC": [("快遞\n包裹", "BUS1", 10)], "NTBT": [("退稅\n綜所稅", "SVC", 10)]}
STAFF = {"TPC": ("tpc-officer", "tpc-supervisor"), "NTBT": ("ntbt-officer", "ntbt-supervisor")}

MESSAGES = {
    "TPC": [
        ("clearance", "complaint", "快遞包裹通關延誤", "本人於網路購買之包裹已在機場倉庫停留十天，"
                                                       "查詢無回應，請協助說明通關進度。"),
        ("clearance", "question", "旅客攜帶藥品入境規定", "請問旅客入境可攜帶多少數量之成藥？"
                                                         "是否需要醫師處方？"),
        ("service", "compliment", "感謝松山分關同仁協助", "日前於松山機場入境時，承辦同仁耐心說明"
                                                         "申報程序，特此致謝。"),
        ("service", "complaint", "櫃檯等候時間過長", "上午至服務櫃檯辦理退稅，等候超過一小時，"
                                                     "建議增加服務窗口。"),
        ("other", "suggestion", "建議網站提供英文查詢", "外籍配偶不易使用中文查詢系統，建議增加"
                                                       "英文介面。"),
        ("clearance", "petition", "請求重新審查稅則分類", "本公司進口之零件遭改列稅則，稅率大幅"
                                                         "提高，請求重新審查並說明依據。"),
    ],
    "NTBT": [
        ("income-tax", "question", "綜所稅退稅何時入帳", "我的綜合所得稅申報已完成，請問退稅"
                                                         "預計何時入帳？"),
        ("income-tax", "complaint", "補稅通知內容有誤", "收到補稅通知，但所列扶養親屬已於去年"
                                                       "申報，疑似資料有誤，請查明。"),
        ("service", "compliment", "服務科同仁親切", "感謝服務科同仁協助申請納稅證明，流程快速"
                                                    "又親切。"),
        ("service", "suggestion", "建議延長夜間服務", "報稅期間建議延長夜間服務時間，方便上班族"
                                                     "臨櫃辦理。"),
        ("other", "question", "房屋稅與地價稅之主管機關", "請問房屋稅應向哪個機關詢問？"),
    ],
}
NAMES = ["陳建宏", "林怡君", "黃志明", "張雅婷", "李國華", "王淑惠", "吳家豪", "劉美玲",
         "蔡宗翰", "楊佩珊", "許文彬", "鄭雅文"]
CHANNELS = ["web"] * 6 + ["mailbox", "hotline", "oral", "email"]


def load() -> None:
    organisations = {org.code: org for org in Organisation.objects.filter(code__in=CATEGORIES)}
    if not organisations:
        return
    for code, organisation in organisations.items():
        _configure(organisation, code)
    if Petition.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        return
    randomness = random.Random(SEED)
    for index in range(COUNT):
        code = "TPC" if index % 5 < 3 else "NTBT"
        if code not in organisations:
            continue
        try:
            _story(index, organisations[code], code, randomness)
        except DomainError as error:  # best effort: the others still load
            logger.warning("Demo petition %s not loaded: %s", index, error)


def _user(username: str):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _configure(organisation: Organisation, code: str) -> None:
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=organisation)}
    for cat_code, name_zh, name_en, value, unit_kind, unit_code in CATEGORIES[code]:
        Category.objects.get_or_create(
            organisation=organisation, code=cat_code,
            defaults={"name_zh": name_zh, "name_en": name_en, "limit_value": value,
                      "limit_unit": unit_kind, "default_unit": units.get(unit_code)})
    for keywords, unit_code, priority in RULES[code]:
        if unit_code in units:
            RoutingRule.objects.get_or_create(organisation=organisation, keywords=keywords,
                                              defaults={"unit": units[unit_code],
                                                        "priority": priority})
    if code == "TPC":  # the coordinator dispatches the mailbox, the supervisor approves
        for role in ("coordinator", "supervisor"):
            reader = _user(f"{code.lower()}-{role}")
            if reader is not None:
                MailboxReader.objects.get_or_create(organisation=organisation, user=reader)


def _received_at(organisation, days_ago: int) -> dt.datetime:
    calendar = calendar_for(organisation)
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9 + days_ago % 7), tzinfo=calendar.tz)


def _story(index: int, organisation, code: str, randomness: random.Random) -> None:
    category_code, kind, subject, text = randomness.choice(MESSAGES[code])
    category = Category.objects.get(organisation=organisation, code=category_code)
    officer_name, supervisor_name = STAFF[code]
    officer, supervisor = _user(officer_name), _user(supervisor_name)
    channel = randomness.choice(CHANNELS)
    if code != "TPC" and channel == "mailbox":
        channel = "web"
    name = NAMES[index % len(NAMES)]
    petitioner = services.Petitioner(
        name=name, email=f"demo{index}@example.tw" if index % 4 else "",
        phone=f"09{12345600 + index:08d}" if index % 4 == 0 else "",
        language="en" if index % 13 == 0 else "zh-hant")
    days_ago = 3 + (index * 9) % 360
    staff_channel = channel in services.STAFF_CHANNELS
    petition, _code = services.petition_submit(
        organisation=organisation, kind=kind, channel=channel, petitioner=petitioner,
        subject=subject, text=text, category=category, consent_given=True,
        actor=officer if staff_channel else None,
        received_at=_received_at(organisation, days_ago),
        idempotency_key=f"{KEY_PREFIX}{index}")
    if officer is None or supervisor is None:
        return
    if petition.channel == "mailbox":
        reader = _user(f"{code.lower()}-coordinator")
        if reader is None or index % 2:
            return  # waits for the mailbox reader to dispatch it
        petition = services.petition_assign(actor=reader, petition=petition, officer=officer)
    _advance(index, petition, officer, supervisor, days_ago, randomness)


def _advance(index, petition, officer, supervisor, days_ago, randomness) -> None:
    if index == 7:
        services.petition_mark_not_handled(actor=officer, petition=petition,
                                           ground="repeat", note="同一事由已於前案明確答覆。")
        return
    if index == 11:
        services.petition_transfer(actor=officer, petition=petition, to_name="臺北市政府財政局",
                                   reason="房屋稅及地價稅屬地方稅，由地方稅稽徵機關主管。")
        return
    if index == 17 and Organisation.objects.filter(code="NTBT").exists() \
            and petition.organisation.code == "TPC":
        services.petition_transfer(actor=officer, petition=petition,
                                   to_organisation=Organisation.objects.get(code="NTBT"),
                                   reason="陳情內容涉及國稅稽徵，移由財政部臺北國稅局處理。")
        return
    if index in (21, 31):
        main = Petition.objects.filter(organisation=petition.organisation,
                                       state__in=["received", "in_progress"]).exclude(
            pk=petition.pk).order_by("-received_at").first()
        if main is not None:
            services.petition_merge(actor=officer, petition=petition, into=main)
            return
    if days_ago < 20:
        if index % 3 == 0:
            services.petition_start(actor=officer, petition=Petition.objects.get(pk=petition.pk))
        if index % 3 == 1:
            services.petition_extend(actor=officer, petition=petition, value=10,
                                     reason="需會同相關單位查明事實，延長處理期限。")
        return
    services.reply_draft(actor=officer, petition=petition,
                         text="您好，有關您反映之事項，本機關已查明並改善，謝謝您的寶貴意見。",
                         legal_basis="行政程序法第171條", publish=index % 5 == 0,
                         remedies="如對本答覆仍有疑義，歡迎再來信或來電洽詢。")
    if index % 9 == 4:
        return  # waiting for the supervisor's approval
    services.reply_approve(actor=supervisor, petition=Petition.objects.get(pk=petition.pk))
    _date_back(petition, randomness)


def _date_back(petition: Petition, randomness: random.Random) -> None:
    """The reply of a petition of past months as if sent then; rated by most petitioners."""
    petition.refresh_from_db()
    replied_at = petition.received_at + dt.timedelta(days=randomness.randint(2, 40))
    replied_at = min(replied_at, timezone.now())
    on_time = rules.on_time(timezone.localtime(replied_at).date(), petition.due_date)
    Petition.objects.filter(pk=petition.pk).update(replied_at=replied_at, on_time=on_time)
    Reply.objects.filter(petition=petition).update(approved_at=replied_at, drafted_at=replied_at)
    for rating in Rating.objects.filter(petition=petition):
        Rating.objects.filter(pk=rating.pk).update(
            expires_at=timezone.now() + dt.timedelta(days=services.RATING_DAYS))
        if randomness.random() < 0.7:
            score = randomness.choices([5, 4, 3, 2, 1], weights=[40, 30, 12, 10, 8])[0]
            services.rating_submit(token=services.rating_token(rating), score=score,
                                   comment="" if score >= 4 else "答覆內容未能解決問題。")
            Rating.objects.filter(pk=rating.pk).update(
                answered_at=replied_at + dt.timedelta(days=2),
                expires_at=replied_at + dt.timedelta(days=services.RATING_DAYS))
