"""What petitions offer to the search (minfu.search.sources).

- `reply`: the replies an agency chose to publish (approved, `publish`), as the published
  replies page shows them: the petition's category or kind as the title, the question and
  the reply with the personal data masked (Reply.published_question, published_text).
  Public from the moment that page shows them (`visible_from`: a petitioner rated it
  satisfied, or the last rating link closed); a reply a petitioner was unsatisfied with is
  taken out (rating_submit tells the index).
- `petition`: every petition for staff (public=False), by number, subject and text, in its
  unit and organisation, for holders of `voice.view`. Head-of-agency mailbox cases are
  left out: only their designated readers may see them, which a scope cannot say."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from minfu.search.sources import SearchDocument, queryset_source
from minfu.voice.models import Kind, Petition, PetitionChannel, Rating, Reply
from minfu.voice.selectors import VIEW

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


def _candidate_replies():
    """Replies chosen for publication that no petitioner was unsatisfied with: those the
    published replies page shows now or will show once their rating links close
    (selectors.published_replies)."""
    unsatisfied = Rating.objects.filter(reply=OuterRef("pk"), satisfied=False)
    return (Reply.objects.filter(publish=True, approved_at__isnull=False)
            .exclude(Exists(unsatisfied))
            .select_related("petition__organisation", "petition__category")
            .prefetch_related("ratings").order_by("pk"))


def _visible_from(reply: Reply):
    """Public at once when a petitioner was satisfied, else when the last rating link
    still open closes (none open: now)."""
    ratings = list(reply.ratings.all())
    if any(rating.satisfied for rating in ratings):
        return None
    open_until = [r.expires_at for r in ratings if r.answered_at is None]
    return max(open_until) if open_until else None


def _reply_document(reply: Reply) -> SearchDocument:
    petition = reply.petition
    body = [reply.published_question, reply.published_text, reply.legal_basis]
    return SearchDocument(
        source=REPLY, key=str(reply.pk), title_zh=_reply_title(reply, "zh-hant"),
        title_en=_reply_title(reply, "en"),
        body_zh="\n".join(part for part in body if part),
        path=_path("voice:public-reply", reply.pk), organisation_id=petition.organisation_id,
        unit_id=petition.unit_id, public=True, visible_from=_visible_from(reply),
        kind=petition.kind, published_at=reply.approved_at)


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


SOURCES = [
    queryset_source(code=REPLY, label=_("Published reply"), queryset=_candidate_replies,
                    to_document=_reply_document, chunk_size=500),
    queryset_source(code=PETITION, label=_("Petition"), queryset=_petitions,
                    to_document=_petition_document),
]
