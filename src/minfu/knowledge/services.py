"""Every write of the knowledge base. Each function runs in one transaction, moves an
article only through `workflow.MACHINE`, appends a core audit event, and tells the search
index (`minfu.search.index.document_changed`) when what the public or staff find changes.
A staff actor must hold the action on the article's unit (or on any unit of its
organisation, for an agency-wide article); `actor=None` is the system (the daily job)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core import audit
from minfu.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from minfu.core.services import save_with_version, version_missing
from minfu.core.site import site_url
from minfu.knowledge import actions, markup, scrub, workflow
from minfu.knowledge.models import (
    Article,
    ArticleAttachment,
    ArticleKind,
    ArticleUse,
    ArticleVersion,
    CallOutcome,
    HotlineCall,
    Vote,
)
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import require
from minfu.records import throttle
from minfu.records.services import files_removed_on_rollback, record_file_build
from minfu.records.uploads import IncomingFile
from minfu.search.index import document_changed
from minfu.voice import rules as voice_rules
from minfu.voice import services as voice_services
from minfu.voice.models import Category, Kind, Petition, PetitionChannel, Reply

VIEW = "knowledge.view"
EDIT = "knowledge.edit"
REVIEW = "knowledge.review"
CONSOLE = "knowledge.console"
SEARCH_SOURCE = "article"
VOTER_SALT = b"minfu.knowledge.voter.v1"
VOTE_KEY_PREFIX = "minfu:knowledge:vote"
TITLE_MAX = 200
QUESTION_MAX = 300


# ----- helpers -----------------------------------------------------------------------

def require_on(actor, action: str, article: Article) -> None:
    """`require` on the article's unit, or on any unit of its organisation when the
    article belongs to the whole organisation."""
    if article.unit_id is not None:
        require(actor, action, unit=article.unit)
    else:
        require(actor, action, within=article.organisation)


def _summary(article: Article) -> dict:
    return {"state": article.state, "title_zh": article.title_zh, "kind": article.kind,
            "current_version": article.current_version.number
            if article.current_version_id else None,
            "publish_at": article.publish_at.isoformat() if article.publish_at else None,
            "review_by": article.review_by.isoformat() if article.review_by else None}


def _locked(article: Article, expected_version: int | None) -> Article:
    if expected_version is None:
        raise version_missing()
    stored = (Article.objects.select_for_update(of=("self",))
              .select_related("organisation", "unit", "current_version").get(pk=article.pk))
    if stored.version != expected_version:
        raise Conflict(details={"expected_version": expected_version,
                                "current_version": stored.version})
    return stored


def _save(article: Article) -> Article:
    return save_with_version(article, expected_version=article.version)


def _indexed(article: Article) -> None:
    document_changed(source=SEARCH_SOURCE, key=str(article.pk))


def public_path(article: Article) -> str:
    return reverse("knowledge:public-article", args=[article.pk])


def _validate(*, organisation: Organisation, unit: Unit | None, kind: str, title_zh: str,
              title_en: str, body_zh: str, topic_tag, service_types, categories,
              related, article: Article | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ArticleKind.values:
        errors["kind"] = [str(_("Choose what kind of article this is."))]
    if not title_zh.strip():
        errors["title_zh"] = [str(_("Enter the title in Chinese."))]
    for field, value in (("title_zh", title_zh), ("title_en", title_en)):
        if len(value.strip()) > TITLE_MAX:
            errors[field] = [str(_("At most 200 characters."))]
    if not body_zh.strip():
        errors["body_zh"] = [str(_("Write the text in Chinese."))]
    if unit is not None and unit.organisation_id != organisation.pk:
        errors["unit"] = [str(_("Choose a unit of the article's organisation."))]
    if topic_tag is not None and topic_tag.scheme != "topic":
        errors["topic_tag"] = [str(_("Choose a topic of the topic index."))]
    if any(service.organisation_id != organisation.pk for service in service_types):
        errors["service_types"] = [str(_("Choose services of the article's organisation."))]
    if any(category.organisation_id != organisation.pk for category in categories):
        errors["categories"] = [str(_("Choose petition categories of the article's "
                                      "organisation."))]
    if any(other.organisation_id != organisation.pk
           or (article is not None and other.pk == article.pk) for other in related):
        errors["related"] = [str(_("Choose other articles of the same organisation."))]
    return errors


# ----- writing -----------------------------------------------------------------------

def article_create(*, actor, organisation: Organisation, kind: str, title_zh: str,
                   body_zh: str, title_en: str = "", body_en: str = "",
                   unit: Unit | None = None, topic_tag=None, service_types: Sequence = (),
                   categories: Sequence = (), related: Sequence = (),
                   review_by: dt.date | None = None, publish_at: dt.datetime | None = None,
                   source_reply: Reply | None = None) -> Article:
    if unit is not None:
        require(actor, EDIT, unit=unit)
    else:
        require(actor, EDIT, within=organisation)
    errors = _validate(organisation=organisation, unit=unit, kind=kind, title_zh=title_zh,
                       title_en=title_en, body_zh=body_zh, topic_tag=topic_tag,
                       service_types=service_types, categories=categories, related=related,
                       article=None)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        article = Article(organisation=organisation, unit=unit, kind=kind,
                          title_zh=title_zh.strip(), title_en=title_en.strip(),
                          body_zh=body_zh.strip(), body_en=body_en.strip(),
                          topic_tag=topic_tag, review_by=review_by, publish_at=publish_at,
                          author=actor, source_reply=source_reply,
                          state=workflow.MACHINE.initial)
        save_with_version(article, expected_version=None)
        article.service_types.set(service_types)
        article.categories.set(categories)
        article.related.set(related)
        audit.record(actor=actor, action=actions.ARTICLE_DRAFTED_FROM_REPLY if source_reply
                     else actions.ARTICLE_CREATED, obj=article, after=_summary(article))
    return article


def article_update(*, actor, article: Article, expected_version: int | None, kind: str,
                   title_zh: str, body_zh: str, title_en: str = "", body_en: str = "",
                   unit: Unit | None = None, topic_tag=None, service_types: Sequence = (),
                   categories: Sequence = (), related: Sequence = (),
                   review_by: dt.date | None = None,
                   publish_at: dt.datetime | None = None) -> Article:
    """Change a draft (a published article is changed by starting a revision first; its
    published version stays public meanwhile)."""
    require_on(actor, EDIT, article)
    if unit is not None and unit.pk != article.unit_id:
        require(actor, EDIT, unit=unit)
    errors = _validate(organisation=article.organisation, unit=unit, kind=kind,
                       title_zh=title_zh, title_en=title_en, body_zh=body_zh,
                       topic_tag=topic_tag, service_types=service_types,
                       categories=categories, related=related, article=article)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        article = _locked(article, expected_version)
        if article.state not in workflow.EDITABLE:
            raise Conflict(_("Only a draft can be changed: start a revision first."),
                           code="not_a_draft")
        before = _summary(article)
        article.kind, article.unit, article.topic_tag = kind, unit, topic_tag
        article.title_zh, article.title_en = title_zh.strip(), title_en.strip()
        article.body_zh, article.body_en = body_zh.strip(), body_en.strip()
        article.review_by, article.publish_at = review_by, publish_at
        _save(article)
        article.service_types.set(service_types)
        article.categories.set(categories)
        article.related.set(related)
        audit.record(actor=actor, action=actions.ARTICLE_UPDATED, obj=article, before=before,
                     after=_summary(article))
        if article.is_live:  # links and the kind are the article's, not the version's
            _indexed(article)
    return article


# ----- life cycle --------------------------------------------------------------------

def _step(*, actor, article: Article, expected_version: int | None, permission: str,
          step: str, action: str, choice: str | None = None, change=None,
          reviewing: bool = False) -> Article:
    """One step of the life cycle in one transaction: the permission, the version the
    user read, the second pair of eyes when `reviewing`, the next state from the declared
    machine, `change(article)` for the step's own fields (returns extra audit data), the
    audit event, and the search index when what the public or staff find changes."""
    require_on(actor, permission, article)
    with transaction.atomic():
        article = _locked(article, expected_version)
        if reviewing:
            _refuse_own_work(actor, article)
        before, was_live = _summary(article), article.is_live
        article.state = workflow.MACHINE.next_state(article.state, step, choice=choice)
        extra = change(article) if change is not None else None
        _save(article)
        audit.record(actor=actor, action=action, obj=article, before=before,
                     after={**_summary(article), **(extra or {})})
        if was_live or article.is_live:
            _indexed(article)
    return article


def _refuse_own_work(actor, article: Article) -> None:
    """The second pair of eyes: neither the author nor whoever submitted it reviews."""
    if actor is not None and actor.pk in {article.author_id, article.submitted_by_id}:
        raise PermissionDenied(_("Someone other than the author reviews the article."),
                               code="own_article", details={"action": REVIEW})


def article_submit(*, actor, article: Article, expected_version: int | None) -> Article:
    """Send a draft to review by a second person."""
    def change(article: Article) -> None:
        article.submitted_by = actor

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=EDIT, step=workflow.Step.SUBMIT, action=actions.ARTICLE_SUBMITTED,
                 change=change)


def article_return(*, actor, article: Article, note: str,
                   expected_version: int | None) -> Article:
    """The reviewer sends the draft back to its author with what should change."""
    if not note.strip():
        raise ValidationFailed(details={"note": [str(_("Say what should change."))]})

    def change(article: Article) -> dict:
        article.review_note = note.strip()
        return {"note": article.review_note}

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=REVIEW, step=workflow.Step.RETURN, action=actions.ARTICLE_RETURNED,
                 change=change, reviewing=True)


def article_approve(*, actor, article: Article, expected_version: int | None,
                    now: dt.datetime | None = None) -> Article:
    """The reviewer approves the text: a new version is frozen and goes public now, or at
    `publish_at` when that is still ahead (the article is then scheduled)."""
    now = now or timezone.now()
    later = article.publish_at is not None and article.publish_at > now

    def change(article: Article) -> dict:
        number = (article.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ArticleVersion.objects.create(
            article=article, number=number, title_zh=article.title_zh,
            title_en=article.title_en, body_zh=article.body_zh, body_en=article.body_en,
            author=article.author, reviewed_by=actor, approved_at=now)
        article.review_note = ""
        if article.state == workflow.State.PUBLISHED:
            _go_live(article, version, now)
        return {"approved_version": number}

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=REVIEW, step=workflow.Step.APPROVE, action=actions.ARTICLE_APPROVED,
                 choice=workflow.When.LATER if later else workflow.When.NOW, change=change,
                 reviewing=True)


def _go_live(article: Article, version: ArticleVersion, now: dt.datetime) -> None:
    version.published_at = now
    version.save(update_fields=["published_at"])
    article.current_version = version
    article.first_published_at = article.first_published_at or now
    article.publish_at = None


def article_go_live(*, article: Article, now: dt.datetime | None = None) -> Article:
    """The system publishes a scheduled article whose time has come (the version the
    reviewer approved)."""
    now = now or timezone.now()
    if article.publish_at is not None and article.publish_at > now:
        return article

    def change(article: Article) -> None:
        version = article.versions.filter(published_at__isnull=True).order_by("-number").first()
        if version is None:  # cannot happen: approval froze one
            raise Conflict(_("There is no approved version to publish."), code="no_version")
        _go_live(article, version, now)

    return _step(actor=None, article=article, expected_version=article.version,
                 permission=REVIEW, step=workflow.Step.GO_LIVE,
                 action=actions.ARTICLE_PUBLISHED, change=change)


def articles_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish every scheduled article whose `publish_at` has come; returns how many."""
    now = now or timezone.now()
    due = list(Article.objects.filter(state=workflow.State.SCHEDULED, publish_at__lte=now)
               .order_by("publish_at", "pk"))
    published = 0
    for article in due:
        try:
            article_go_live(article=article, now=now)
        except Conflict:  # changed meanwhile (archived): nothing to do
            continue
        published += 1
    return published


