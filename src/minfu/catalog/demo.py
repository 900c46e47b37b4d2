"""Demo catalogue: fourteen service types of Taipei Customs (TPC) and the National
Taxation Bureau of Taipei (NTBT), written through the services like real data.

`load()` is idempotent: a service type that exists is left alone. Organisations and
units are looked up by code; a service whose organisation or unit is absent is skipped.
The income-tax return has two versions: one retired since today and one in force."""

import datetime as dt

from django.utils import timezone

from minfu.catalog import services
from minfu.catalog.models import ClassificationTag, ServiceType
from minfu.catalog.questions import Choice, Question
from minfu.catalog.services import DocumentItem, VersionContent
from minfu.org.models import Organisation, Unit

# The first versions were in force before the platform came: a first version may be dated back.
FIRST_EFFECTIVE = dt.date(2024, 1, 1)

WD, CD, HOURS = "working_days", "calendar_days", "hours"


def doc(name_zh: str, name_en: str, *, fetched: bool = False, when: tuple[str, str] | None = None,
        notes: tuple[str, str] = ("", "")) -> DocumentItem:
    return DocumentItem(
        name_zh=name_zh, name_en=name_en, notes_zh=notes[0], notes_en=notes[1],
        requirement="conditional" if when else "mandatory",
        condition_zh=when[0] if when else "", condition_en=when[1] if when else "",
        fetched_by_agency=fetched)


ID_DOCUMENT = doc("身分證明文件", "Proof of identity",
                  notes=("國民身分證、護照或居留證正本。", "National ID card, passport or resident certificate."))
MANDATE = doc("委任書", "Letter of authorisation",
              when=("委託他人代為申請時", "When someone applies on your behalf"),
              notes=("並附受託人身分證明文件。", "With the representative's proof of identity."))

def copies(maximum: int) -> Question:
    return Question(code="copies", kind="number", label_zh="申請份數", label_en="Number of copies",
                    min_value=1, max_value=maximum,
                    help_zh=f"每次最多{maximum}份。", help_en=f"At most {maximum} per application.")


INCOME_YEAR = Question(code="income_year", kind="number", label_zh="所得年度",
                       label_en="Income year", min_value=90, max_value=200,
                       help_zh="以民國年填寫，例如113。", help_en="In ROC years, e.g. 113 for 2024.")
RESIDENCY_USE = Question(
    code="purpose", kind="single_choice", label_zh="用途", label_en="Purpose",
    choices=(Choice("reduced_withholding", "申請減免扣繳稅款", "Reduced withholding at source"),
             Choice("refund", "申請退還已扣繳稅款", "Refund of tax withheld"),
             Choice("other", "其他", "Other")))

