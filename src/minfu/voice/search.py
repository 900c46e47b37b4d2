"""What petitions offer to the search (minfu.search.sources).

- `reply`: the replies an agency chose to publish (approved, `publish`), as the published
  replies page shows them: the petition's category or kind as the title and the reply with
  the personal data masked (Reply.published_text). Public. The petition's own text is
  never offered publicly: the existing rules publish only the masked reply.
- `petition`: every petition for staff (public=False), by number, subject and text, in its
  unit and organisation, for holders of `voice.view`. Head-of-agency mailbox cases are
  left out: only their designated readers may see them, which a scope cannot say."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from minfu.core.ids import as_id
from minfu.search.sources import SearchDocument, Source
from minfu.voice.models import Kind, Petition, PetitionChannel, Reply
from minfu.voice.selectors import VIEW, published_replies

REPLY, PETITION = "reply", "petition"


def _path(name: str, pk: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=[pk])


def _reply_title(reply: Reply, language: str) -> str:
    petition = reply.petition
    with translation.override(language):
        kind = str(Kind(petition.kind).label)
        category = petition.category
        name = "" if category is None else (category.name_zh if language != "en"
                                             else category.name_en)
        organisation = (petition.organisation.name_zh if language != "en"
                        else petition.organisation.name_en)
    return " · ".join(part for part in (name or kind, organisation) if part)


def _reply_document(reply: Reply) -> SearchDocument:
    petition = reply.petition
    return SearchDocument(
        source=REPLY, key=str(reply.pk), title_zh=_reply_title(reply, "zh-hant"),
        title_en=_reply_title(reply, "en"),
        body_zh="\n".join(part for part in (reply.published_text, reply.legal_basis) if part),
        path=_path("voice:public-reply", reply.pk), organisation_id=petition.organisation_id,
        unit_id=petition.unit_id, public=True, kind=petition.kind,
        published_at=reply.approved_at)


def reply_documents():
    for reply in published_replies().iterator(chunk_size=500):
        yield _reply_document(reply)


def reply_document(key: str) -> SearchDocument | None:
    reply = published_replies().filter(pk=as_id(key)).first()
    return None if reply is None else _reply_document(reply)


def _petitions():
    return (Petition.objects.exclude(channel=PetitionChannel.MAILBOX)
            .select_related("organisation", "category").order_by("pk"))


def _petition_document(petition: Petition) -> SearchDocument:
    return SearchDocument(
        source=PETITION, key=str(petition.pk), title_zh=petition.subject,
        body_zh=petition.text, path=_path("voice:staff-detail", petition.pk),
        organisation_id=petition.organisation_id, unit_id=petition.unit_id, public=False,
        permission=VIEW, number=petition.number, kind=petition.kind,
        published_at=petition.received_at)


def petition_documents():
    for petition in _petitions().iterator(chunk_size=1000):
        yield _petition_document(petition)


def petition_document(key: str) -> SearchDocument | None:
    petition = _petitions().filter(pk=as_id(key)).first()
    return None if petition is None else _petition_document(petition)


SOURCES = [
    Source(code=REPLY, label=_("Published reply"), documents=reply_documents,
           document=reply_document, count=lambda: published_replies().count()),
    Source(code=PETITION, label=_("Petition"), documents=petition_documents,
           document=petition_document, count=lambda: _petitions().count()),
]