def article_revise(*, actor, article: Article, expected_version: int | None) -> Article:
    """Start a new draft of a published article; the published version stays public."""
    def change(article: Article) -> None:
        article.author, article.submitted_by = actor, None

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=EDIT, step=workflow.Step.REVISE, action=actions.ARTICLE_UPDATED,
                 change=change)


def article_archive(*, actor, article: Article, expected_version: int | None) -> Article:
    """Withdraw the article: the public no longer finds it (its versions are kept)."""
    def change(article: Article) -> None:
        article.current_version, article.publish_at = None, None

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=REVIEW, step=workflow.Step.ARCHIVE, action=actions.ARTICLE_ARCHIVED,
                 change=change)


def article_restore(*, actor, article: Article, expected_version: int | None) -> Article:
    """An archived article becomes a draft again (public once approved again)."""
    def change(article: Article) -> None:
        article.submitted_by = None

    return _step(actor=actor, article=article, expected_version=expected_version,
                 permission=EDIT, step=workflow.Step.RESTORE, action=actions.ARTICLE_RESTORED,
                 change=change)


# ----- attachments -------------------------------------------------------------------

def attachment_add(*, actor, article: Article, incoming: IncomingFile) -> ArticleAttachment:
    require_on(actor, EDIT, article)
    with files_removed_on_rollback(), transaction.atomic():
        row = record_file_build(ArticleAttachment, incoming, article=article)
        row.save()
        audit.record(actor=actor, action=actions.ARTICLE_ATTACHMENT_ADDED, obj=article,
                     after={"attachment": row.pk, "name": row.original_name})
    return row


