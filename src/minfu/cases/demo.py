"""Demo applications; `manage.py load_demo` calls `load()`, which is safe to run again.

About 150 applications of Taipei Customs (TPC) and the National Taxation Bureau of
Taipei (NTBT) received over the past year, made by the generator with a fixed seed
(their access codes: `generator.sample_access_code(number, generator.sample_code_key(
DEMO_SEED))`), and four made through the services, step by step, that tell the story
of the platform: one awaiting documents after a deficiency notice, one whose period was
extended, one overdue, one approved and one refused (its decision letter states the
reasons, the legal basis and how to appeal); issue 19 adds one whose supply-by date has
passed, assistance needs (sign language, easy-read), a document the agency fetched itself,
and a tax certificate of NTBT received at the Taipei Customs counter (跨機關通辦).
Nothing is added once the demo stories exist."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.cases import generator, services
from minfu.cases.models import Case
from minfu.cases.services import Applicant
from minfu.catalog.models import ServiceTypeVersion
from minfu.catalog.questions import Kind
from minfu.catalog.selectors import version_in_force, version_questions
from minfu.catalog.services import cross_agency_openings_set
from minfu.core.errors import DomainError
from minfu.org.models import Organisation
from minfu.records.assistance import Assistance
from minfu.workcal.selectors import calendar_for

logger = logging.getLogger(__name__)

DEMO_ORGANISATIONS = ("TPC", "NTBT")
DEMO_SEED = 114
DEMO_COUNT = 150
DEMO_SPAN_DAYS = 365
STORY_KEY_PREFIX = "demo-story-"


def load() -> None:
    if Case.objects.filter(idempotency_key__startswith=STORY_KEY_PREFIX).exists():
        return
    organisations = Organisation.objects.filter(code__in=DEMO_ORGANISATIONS)
    if not organisations.exists():
        return
    try:
        generator.generate(count=DEMO_COUNT, organisation_codes=DEMO_ORGANISATIONS,
                           seed=DEMO_SEED, batch_size=DEMO_COUNT, span_days=DEMO_SPAN_DAYS)
    except ValueError:
        logger.warning("No demo services in force: no demo applications generated.")
    for story in (awaiting_documents, extended, overdue, decided, refused, supply_lapsed,
                  cross_agency):
        try:
            story()
        except DomainError as error:  # a demo is best effort: the others still load
            logger.warning("Demo application %s not loaded: %s", story.__name__, error)


# ----- helpers -----------------------------------------------------------------------------

def _user(username: str):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _version(organisation_code: str, service_code: str) -> ServiceTypeVersion | None:
    service_type_version = ServiceTypeVersion.objects.filter(
        service_type__organisation__code=organisation_code,
        service_type__code=service_code).select_related("service_type").first()
    if service_type_version is None:
        return None
    return version_in_force(service_type_version.service_type, on=timezone.localdate())


def sample_answers(version: ServiceTypeVersion) -> dict:
    """Plausible answers to the version's required questions: last ROC year where a year
    fits, the smallest number otherwise, the first choice, yes, today."""
    last_roc_year = timezone.localdate().year - 1912
    answers: dict = {}
    for question in version_questions(version):
        if not question.required:
            continue
        if question.kind == Kind.NUMBER:
            low = question.min_value if question.min_value is not None else 1
            high = question.max_value if question.max_value is not None else max(low, 1)
            answers[question.code] = last_roc_year if low <= last_roc_year <= high \
                else max(low, min(1, high))
        elif question.kind == Kind.SINGLE_CHOICE:
            answers[question.code] = question.choice_codes[0]
        elif question.kind == Kind.MULTIPLE_CHOICE:
            answers[question.code] = list(question.choice_codes[:1])
        elif question.kind == Kind.YES_NO:
            answers[question.code] = True
        elif question.kind == Kind.DATE:
            answers[question.code] = timezone.localdate().isoformat()
        else:
            answers[question.code] = "如附件"
    return answers


def _working_days_ago(organisation: Organisation, n: int, hour: int = 10) -> dt.datetime:
    """Office time on the n-th working day before today."""
    calendar = calendar_for(organisation)
    day = timezone.localdate()
    while n > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            n -= 1
    return dt.datetime.combine(day, dt.time(hour), tzinfo=calendar.tz)


def _receive(story: str, version: ServiceTypeVersion, applicant: Applicant, *,
             working_days_ago: int, officer) -> Case:
    """Keyed in at the counter on a past day, accepted and under review."""
    organisation = version.service_type.organisation
    case, _code = services.case_submit(
        organisation=organisation, channel="counter", applicant=applicant,
        consent_given=True, service_type_version=version, actor=officer,
        answers=sample_answers(version),
        received_at=_working_days_ago(organisation, working_days_ago),
        idempotency_key=STORY_KEY_PREFIX + story)
    case = services.case_accept(case=case, actor=officer)
    return services.case_start_review(case=case, actor=officer)


# ----- the stories -------------------------------------------------------------------------

def awaiting_documents() -> None:
    """A drawback claim missing its application form: one notice lists it, the clock stops."""
    version = _version("TPC", "DRAWBACK")
    if version is None:
        return
    officer = _user("tpc-officer")
    case = _receive("awaiting-documents", version, Applicant(
        kind="business", name="長榮精密工業股份有限公司", id_number="04595257",
        email="drawback@evergreen-precision.example.tw", phone="02-2712-3456",
        assistance=Assistance.of(["sign_language"], note="負責人為聽障人士，到場補件時請安排手語翻譯。")),
        working_days_ago=4, officer=officer)
    missing = [item.pk for item in version.documents.all()
               if item.requirement == "mandatory" and not item.fetched_by_agency][:1]
    services.deficiency_notice_issue(
        case=case, items=missing, actor=officer,
        supplement_due_date=timezone.localdate() + dt.timedelta(days=14),
        notes=dict.fromkeys(missing, "申請書未經公司負責人簽章，請補正後重新上傳。"),
        note="請於補正期限內補齊，逾期未補正者，依規定駁回申請。")
    _fetched(case, officer)


def extended() -> None:
    """A drawback claim that needs a check with the foreign supplier: extended once."""
    version = _version("TPC", "DRAWBACK")
    if version is None:
        return
    officer, supervisor = _user("tpc-officer"), _user("tpc-supervisor")
    if supervisor is None:
        return
    case = _receive("extended", version, Applicant(
        kind="business", name="宏遠紡織股份有限公司", id_number="22099131",
        email="tax@hongyuan-textile.example.tw"), working_days_ago=9, officer=officer)
    services.case_extend(
        case=case, extra_value=10, approved_by=supervisor, actor=officer,
        reason="需向國外供應商查證原料來源及供耗率，依行政程序法第51條延長處理期間一次。")


def overdue() -> None:
    """A tax certificate still in review days after its one-working-day period."""
    version = _version("NTBT", "TAX-CERT")
    if version is None:
        return
    _receive("overdue", version, Applicant(
        kind="person", name="林淑芬", id_number="F223456786", email="shufen.lin@example.tw"),
        working_days_ago=6, officer=_user("ntbt-officer"))


def decided() -> None:
    """A certificate of no arrears, approved with a note to the applicant."""
    version = _version("NTBT", "ARREARS")
    if version is None:
        return
    officer = _user("ntbt-officer")
    case = _receive("decided", version, Applicant(
        kind="person", name="陳志明", id_number="A123456789", phone="0912-345-678"),
        working_days_ago=1, officer=officer)
    services.case_decide(case=case, outcome="approved", actor=officer,
                         public_note_zh="已核發無欠稅證明，請持收據至本局服務櫃檯領取。",
                         public_note_en="Your certificate of no tax arrears is ready: collect "
                                        "it at our service counter with your receipt.")


def refused() -> None:
    """A copy of an import declaration refused: the declaration is not the applicant's.
    Its decision letter (決定書) carries the reasons, the legal basis and the remedies."""
    version = _version("TPC", "DECL-COPY")
    if version is None:
        return
    officer = _user("tpc-officer")
    case = _receive("refused", version, Applicant(
        kind="business", name="大同國際貿易有限公司", id_number="04595257",
        email="import@datong-trading.example.tw"), working_days_ago=2, officer=officer)
    services.case_decide(
        case=case, outcome="rejected", actor=officer,
        public_note_zh="經查所申請之報單非以貴公司名義申報，貴公司亦未檢附報單所有人之授權"
                       "書，依規定不予核發報單副本。",
        public_note_en="The declaration you asked for was not filed in your company's name, "
                       "and no authorisation from its owner was attached; a copy cannot be "
                       "issued.")


def _fetched(case: Case, officer) -> None:
    """The agency checked the first document it fetches itself, by electronic transcript."""
    item = case.service_type_version.documents.filter(fetched_by_agency=True).first()
    if item is not None:
        services.fetched_document_check(
            case=Case.objects.get(pk=case.pk), item=item.pk, method="electronic_transcript", actor=officer,
            checked_on=timezone.localdate(), note="電子謄本 EX-1130001")


def supply_lapsed() -> None:
    """A drawback claim whose supply-by date passed three working days ago: it waits at
    the top of the officer's queue for a choice (review as it is, refuse, accept late)."""
    version = _version("TPC", "DRAWBACK")
    if version is None:
        return
    officer = _user("tpc-officer")
    case = _receive("supply-lapsed", version, Applicant(
        kind="business", name="美玲貿易有限公司", id_number="04595257", phone="0912-345-678",
        assistance=Assistance.of(["easy_read", "large_print"],
                                 note="負責人陳美玲女士視力不佳，請以大字易讀版通知。")),
        working_days_ago=15, officer=officer)
    if officer is not None:
        case = services.case_assign(cases=[case], officer=officer)[0]
    missing = [item.pk for item in version.documents.all()
               if item.requirement == "mandatory" and not item.fetched_by_agency][:1]
    notice = services.deficiency_notice_issue(
        case=case, items=missing, actor=officer,
        supplement_due_date=timezone.localdate() + dt.timedelta(days=1))
    # The story happened earlier: the notice went out ten working days ago, due three ago.
    issued = _working_days_ago(case.organisation, 10)
    type(notice).objects.filter(pk=notice.pk).update(
        issued_at=issued, supplement_due_date=_working_days_ago(case.organisation, 3).date())
    notice.pause.__class__.objects.filter(pk=notice.pause_id).update(started_at=issued)


def cross_agency() -> None:
    """NTBT opened its tax payment certificate to the Taipei Customs counters; a traveller
    asks for one there, and the case is NTBT's, on NTBT's clock (跨機關通辦)."""
    version = _version("NTBT", "TAX-CERT")
    receiving = Organisation.objects.filter(code="TPC").first()
    if version is None or receiving is None or not version.offered_at_counter:
        return
    cross_agency_openings_set(service_type=version.service_type, organisations=[receiving])
    services.case_submit(
        organisation=version.service_type.organisation, channel="counter",
        applicant=Applicant(kind="person", name="林志明", id_number="A123456789",
                            email="lin.chiming@example.tw"),
        consent_given=True, service_type_version=version, actor=_user("tpc-officer"),
        answers=sample_answers(version), received_by=receiving,
        received_at=_working_days_ago(receiving, 1),
        idempotency_key=STORY_KEY_PREFIX + "cross-agency")