SERVICES = [
    {
        "organisation": "TPC", "code": "BAGGAGE", "unit": "SS",
        "name": ("旅客行李物品通關申報", "Declaring passenger baggage"),
        "description": ("入境旅客攜帶應稅、管制或超過免稅限額之行李物品，應填具申報單經紅線檯通關。",
                        "Arriving passengers carrying dutiable or restricted goods, or goods above "
                        "the duty-free allowance, declare them at the red channel."),
        "channels": ("counter",), "kinds": ("person",),
        "legal": ("關稅法；入境旅客攜帶行李物品報驗稅放辦法",
                  "Customs Act; Regulations Governing Declaration of Baggage of Inbound Passengers"),
        "period": (2, HOURS), "norm": (1, HOURS), "fee": (0, "應稅物品依規定繳納稅款。",
                                                      "Duty is payable on dutiable goods."),
        "where": ("松山機場入境大廳海關紅線檯", "Customs red channel, arrivals hall, Songshan Airport"),
        "tags": ("FIN-CUS", "POL-CUS", "S09"),
        "documents": [
            doc("中華民國海關申報單", "Customs declaration form"),
            doc("護照", "Passport"),
            doc("應稅物品發票或購買證明", "Invoice or proof of purchase of dutiable goods",
                when=("攜帶應稅物品時", "When carrying dutiable goods")),
            doc("輸入許可文件", "Import permit", when=("攜帶管制物品時", "When carrying restricted goods")),
        ],
    },
    {
        "organisation": "TPC", "code": "DRAWBACK", "unit": "BUS1",
        "name": ("外銷品沖退原料稅", "Drawback of duty on materials of exported goods"),
        "description": ("進口原料製成成品外銷後，申請沖退進口時繳納之原料稅捐。",
                        "Refund of the import duty paid on materials once the finished goods are exported."),
        "channels": ("online", "counter", "mail"), "kinds": ("business",),
        "legal": ("關稅法第63條；外銷品沖退原料稅辦法",
                  "Customs Act, article 63; Regulations Governing Drawback of Duties on Materials for Export Products"),
        "period": (15, WD), "norm": (10, WD), "fee": (0, "", ""),
        "where": ("臺北關業務一組沖退稅櫃檯，或關港貿單一窗口線上申請",
                  "Drawback counter of Operations Division I, or online through the Customs-Port-Trade Single Window"),
        "tags": ("FIN-CUS", "POL-CUS", "S06"),
        "documents": [
            doc("沖退原料稅申請書", "Drawback application form"),
            doc("出口報單副本（沖退原料稅用聯）", "Export declaration copy for drawback", fetched=True,
                notes=("本關以電子資料自行調閱。", "We retrieve it from our electronic records.")),
            doc("進口報單", "Import declaration", fetched=True),
            doc("外銷品使用原料及其供耗率文件", "Statement of materials used and consumption rates",
                when=("尚無核定供耗率時", "When no consumption rate has been approved")),
        ],
    },
    {
        "organisation": "TPC", "code": "BONDED-FACTORY", "unit": "BUS2",
        "name": ("保稅工廠設立登記", "Registration of a bonded factory"),
        "description": ("製造業者申請設立保稅工廠，經海關審核登記後，進口原料得保稅進儲。",
                        "Manufacturers apply to be registered as a bonded factory, so that imported "
                        "materials may be stored without paying duty."),
        "channels": ("counter", "mail"), "kinds": ("business",),
        "legal": ("關稅法第59條；海關管理保稅工廠辦法",
                  "Customs Act, article 59; Regulations Governing Bonded Factories"),
        "period": (30, CD), "norm": (20, WD), "fee": (None, "依海關規費徵收規則辦理。",
                                                     "As set by the Customs Fees Regulations."),
        "where": ("臺北關業務二組", "Operations Division II, Taipei Customs"),
        "tags": ("FIN-CUS", "POL-TRD", "S06"),
        "documents": [
            doc("保稅工廠設立登記申請書", "Application for registration"),
            doc("公司登記及工廠登記證明文件", "Company and factory registration", fetched=True,
                notes=("本關透過經濟部商工登記資料查詢。", "We check the Ministry of Economic Affairs register.")),
            doc("廠區平面配置圖", "Site plan of the factory"),
            doc("產品生產流程說明", "Description of the production process"),
            doc("電腦化帳冊管理系統說明", "Description of the computerised inventory system"),
        ],
    },
    {
        "organisation": "TPC", "code": "DECL-COPY", "unit": "BUS1",
        "name": ("海關進出口報單副本申請", "Copies of import and export declarations"),
        "description": ("進出口人或其代理人申請核發已放行報單之副本。",
                        "Importers, exporters or their agents ask for copies of cleared declarations."),
        "channels": ("online", "counter", "mail"), "kinds": ("person", "business"),
        "legal": ("關稅法；海關規費徵收規則", "Customs Act; Customs Fees Regulations"),
        "period": (3, WD), "norm": (1, WD), "fee": (100, "每份報單副本。", "Per copy."),
        "where": ("臺北關業務一組服務櫃檯", "Service counter of Operations Division I"),
        "tags": ("FIN-CUS", "POL-CUS", "S08"),
        "documents": [
            doc("報單副本申請書", "Application form"),
            ID_DOCUMENT,
            MANDATE,
        ],
        "questions": (
            Question(code="declaration_number", kind="short_text", label_zh="報單號碼",
                     label_en="Declaration number",
                     help_zh="例如 AA/BC/12/345/6789，多筆請以逗號分隔。",
                     help_en="For example AA/BC/12/345/6789; separate several with commas."),
            copies(10),
            Question(code="certified", kind="yes_no", label_zh="是否需加蓋機關印信",
                     label_en="Certified with the agency's seal", required=False),
        ),
    },
    {
        "organisation": "TPC", "code": "TOURIST-VAT-REFUND", "unit": "SS",
        "name": ("外籍旅客購物出境退稅", "VAT refund for foreign travellers"),
        "description": ("外籍旅客向特定營業人購買特定貨物，於出境時申請退還營業稅。",
                        "Foreign travellers who bought goods at participating shops claim back the "
                        "VAT when they leave the country."),
        "channels": ("counter",), "kinds": ("person",),
        "legal": ("加值型及非加值型營業稅法第7條之1；外籍旅客購買特定貨物申請退還營業稅實施辦法",
                  "Value-added and Non-value-added Business Tax Act, article 7-1; Regulations for "
                  "Foreign Travelers Claiming Refunds of Business Tax"),
        "period": (2, HOURS), "norm": (1, HOURS), "fee": (0, "", ""),
        "where": ("松山機場出境大廳外籍旅客退稅服務台", "VAT refund desk, departure hall, Songshan Airport"),
        "tags": ("FIN-TAX", "POL-TAX", "S09"),
        "documents": [
            doc("護照", "Passport"),
            doc("特定貨物退稅明細申請表", "VAT refund application form for goods purchased"),
            doc("所購特定貨物", "The goods purchased", notes=("須隨身攜帶供查驗。", "Carry them for inspection.")),
            doc("統一發票收執聯", "Uniform invoices", when=("未取得電子退稅明細時",
                                                        "When the shop issued no electronic refund form")),
        ],
    },
    {
        "organisation": "TPC", "code": "TARIFF-RULING", "unit": "BUS2",
        "name": ("進口貨物稅則預先審核", "Advance ruling on tariff classification"),
        "description": ("進口前申請海關預先審核貨物之稅則號別。",
                        "Ask customs to rule on the tariff classification of goods before importing them."),
        "channels": ("online", "mail"), "kinds": ("person", "business"),
        "legal": ("關稅法第21條；進口貨物預先審核實施辦法",
                  "Customs Act, article 21; Regulations Governing Advance Rulings on Imported Goods"),
        "period": (30, CD), "norm": (20, CD), "fee": (0, "", ""),
        "where": ("關港貿單一窗口線上申請，或郵寄臺北關業務二組",
                  "Online through the Single Window, or by post to Operations Division II"),
        "tags": ("FIN-CUS", "POL-CUS", "S06"),
        "documents": [
            doc("預先審核申請書", "Application for an advance ruling"),
            doc("貨物型錄或說明書", "Catalogue or description of the goods"),
            doc("貨樣", "Sample of the goods", when=("海關通知須提供時", "When customs asks for one")),
        ],
    },
    {
        "organisation": "NTBT", "code": "BIZ-REG", "unit": "VAT",
        "name": ("營業登記（設立、變更）", "Business tax registration (new or changed)"),
        "description": ("營業人開始營業前或登記事項變更時，申請稅籍登記。",
                        "Register a business for tax before it opens, or report a change."),
        "channels": ("online", "counter", "mail"), "kinds": ("business",),
        "legal": ("加值型及非加值型營業稅法第28條、第30條；稅籍登記規則",
                  "Value-added and Non-value-added Business Tax Act, articles 28 and 30; "
                  "Regulations Governing Tax Registration"),
        "period": (3, WD), "norm": (1, WD), "fee": (0, "", ""),
        "where": ("本局各分局、稽徵所服務櫃檯，或財政部稅務入口網線上申請",
                  "Any branch office counter, or online through the Ministry of Finance tax portal"),
        "tags": ("FIN-TAX", "POL-TAX", "S06"),
        "documents": [
            doc("稅籍登記申請書", "Tax registration form"),
            doc("負責人身分證明文件", "Proof of identity of the responsible person"),
            doc("房屋稅籍證明", "House tax registration of the premises", fetched=True,
                notes=("本局代為查詢地方稅稽徵機關資料。", "We obtain it from the local tax office.")),
            doc("公司或商業登記核准函", "Company or business registration approval", fetched=True),
            MANDATE,
        ],
    },
    {
        "organisation": "NTBT", "code": "TAX-CERT", "unit": "SVC",
        "name": ("納稅證明書申請", "Tax payment certificate"),
        "description": ("申請核發綜合所得稅、營利事業所得稅等納稅證明書。",
                        "Certificates that income tax or other national taxes were paid."),
        "channels": ("online", "counter", "mail"), "kinds": ("person", "business"),
        "legal": ("稅捐稽徵法第33條", "Tax Collection Act, article 33"),
        "period": (1, WD), "norm": (1, HOURS), "fee": (0, "", ""),
        "where": ("本局各分局、稽徵所服務櫃檯（臨櫃當場核發）",
                  "Any branch office counter (issued on the spot)"),
        "tags": ("FIN-TAX", "POL-TAX", "S08"),
        "documents": [
            doc("納稅證明書申請書", "Application form"),
            ID_DOCUMENT,
            MANDATE,
        ],
    },
    {
        "organisation": "NTBT", "code": "ARREARS", "unit": "SVC",
        "name": ("欠稅查詢", "Enquiry about unpaid taxes"),
        "description": ("查詢本人或本營利事業有無欠繳之國稅。",
                        "Find out whether you or your business owe national taxes."),
        "channels": ("online", "counter"), "kinds": ("person", "business"),
        "legal": ("稅捐稽徵法第33條", "Tax Collection Act, article 33"),
        "period": (1, WD), "norm": (2, HOURS), "fee": (0, "", ""),
        "where": ("本局各分局、稽徵所服務櫃檯，或以自然人憑證線上查詢",
                  "Any branch office counter, or online with a citizen digital certificate"),
        "tags": ("FIN-TAX", "POL-TAX", "S08"),
        "documents": [ID_DOCUMENT, MANDATE],
    },
    {
        "organisation": "NTBT", "code": "ESTATE-TAX", "unit": "IIT",
        "name": ("遺產稅申報", "Estate tax return"),
        "description": ("被繼承人死亡之日起6個月內，由繼承人申報遺產稅。",
                        "Heirs file the estate tax return within six months of the death."),
        "channels": ("online", "counter", "mail"), "kinds": ("person",),
        "legal": ("遺產及贈與稅法第23條", "Estate and Gift Tax Act, article 23"),
        "period": (60, CD), "norm": (30, WD), "fee": (0, "", ""),
        "where": ("被繼承人戶籍所在地之本局分局或稽徵所", "The branch office where the deceased was registered"),
        "tags": ("FIN-TAX", "POL-TAX", "S17"),
        "documents": [
            doc("遺產稅申報書", "Estate tax return form"),
            doc("被繼承人除戶戶籍謄本", "Household record of the deceased", fetched=True,
                notes=("本局代為查詢戶政資料。", "We obtain it from the household registration office.")),
            doc("繼承人戶籍謄本", "Household records of the heirs", fetched=True),
            doc("遺產價值證明文件", "Proof of the value of the estate"),
            doc("債務證明文件", "Proof of debts", when=("申報扣除被繼承人債務時", "When deducting debts of the deceased")),
            doc("繼承系統表", "Family tree of the heirs"),
        ],
    },
    {
        "organisation": "NTBT", "code": "GIFT-TAX", "unit": "IIT",
        "name": ("贈與稅申報", "Gift tax return"),
        "description": ("贈與行為發生後30日內，由贈與人申報贈與稅。",
                        "The donor files the gift tax return within 30 days of the gift."),
        "channels": ("online", "counter", "mail"), "kinds": ("person",),
        "legal": ("遺產及贈與稅法第24條", "Estate and Gift Tax Act, article 24"),
        "period": (60, CD), "norm": (20, WD), "fee": (0, "", ""),
        "where": ("贈與人戶籍所在地之本局分局或稽徵所", "The branch office where the donor is registered"),
        "tags": ("FIN-TAX", "POL-TAX", "S08"),
        "documents": [
            doc("贈與稅申報書", "Gift tax return form"),
            ID_DOCUMENT,
            doc("贈與財產價值證明文件", "Proof of the value of the gift"),
            doc("土地公告現值及房屋評定現值資料", "Assessed values of land and buildings", fetched=True,
                when=("贈與不動產時", "When the gift is real estate")),
        ],
    },
    {
        "organisation": "NTBT", "code": "RESIDENCY-CERT", "unit": "IIT",
        "name": ("居住者證明申請", "Certificate of tax residence"),
        "description": ("申請核發我國居住者證明，以適用所得稅協定。",
                        "A certificate that you are resident in Taiwan for tax, to claim tax-treaty benefits."),
        "channels": ("online", "counter", "mail"), "kinds": ("person", "business"),
        "legal": ("適用所得稅協定查核準則", "Regulations Governing the Application of Income Tax Agreements"),
        "period": (10, WD), "norm": (5, WD), "fee": (0, "", ""),
        "where": ("本局各分局、稽徵所服務櫃檯", "Any branch office counter"),
        "tags": ("FIN-TAX", "POL-TAX", "S08"),
        "questions": (
            INCOME_YEAR,
            Question(code="treaty_country", kind="short_text", label_zh="適用協定之國家或地區",
                     label_en="Treaty country or territory"),
            RESIDENCY_USE,
            copies(3),
        ),
        "documents": [
            doc("居住者證明申請書", "Application form"),
            ID_DOCUMENT,
            doc("前一年度所得稅結算申報資料", "Previous year's income tax return", fetched=True),
            doc("護照或居留證", "Passport or resident certificate",
                when=("外籍人士申請時", "When the applicant is a foreign national")),
        ],
    },
    {
        "organisation": "NTBT", "code": "INVOICE-PERMIT", "unit": "VAT",
        "name": ("統一發票購票證申請", "Permit to buy uniform invoices"),
        "description": ("營業人申請核發統一發票購票證。",
                        "Businesses apply for the permit to buy uniform invoices."),
        "channels": ("counter", "mail"), "kinds": ("business",),
        "legal": ("統一發票使用辦法", "Regulations Governing the Use of Uniform Invoices"),
        "period": (1, WD), "norm": (2, HOURS), "fee": (0, "", ""),
        "where": ("營業所在地之本局分局或稽徵所", "The branch office where the business is located"),
        "tags": ("FIN-TAX", "POL-TAX", "S06"),
        "documents": [
            doc("統一發票購票證申請書", "Application form"),
            doc("營業人印章", "Company seal"),
            doc("負責人身分證明文件", "Proof of identity of the responsible person"),
        ],
    },
]