def attachment_remove(*, actor, attachment: ArticleAttachment) -> None:
    article = attachment.article
    require_on(actor, EDIT, article)
    with transaction.atomic():
        audit.record(actor=actor, action=actions.ARTICLE_ATTACHMENT_REMOVED, obj=article,
                     before={"attachment": attachment.pk, "name": attachment.original_name})
        attachment.delete()
    transaction.on_commit(lambda: attachment.file.delete(save=False))


# ----- was this helpful? --------------------------------------------------------------

def voter_key(token: str) -> str:
    """The keyed hash stored for a browser's random voting token."""
    return hmac.new(settings.SECRET_KEY.encode() + VOTER_SALT, token.encode(),
                    hashlib.sha256).hexdigest()


def vote_cast(*, article: Article, token: str, helpful: bool, reason: str = "",
              client: str | None = None) -> Vote:
    """One vote per article and browser; a reason is required with "no". A client address
    sending more than MINFU_KB_VOTE_RATE votes is refused (RateLimited)."""
    if not article.is_live or article.is_internal:
        raise NotFound(_("No such article."))
    verdict = throttle.attempt(key_prefix=VOTE_KEY_PREFIX, client=client,
                               rate=throttle.parse_rate(settings.MINFU_KB_VOTE_RATE,
                                                        setting="MINFU_KB_VOTE_RATE"))
    if not verdict.allowed:
        raise RateLimited(_("Too many answers from your connection. Try again later."),
                          details={"retry_after": verdict.retry_after})
    if not token:
        raise ValidationFailed(_("Your browser did not keep our cookie; allow cookies to "
                                 "vote."), code="no_cookie")
    reason = reason.strip()
    if not helpful and not reason:
        raise ValidationFailed(details={"reason": [str(_("Tell us what was missing or "
                                                         "unclear."))]})
    if len(reason) > 1000:
        raise ValidationFailed(details={"reason": [str(_("At most 1000 characters."))]})
    key = voter_key(token)
    try:
        with transaction.atomic():
            return Vote.objects.create(article=article, voter=key, helpful=helpful,
                                       reason=scrub.scrub(reason) if not helpful else "",
                                       version_number=article.current_version.number)
    except IntegrityError:
        raise Conflict(_("This browser has already told us about this article. Thank you."),
                       code="already_voted") from None


