"""Demo data of the knowledge base: real-looking FAQs and common filing errors of the demo
agencies' services in Chinese and English, published (written by an officer, approved by
the supervisor), one call-centre answer (internal), one article awaiting review, and a few
hotline calls for the console and the gap page. Idempotent: an article whose Chinese
title its organisation already has is left alone."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from minfu.catalog.models import ClassificationTag, ServiceType
from minfu.knowledge import services
from minfu.knowledge.models import Article, ArticleKind, CallOutcome, HotlineCall
from minfu.org.models import Organisation

FAQ, ERROR, HOW_TO, INTERNAL = (ArticleKind.FAQ, ArticleKind.COMMON_ERROR, ArticleKind.HOW_TO,
                                ArticleKind.CALL_CENTRE)

# (organisation, kind, services, topic, title_zh, body_zh, title_en, body_en)
ARTICLES = [
    ("TPC", FAQ, ["BAGGAGE"], "FIN-CUS", "入境旅客攜帶多少外幣現鈔需要申報？",
     "旅客攜帶外幣現鈔總值逾等值**美幣1萬元**者，應向海關申報；未申報者，超過部分沒入。\n\n"
     "- 新臺幣逾10萬元亦須申報；\n- 人民幣逾2萬元者，超過部分應自行封存於海關。",
     "How much foreign currency must arriving passengers declare?",
     "Passengers carrying foreign currency worth more than **USD 10,000** in total must "
     "declare it to Customs; the undeclared excess is confiscated.\n\n"
     "- More than NT$100,000 must be declared too;\n- Renminbi above 20,000 is kept in "
     "Customs custody."),
    ("TPC", FAQ, ["BAGGAGE"], "FIN-CUS", "旅客行李物品免稅限額是多少？",
     "入境旅客攜帶行李物品，其完稅價格在新臺幣**2萬元**以下者免稅；酒類1公升、捲菸200支另計。",
     "What is the duty-free allowance for passenger baggage?",
     "Baggage worth up to **NT$20,000** (dutiable value) is duty-free; in addition 1 litre "
     "of alcohol and 200 cigarettes."),
    ("TPC", ERROR, ["BAGGAGE"], "FIN-CUS", "經常申報錯誤：肉製品未申報走綠線檯",
     "攜帶肉製品（含真空包裝）**不得**走綠線檯（免申報檯）。常見錯誤是以為已包裝或少量即可免申報，"
     "經查獲者依動物傳染病防治條例處罰鍰。請走紅線檯申報或於入境前丟棄於檢疫犬旁之棄置桶。",
     "Common error: meat products taken through the green channel",
     "Meat products (vacuum-packed too) **may not** go through the green channel. Travellers "
     "often think a small or sealed amount needs no declaration; it is fined under the "
     "Statute for Prevention and Control of Infectious Animal Diseases."),
    ("TPC", FAQ, ["TOURIST-VAT-REFUND"], "FIN-CUS", "外籍旅客購物退稅的最低金額是多少？",
     "同一天向同一特約商店購買貨物，含稅金額達新臺幣**2,000元**以上，並於30日內攜帶出境者，"
     "可申請退還營業稅。",
     "What is the minimum purchase for a VAT refund for foreign travellers?",
     "Purchases of at least **NT$2,000** (tax included) on one day at one participating "
     "store, taken out of the country within 30 days, qualify for a refund of the VAT."),
    ("TPC", HOW_TO, ["TOURIST-VAT-REFUND"], "FIN-CUS", "如何在機場辦理外籍旅客退稅？",
     "1. 出境前至機場退稅服務櫃檯出示護照、退稅明細申請表及貨物；\n"
     "2. 小額退稅可於現場領取現金；\n3. 大額退稅以信用卡或支票退還。",
     "How do I claim the VAT refund at the airport?",
     "1. Before departure, show your passport, the refund form and the goods at the refund "
     "counter;\n2. small refunds are paid in cash on the spot;\n3. larger ones by credit "
     "card or cheque."),
    ("TPC", ERROR, ["DRAWBACK"], "FIN-TRD", "經常申報錯誤：沖退稅申請逾期",
     "外銷品沖退原料稅應自出口日起**1年6個月**內申請，逾期不予受理。常見錯誤是以出口報單放行日"
     "之後才起算，請以出口日為準。",
     "Common error: drawback claims filed too late",
     "Drawback must be claimed within **18 months** of the export date; late claims are "
     "refused. Claimants often count from a later date: the export date counts."),
    ("TPC", FAQ, [], "FIN-CUS", "進口快遞貨物報關前，收貨人要先做什麼？",
     "以簡易申報通關的進口快遞貨物，收貨人須先下載「**EZWAY易利委**」APP完成實名認證；報關業者"
     "申報後，再於APP內確認委任報關。未完成認證或未確認者，貨物無法通關放行。",
     "What must the consignee do before an express import is declared?",
     "For express consignments cleared by simplified declaration, the consignee first "
     "verifies their identity in the **EZWAY** app, then confirms in the app the customs "
     "broker's declaration. Goods whose consignee has not done both are not released."),
    ("TPC", ERROR, ["DECL-COPY"], "FIN-CUS", "經常申報錯誤：報關時貨物價格低報",
     "報單申報的貨價應為實際交易價格。常見錯誤是依賣方開立的低價發票報關，經海關查核價格不符者，"
     "除補徵稅款外，並依海關緝私條例處罰。",
     "Common error: goods declared below their price",
     "A customs declaration states the price actually paid. Importers often declare the "
     "low price of a seller's invoice; when Customs finds the price wrong, the duty is "
     "assessed again and a penalty imposed under the Customs Anti-Smuggling Act."),
    ("NTBT", FAQ, ["TAX-CERT"], "FIN-TAX", "納稅證明書可以線上申請嗎？",
     "可以。以自然人憑證或健保卡登入後線上申請，核發後可自行下載列印；亦可臨櫃或委託他人申請"
     "（應附委託書及受託人身分證明）。",
     "Can I apply for a tax payment certificate online?",
     "Yes. Sign in with your citizen digital certificate or NHI card, apply online and "
     "download the certificate when issued; you may also apply at the counter or through "
     "someone you authorise (with a letter of authorisation and their ID)."),
    ("NTBT", FAQ, ["IIT-RETURN"], "FIN-TAX", "綜合所得稅結算申報期間是什麼時候？",
     "每年**5月1日至5月31日**。遇假日順延。逾期申報者，依所得稅法規定加徵滯報金。",
     "When is the individual income tax filing period?",
     "Every year from **1 to 31 May**, extended when the last day is a holiday. Late "
     "filing incurs a late-filing surcharge under the Income Tax Act."),
    ("NTBT", ERROR, ["IIT-RETURN"], "FIN-TAX", "經常申報錯誤：扶養親屬重複申報",
     "同一位親屬只能由一位納稅義務人申報扶養。常見錯誤是兄弟姊妹重複申報扶養父母，經查核後將補徵"
     "稅款。申報前請先與家人確認由誰申報。",
     "Common error: the same dependant claimed twice",
     "A dependant can be claimed by one taxpayer only. Siblings often both claim their "
     "parents; the tax is then assessed again. Agree within the family who claims whom."),
    ("NTBT", ERROR, ["IIT-RETURN"], "FIN-TAX", "經常申報錯誤：租金支出與房貸利息同時列報",
     "自住房屋購屋借款利息與房屋租金支出**只能擇一**列舉扣除。常見錯誤是兩項同時列報，查核後"
     "剔除並補稅。",
     "Common error: rent and mortgage interest both deducted",
     "Mortgage interest on your own home and rent paid are **alternatives**: only one may "
     "be itemised. Both are often claimed; one is then disallowed and tax is assessed."),
    ("NTBT", FAQ, ["BIZ-REG"], "FIN-TAX", "營業登記變更要在多久內申請？",
     "營業登記事項有變更者，應自事實發生之日起**15日內**申請變更登記。",
     "How soon must a change of business registration be filed?",
     "Within **15 days** of the change."),
    ("NTBT", HOW_TO, ["TAX-CERT"], "FIN-TAX", "如何委託他人代為申請納稅證明書？",
     "受託人應攜帶委託書、委託人及受託人之身分證明文件正本，至任一國稅局服務櫃檯辦理。",
     "How can someone else apply for my tax payment certificate?",
     "They bring a letter of authorisation and the originals of your ID and theirs to any "
     "service counter of the National Taxation Bureau."),
]

INTERNAL_ANSWER = (
    "NTBT", INTERNAL, ["IIT-RETURN"], "FIN-TAX", "話務應答：民眾詢問退稅何時入帳",
    "口徑：綜所稅退稅於**8月底前**分批入帳；以存款帳戶退稅者較快。若民眾表示未收到，請先確認"
    "申報時是否填寫帳戶，再轉服務科查詢（分機 1234）。勿在電話中提供他人稅籍資料。",
    "Call-centre answer: when is the income tax refund paid?",
    "Line: refunds are paid in batches **by the end of August**; refunds to a bank account "
    "are faster. If the caller has received nothing, check whether an account was given, "
    "then transfer to the Taxpayer Service Division (ext. 1234).")

IN_REVIEW = (
    "TPC", FAQ, ["BAGGAGE"], "FIN-CUS", "攜帶寵物入境需要哪些文件？",
    "需備妥輸出國官方動物檢疫證明書、狂犬病抗體檢測報告，並事先向防檢署申請輸入同意文件。",
    "What documents do I need to bring a pet into Taiwan?",
    "An official veterinary certificate of the exporting country, a rabies antibody test "
    "report, and an import permit requested in advance.")

CALLS = [
    ("NTBT", "退稅何時入帳？", CallOutcome.ANSWERED, "話務應答：民眾詢問退稅何時入帳"),
    ("NTBT", "房屋稅可以用信用卡繳嗎？", CallOutcome.ANSWERED_WITHOUT_ARTICLE, None),
    ("NTBT", "房屋稅可以用信用卡繳嗎", CallOutcome.ANSWERED_WITHOUT_ARTICLE, None),
    ("TPC", "免稅商店買的酒可以帶幾瓶？", CallOutcome.ANSWERED_WITHOUT_ARTICLE, None),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _create(spec, *, author, reviewer, publish: bool, review_days: int = 365) -> Article | None:
    code, kind, service_codes, topic, title_zh, body_zh, title_en, body_en = spec
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None or Article.objects.filter(organisation=organisation,
                                                      title_zh=title_zh).exists():
        return None
    article = services.article_create(
        actor=author, organisation=organisation, kind=kind, title_zh=title_zh,
        body_zh=body_zh, title_en=title_en, body_en=body_en,
        topic_tag=ClassificationTag.objects.filter(scheme="topic", code=topic).first(),
        service_types=list(ServiceType.objects.filter(organisation=organisation,
                                                      code__in=service_codes)),
        review_by=timezone.localdate() + dt.timedelta(days=review_days))
    article = services.article_submit(actor=author, article=article,
                                      expected_version=article.version)
    if publish:
        article = services.article_approve(actor=reviewer, article=article,
                                           expected_version=article.version)
    return article


def load() -> None:
    officers = {"TPC": (_user("tpc-officer"), _user("tpc-supervisor")),
                "NTBT": (_user("ntbt-officer"), _user("ntbt-supervisor"))}
    for index, spec in enumerate([*ARTICLES, INTERNAL_ANSWER]):
        author, reviewer = officers[spec[0]]
        # One article is due for review soon, so the reminder and the list show it.
        _create(spec, author=author, reviewer=reviewer, publish=True,
                review_days=3 if index == 1 else 365)
    author, reviewer = officers[IN_REVIEW[0]]
    _create(IN_REVIEW, author=author, reviewer=reviewer, publish=False)
    for code, question, outcome, title in CALLS:
        organisation = Organisation.objects.filter(code=code).first()
        key = f"demo:{code}:{question}"
        if organisation is None or HotlineCall.objects.filter(idempotency_key=key).exists():
            continue
        article = Article.objects.filter(organisation=organisation, title_zh=title).first() \
            if title else None
        services.call_log(actor=officers[code][0], organisation=organisation,
                          question=question, outcome=outcome, article=article,
                          idempotency_key=key)
