"""Demo organisations, units and staff (see docs/demo.md).

`load()` is idempotent: organisations, units and users are found by their codes and
usernames and created only when missing; nothing that exists is changed, and a user's
password is set only when the account has none. The catalogue demo relies on the codes
below (MOF, TPC, NTBT, NTBT-DA and their units)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from minfu.org import services
from minfu.org.models import Locality, Membership, Organisation, Role, Unit

# One password for every demo account. Public knowledge: never load the demo into an
# installation that holds real data.
DEMO_PASSWORD = "Minfu-demo-2026"


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    kind: str
    parent: str | None
    name_zh: str
    name_en: str
    locality: str
    website: str
    address_zh: str
    address_en: str
    units: tuple[tuple[str, str, str], ...]  # (code, name_zh, name_en)


ORGANISATIONS = (
    DemoOrganisation(
        "MOF", Organisation.Kind.MINISTRY, None, "財政部", "Ministry of Finance",
        Locality.TAIPEI, "https://www.mof.gov.tw/",
        "臺北市中正區愛國西路2號", "No. 2, Aiguo W. Rd., Zhongzheng Dist., Taipei City",
        (("PLAN", "綜合規劃司", "Department of General Planning"),),
    ),
    DemoOrganisation(
        "TPC", Organisation.Kind.AGENCY, "MOF", "財政部關務署臺北關", "Taipei Customs",
        Locality.TAOYUAN, "https://taipei.customs.gov.tw/",
        "桃園市大園區航站南路9號", "No. 9, Hangzhan S. Rd., Dayuan Dist., Taoyuan City",
        (
            ("BUS1", "業務一組", "Operations Division I"),
            ("BUS2", "業務二組", "Operations Division II"),
            ("EXP", "快遞機放組", "Express and Air Cargo Division"),
            ("INSP", "稽查組", "Inspection Division"),
            ("SS", "松山分關", "Songshan Branch"),
            ("ZW", "竹圍分關", "Zhuwei Branch"),
            ("SEC", "秘書室", "Secretariat"),
            ("IT", "資訊室", "Information Technology Office"),
        ),
    ),
    DemoOrganisation(
        "NTBT", Organisation.Kind.AGENCY, "MOF", "財政部臺北國稅局",
        "National Taxation Bureau of Taipei", Locality.TAIPEI, "https://www.ntbt.gov.tw/",
        "臺北市中正區中華路1段2號", "No. 2, Sec. 1, Zhonghua Rd., Zhongzheng Dist., Taipei City",
        (
            ("IIT", "綜合所得稅科", "Individual Income Tax Division"),
            ("VAT", "營業稅科", "Business Tax Division"),
            ("SVC", "服務科", "Taxpayer Service Division"),
            ("SEC", "秘書室", "Secretariat"),
        ),
    ),
    DemoOrganisation(
        "NTBT-DA", Organisation.Kind.BRANCH, "NTBT", "財政部臺北國稅局大安分局",
        "Da-an Branch, National Taxation Bureau of Taipei", Locality.TAIPEI, "", "", "",
        (("SVC", "服務課", "Service Section"),),
    ),
)


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str  # Chinese order, family name first, kept whole in first_name
    organisation: str
    unit: str
    role: str
    title: str


STAFF = (
    DemoStaff("tpc-officer", "王小明", "TPC", "BUS1", Role.OFFICER, "關務員"),
    DemoStaff("tpc-supervisor", "林美玲", "TPC", "BUS1", Role.SUPERVISOR, "課長"),
    DemoStaff("tpc-coordinator", "陳志強", "TPC", "SEC", Role.QUALITY_COORDINATOR, "專員"),
    DemoStaff("tpc-admin", "張淑芬", "TPC", "SEC", Role.AGENCY_ADMIN, "秘書"),
    DemoStaff("ntbt-officer", "李家豪", "NTBT", "SVC", Role.OFFICER, "稅務員"),
    DemoStaff("ntbt-supervisor", "黃怡君", "NTBT", "SVC", Role.SUPERVISOR, "股長"),
    DemoStaff("ntbt-coordinator", "吳冠宇", "NTBT", "SEC", Role.QUALITY_COORDINATOR,
              "研考專員"),
    DemoStaff("ntbt-admin", "劉雅婷", "NTBT", "SEC", Role.AGENCY_ADMIN, "秘書"),
    DemoStaff("mof-evaluator", "蔡建宏", "MOF", "PLAN", Role.MINISTRY_EVALUATOR, "科長"),
    # judges of the ministry's service award (in the round's judge pool)
    DemoStaff("mof-judge-1", "鄭文華", "MOF", "PLAN", Role.OFFICER, "評審委員"),
    DemoStaff("mof-judge-2", "許雅琪", "MOF", "PLAN", Role.OFFICER, "評審委員"),
    DemoStaff("mof-judge-3", "郭志明", "MOF", "PLAN", Role.OFFICER, "評審委員"),
)

SUPERUSER = "admin"


def load() -> None:
    """Create whatever of the demo organisations, units and staff is missing."""
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("The demo data (with its published password) is not "
                                   "loaded when MINFU_ENV=production.")
    with transaction.atomic():
        organisations = _load_organisations()
        _load_staff(organisations)


def _load_organisations() -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for demo in ORGANISATIONS:  # parents come first
        organisation = Organisation.objects.filter(code=demo.code).first()
        if organisation is None:
            organisation = services.organisation_save(organisation=Organisation(
                code=demo.code, kind=demo.kind,
                parent=organisations[demo.parent] if demo.parent else None,
                name_zh=demo.name_zh, name_en=demo.name_en, locality=demo.locality,
                website=demo.website, address_zh=demo.address_zh, address_en=demo.address_en,
            ))
        organisations[demo.code] = organisation
        for order, (code, name_zh, name_en) in enumerate(demo.units, start=1):
            if not Unit.objects.filter(organisation=organisation, code=code).exists():
                services.unit_save(unit=Unit(organisation=organisation, code=code,
                                             name_zh=name_zh, name_en=name_en,
                                             sort_order=order * 10))
    return organisations


def _demo_user(username: str, **fields):
    user, created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    if created or not user.has_usable_password() or not user.password:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _load_staff(organisations: dict[str, Organisation]) -> None:
    for demo in STAFF:
        user = _demo_user(
            demo.username, first_name=demo.full_name,
            email=f"{demo.username}@example.gov.tw",
            # Agency administrators may also use the admin site (scoped to their agency).
            is_staff=demo.role == Role.AGENCY_ADMIN,
        )
        unit = Unit.objects.get(organisation=organisations[demo.organisation], code=demo.unit)
        if not Membership.objects.filter(user=user, unit=unit, role=demo.role).exists():
            services.membership_grant(user=user, unit=unit, role=demo.role, title=demo.title)
    _demo_user(SUPERUSER, email="admin@example.gov.tw", is_staff=True, is_superuser=True,
               first_name="系統管理員")
