"""The reply to a petition as an official letter (函): the agency's letterhead with the
petitioner, date and document number, the agency's wording of a reply, then the reply,
its legal basis and the remedies it names; PDF to print, ODT to edit."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core import pdf
from minfu.core.models import pick_language
from minfu.documents.kinds import DocumentKind
from minfu.documents.letters import Document, letter_date, letter_for, opening
from minfu.voice.models import Petition, Reply


def recipient(petition: Petition) -> str:
    return petition.petitioner_name if petition.petitioner_name and not petition.anonymous \
        else _("The petitioner")


def reply_letter(petition: Petition, reply: Reply) -> Document:
    """`reply` is approved; `petition` is the one it answers (or one merged into it)."""
    organisation = petition.organisation
    received_on = timezone.localtime(petition.received_at).date()
    letter = letter_for(
        organisation=organisation, kind=DocumentKind.PETITION_REPLY, about=f"reply:{reply.pk}",
        on=timezone.localtime(reply.approved_at).date(), recipient=recipient(petition),
        context={"petitioner": recipient(petition), "petition_number": petition.number,
                 "petition_subject": petition.subject, "received_on": received_on})
    sections = [
        opening(letter),
        pdf.Section(facts=[(_("Case number"), petition.number),
                           (_("Received"), letter_date(received_on)),
                           (_("Subject"), petition.subject)]),
        pdf.Section(heading=_("Our reply"), paragraphs=[reply.text]),
    ]
    if reply.legal_basis:
        sections.append(pdf.Section(heading=_("Legal basis"), paragraphs=[reply.legal_basis]))
    if reply.remedies:
        sections.append(pdf.Section(heading=_("Available remedies"),
                                    paragraphs=[reply.remedies]))
    return Document(title=_("Reply to your petition"),
                    author=pick_language(organisation.name_zh, organisation.name_en),
                    subject=petition.number, name=f"reply-{petition.number}",
                    letterhead=letter.letterhead, sections=sections)