# ----- answering citizens --------------------------------------------------------------

def quote(article: Article, *, language: str) -> str:
    """The reply text that quotes the article's published version, with its address."""
    version = article.current_version
    english = language.startswith("en") and version.title_en and version.body_en
    title = version.title_en if english else version.title_zh
    body = markup.plain_text(version.body_en if english else version.body_zh)
    path = public_path(article)
    if language.startswith("en"):
        path = "/en" + path
    if english:
        return f"{title}\n\n{body}\n\nMore: {site_url(path)}"
    return f"{title}\n\n{body}\n\n詳見：{site_url(path)}"


def _usable(article: Article, organisation_id: int) -> None:
    if not article.is_live or article.organisation_id != organisation_id:
        raise ValidationFailed(details={"article": [str(_("Choose a published article of "
                                                          "the same organisation."))]})


def article_answer_petition(*, actor, article: Article, petition: Petition,
                            expected_version: int | None, intro: str = "") -> Reply:
    """Answer a petition with an article: the reply draft quotes the article (voice's own
    reply service writes it, so it goes to the supervisor for approval as any reply) and
    the link is kept as an ArticleUse."""
    _usable(article, petition.organisation_id)
    with transaction.atomic():
        text = quote(article, language=petition.language)
        if intro.strip():
            text = f"{intro.strip()}\n\n{text}"
        reply = voice_services.reply_draft(actor=actor, petition=petition, text=text,
                                           expected_version=expected_version)
        ArticleUse.objects.get_or_create(
            article=article, petition=petition,
            defaults={"used_by": actor, "version_number": article.current_version.number})
        audit.record(actor=actor, action=actions.ARTICLE_USED, obj=article,
                     after={"petition": petition.pk, "reply": reply.pk})
    return reply


