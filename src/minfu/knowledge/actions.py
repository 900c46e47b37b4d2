"""The audit action names of the knowledge base, registered once."""

from minfu.core.audit import register_actions

ARTICLE_CREATED = "article.created"
ARTICLE_UPDATED = "article.updated"
ARTICLE_SUBMITTED = "article.submitted"
ARTICLE_RETURNED = "article.returned"
ARTICLE_APPROVED = "article.approved"
ARTICLE_PUBLISHED = "article.published"
ARTICLE_ARCHIVED = "article.archived"
ARTICLE_RESTORED = "article.restored"
ARTICLE_ATTACHMENT_ADDED = "article.attachment.added"
ARTICLE_ATTACHMENT_REMOVED = "article.attachment.removed"
ARTICLE_USED = "article.used"
ARTICLE_DRAFTED_FROM_REPLY = "article.from_reply.created"
HOTLINE_CALL_LOGGED = "hotline_call.logged"

ACTIONS = register_actions(
    ARTICLE_CREATED, ARTICLE_UPDATED, ARTICLE_SUBMITTED, ARTICLE_RETURNED, ARTICLE_APPROVED,
    ARTICLE_PUBLISHED, ARTICLE_ARCHIVED, ARTICLE_RESTORED, ARTICLE_ATTACHMENT_ADDED,
    ARTICLE_ATTACHMENT_REMOVED, ARTICLE_USED, ARTICLE_DRAFTED_FROM_REPLY, HOTLINE_CALL_LOGGED,
)