# Retired first version of the income-tax return, then the one in force since today.
INCOME_TAX = {
    "organisation": "NTBT", "code": "IIT-RETURN", "unit": "IIT",
    "name": ("綜合所得稅結算申報", "Individual income tax return"),
    "description": ("每年5月1日至5月31日申報上一年度綜合所得稅，並辦理退補稅。",
                    "File the individual income tax return for the previous year from 1 to 31 May; "
                    "refunds and balances due follow."),
    "channels": ("online", "counter", "mail"), "kinds": ("person",),
    "legal": ("所得稅法第71條", "Income Tax Act, article 71"),
    "period": (30, CD), "norm": (20, WD), "fee": (0, "", ""),
    "where": ("網路申報，或本局各分局、稽徵所服務櫃檯", "Online, or at any branch office counter"),
    "tags": ("FIN-TAX", "POL-TAX", "S08"),
    "documents": [
        doc("綜合所得稅結算申報書", "Income tax return form"),
        doc("扣繳憑單", "Withholding statements", fetched=True,
            notes=("本局已有所得資料，免附。", "We already hold your income records.")),
        doc("戶籍謄本", "Household registration record",
            when=("申報扶養親屬時", "When claiming dependants")),
        doc("列舉扣除額證明文件", "Receipts for itemised deductions",
            when=("選擇列舉扣除額時", "When itemising deductions")),
    ],
}
INCOME_TAX_CURRENT = {
    **INCOME_TAX,
    "norm": (15, WD),
    "documents": [
        doc("綜合所得稅結算申報書", "Income tax return form"),
        doc("扣繳憑單", "Withholding statements", fetched=True,
            notes=("本局已有所得資料，免附。", "We already hold your income records.")),
        doc("戶籍謄本", "Household registration record", fetched=True,
            when=("申報扶養親屬時", "When claiming dependants"),
            notes=("本局代為查詢戶政資料，免附。", "We obtain it from the household registration office.")),
        doc("列舉扣除額證明文件", "Receipts for itemised deductions",
            when=("選擇列舉扣除額時", "When itemising deductions")),
        doc("身心障礙證明", "Disability certificate", fetched=True,
            when=("申報身心障礙特別扣除額時", "When claiming the disability deduction")),
    ],
}


