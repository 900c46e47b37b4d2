"""The kinds of official document, the wording blocks an agency may change for each, and
their defaults in both languages. Wordings are Django template text (no HTML escaping,
as `minfu.notify.rendering` renders messages) with the kind's context: `SAMPLES` gives
typical values of every name, for the preview, the check when a wording is saved and the
tests (no doubled punctuation once filled in). No ORM."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt of an application")
    DEFICIENCY_NOTICE = "deficiency_notice", _("Notice of missing documents")
    EXTENSION_NOTICE = "extension_notice", _("Notice of an extended processing period")
    DECISION = "decision", _("Decision letter")
    PETITION_REPLY = "petition_reply", _("Reply to a petition")


@dataclass(frozen=True)
class Wording:
    """主旨 (subject), 說明 (body) and 教示 (remedies: how to challenge the decision, by
    when and where; decision letters only, and only when the outcome can be appealed)."""

    subject_zh: str
    subject_en: str
    body_zh: str = ""
    body_en: str = ""
    remedies_zh: str = ""
    remedies_en: str = ""


BLOCKS = ("subject", "body", "remedies")

_CASE = {"agency": "財政部關務署臺北關", "applicant": "王小明", "service": "進口貨物稅費繳納證明",
         "case_number": "KL-1140305-0017", "received_on": dt.date(2025, 3, 5),
         "due_on": dt.date(2025, 4, 16)}
SAMPLES: dict[str, dict] = {
    DocumentKind.RECEIPT: _CASE,
    DocumentKind.DEFICIENCY_NOTICE: _CASE | {"supply_by": dt.date(2025, 3, 20), "notice_number": 1},
    DocumentKind.EXTENSION_NOTICE: _CASE | {"previous_due_on": dt.date(2025, 3, 26),
                                            "reason": "須會同其他機關實地查核。"},
    DocumentKind.DECISION: _CASE | {"outcome": "駁回", "decided_on": dt.date(2025, 3, 24),
                                    "appeal_days": 30, "appeal_authority": "財政部關務署"},
    DocumentKind.PETITION_REPLY: {"agency": "財政部關務署臺北關", "petitioner": "王小明",
                                  "petition_number": "KL-P1140305-0007",
                                  "petition_subject": "通關等候時間過長",
                                  "received_on": dt.date(2025, 3, 5)},
}

DEFAULTS: dict[str, Wording] = {
    DocumentKind.RECEIPT: Wording(
        subject_zh="本機關已於{{ received_on|roc_date }}收到您申請「{{ service }}」的案件"
                   "（案號：{{ case_number }}），特此證明。",
        subject_en="We received your application for {{ service }} (number {{ case_number }}) "
                   "on {{ received_on|roc_date }}.",
        body_zh="本案依規定應於{{ due_on|roc_date }}前辦結；文件如有欠缺，本機關將一次告知"
                "應補正的全部項目。",
        body_en="We will decide by {{ due_on|roc_date }}. If anything is missing, we will tell "
                "you everything that is missing at once."),
    DocumentKind.DEFICIENCY_NOTICE: Wording(
        subject_zh="您申請「{{ service }}」的案件（案號：{{ case_number }}）尚缺下列文件，"
                   "請於{{ supply_by|roc_date }}前補正。",
        subject_en="Your application for {{ service }} (number {{ case_number }}) lacks the "
                   "documents below: please send them by {{ supply_by|roc_date }}."),
    DocumentKind.EXTENSION_NOTICE: Wording(
        subject_zh="您申請「{{ service }}」的案件（案號：{{ case_number }}），處理期間依行政"
                   "程序法第51條規定延長至{{ due_on|roc_date }}。",
        subject_en="The processing period of your application for {{ service }} (number "
                   "{{ case_number }}) is extended to {{ due_on|roc_date }}, under Article 51 of "
                   "the Administrative Procedure Act.",
        body_zh="{% if previous_due_on %}原處理期限為{{ previous_due_on|roc_date }}，{% endif %}"
                "處理期間以延長一次為限，延長期間不逾原處理期間。延長理由如下：",
        body_en="{% if previous_due_on %}The period was due to end on "
                "{{ previous_due_on|roc_date }}. {% endif %}It may be extended only once, by no "
                "more than the original period. The reason:"),
    DocumentKind.DECISION: Wording(
        subject_zh="您申請「{{ service }}」的案件（案號：{{ case_number }}），經本機關審查，"
                   "決定如下：{{ outcome }}。",
        subject_en="We have decided on your application for {{ service }} (number "
                   "{{ case_number }}): {{ outcome }}.",
        body_zh="本決定書為行政處分，理由及法令依據如下。",
        body_en="This letter is an administrative decision. Its reasons and legal basis follow.",
        remedies_zh="如不服本處分，得自本處分書送達之次日起{{ appeal_days }}日內，依訴願法第14條"
                    "及第58條規定，繕具訴願書經由本機關向{{ appeal_authority }}提起訴願。",
        remedies_en="If you disagree with this decision, you may file an administrative appeal "
                    "with {{ appeal_authority }}, through {{ agency }}, within {{ appeal_days }} "
                    "days from the day after this letter reaches you (Administrative Appeal "
                    "Act, Articles 14 and 58)."),
    DocumentKind.PETITION_REPLY: Wording(
        subject_zh="有關您於{{ received_on|roc_date }}陳情「{{ petition_subject }}」一案"
                   "（案號：{{ petition_number }}），復如說明，請查照。",
        subject_en="Our reply to your petition of {{ received_on|roc_date }}, "
                   "\u201c{{ petition_subject }}\u201d (number {{ petition_number }})."),
}