def call_log(*, actor, organisation: Organisation, question: str, outcome: str,
             article: Article | None = None, category: Category | None = None,
             service_type=None, details: str = "", idempotency_key: str | None = None,
             taken_at: dt.datetime | None = None) -> HotlineCall:
    """Log a hotline call from the console: answered with an article, answered without one
    (a gap), or not answered at first contact and registered as a petition of the hotline
    channel through voice's intake (a gap too). The question is kept without personal data;
    a repeated `idempotency_key` returns the call it logged."""
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key:
        existing = HotlineCall.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    require(actor, CONSOLE, within=organisation)
    errors: dict[str, list[str]] = {}
    question = scrub.scrub(" ".join(question.split()))
    if not question:
        errors["question"] = [str(_("Write down what the caller asked."))]
    elif len(question) > QUESTION_MAX:
        errors["question"] = [str(_("At most 300 characters."))]
    if outcome not in CallOutcome.values:
        errors["outcome"] = [str(_("Choose how the call ended."))]
    elif outcome == CallOutcome.ANSWERED and article is None:
        errors["article"] = [str(_("Choose the article that answered the caller."))]
    if category is not None and category.organisation_id != organisation.pk:
        errors["category"] = [str(_("Choose a category of this agency."))]
    if service_type is not None and service_type.organisation_id != organisation.pk:
        errors["service_type"] = [str(_("Choose a service of this agency."))]
    if errors:
        raise ValidationFailed(details=errors)
    if outcome != CallOutcome.ANSWERED:
        article = None
    else:
        _usable(article, organisation.pk)
    taken_at = taken_at or timezone.now()
    try:
        with transaction.atomic():
            call = HotlineCall(organisation=organisation, officer=actor, question=question,
                               category=category, service_type=service_type, outcome=outcome,
                               article=article, taken_at=taken_at,
                               idempotency_key=idempotency_key)
            if outcome == CallOutcome.ESCALATED:
                petition, _code = voice_services.petition_submit(
                    organisation=organisation, kind=Kind.QUESTION,
                    channel=PetitionChannel.HOTLINE,
                    petitioner=voice_services.Petitioner(anonymous=True),
                    subject=question[:200], text=details.strip() or question,
                    category=category, received_at=taken_at, actor=actor,
                    idempotency_key=f"kb-call:{idempotency_key}" if idempotency_key else None)
                call.petition, call.unit = petition, petition.unit
            call.save()
            if article is not None:
                ArticleUse.objects.create(article=article, call=call, used_by=actor,
                                          used_at=taken_at,
                                          version_number=article.current_version.number)
            audit.record(actor=actor, action=actions.HOTLINE_CALL_LOGGED, obj=call,
                         after={"outcome": outcome, "article": article.pk if article else None,
                                "petition": call.petition_id})
    except IntegrityError:
        existing = HotlineCall.objects.filter(idempotency_key=idempotency_key).first() \
            if idempotency_key else None
        if existing is None:
            raise
        return existing
    return call


def article_from_reply(*, actor, reply: Reply) -> Article:
    """One step from a published petition reply to a draft FAQ: the question and the
    reply with personal data removed (the petitioner's own, and anything that looks like
    an ID number, a telephone number or an e-mail address). The draft goes through review
    like any other; a reply already turned into an article gives that article."""
    existing = Article.objects.filter(source_reply=reply).first()
    if existing is not None:
        return existing
    if reply.approved_at is None or not reply.publish:
        raise ValidationFailed(_("Only a reply approved for publication can become an "
                                 "article."), code="reply_not_published")
    petition = reply.petition

    def cleaned(text: str) -> str:
        return scrub.scrub(voice_rules.mask_personal_data(
            text, name=petition.petitioner_name, id_number=petition.petitioner_id_number,
            email=petition.contact_email, phone=petition.contact_phone))

    english = reply.language.startswith("en")
    title = cleaned(petition.subject)[:TITLE_MAX]
    body = cleaned(reply.published_text or reply.text)
    question = cleaned(petition.text)
    text = f"**問：** {question}\n\n**答：** {body}" if not english else \
        f"**Q:** {question}\n\n**A:** {body}"
    try:
        return article_create(
            actor=actor, organisation=petition.organisation, unit=petition.unit,
            kind=ArticleKind.FAQ, title_zh=title,
            title_en=title if english else "", body_zh=text, body_en=text if english else "",
            categories=[petition.category] if petition.category_id else [],
            source_reply=reply)
    except IntegrityError:  # a second click raced the first
        return Article.objects.get(source_reply=reply)