def _content(spec: dict, unit: Unit, tags: dict) -> VersionContent:
    topic, policy, service = spec["tags"]
    fee_amount, fee_zh, fee_en = spec["fee"]
    return VersionContent(
        name_zh=spec["name"][0], name_en=spec["name"][1],
        description_zh=spec["description"][0], description_en=spec["description"][1],
        responsible_unit=unit, channels=spec["channels"], applicant_kinds=spec["kinds"],
        legal_basis_zh=spec["legal"][0], legal_basis_en=spec["legal"][1],
        period_value=spec["period"][0], period_unit=spec["period"][1],
        norm_value=spec["norm"][0], norm_unit=spec["norm"][1],
        fee_amount=fee_amount, fee_zh=fee_zh, fee_en=fee_en,
        where_to_apply_zh=spec["where"][0], where_to_apply_en=spec["where"][1],
        topic_tag=tags.get(("topic", topic)), policy_tag=tags.get(("policy", policy)),
        service_tag=tags.get(("service", service)),
        documents=tuple(spec["documents"]), questions=tuple(spec.get("questions", ())),
    )


def _unit(spec: dict) -> Unit | None:
    return (Unit.objects.filter(organisation__code=spec["organisation"], code=spec["unit"])
            .select_related("organisation").first())


def _create_published(spec: dict, tags: dict, effective_from: dt.date):
    """The service type with its first version published; None when skipped."""
    unit = _unit(spec)
    if unit is None or ServiceType.objects.filter(organisation=unit.organisation,
                                                  code=spec["code"]).exists():
        return None
    draft = services.service_type_create(organisation=unit.organisation, code=spec["code"],
                                         content=_content(spec, unit, tags))
    return services.service_type_version_publish(version=draft, expected_version=draft.version,
                                                 effective_from=effective_from)


def load() -> None:
    if not Organisation.objects.filter(code__in=["TPC", "NTBT"]).exists():
        return
    services.classification_tags_seed()
    tags = {(tag.scheme, tag.code): tag for tag in ClassificationTag.objects.all()}
    for spec in SERVICES:
        _create_published(spec, tags, FIRST_EFFECTIVE)
    first = _create_published(INCOME_TAX, tags, FIRST_EFFECTIVE)
    if first is not None:
        draft = services.service_type_version_new_draft(service_type=first.service_type)
        draft = services.service_type_version_update(
            version=draft, content=_content(INCOME_TAX_CURRENT, first.responsible_unit, tags),
            expected_version=draft.version)
        services.service_type_version_publish(version=draft, expected_version=draft.version,
                                              effective_from=timezone.localdate())
