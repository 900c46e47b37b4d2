"""URLs of voice (included at the site root by config/urls.py): the citizen's pages under
voice/, the officers' under staff/voice/."""

from django.urls import path

from minfu.documents.letters import format_paths
from minfu.records.views import lookup
from minfu.voice.views import config, public, staff

app_name = "voice"
urlpatterns = [
    # citizens
    path("voice/", public.index, name="public-index"),
    path("voice/new/<str:organisation_code>/", public.submit, name="public-submit"),
    path("voice/new/<str:organisation_code>/mailbox/", public.submit, {"mailbox": True},
         name="public-mailbox"),
    path("voice/receipt/<str:number>/", public.receipt, name="public-receipt"),
    path("voice/lookup/", lookup, {"page": public.LOOKUP_PAGE},
         name="public-lookup"),
    path("voice/progress/<int:pk>/", public.progress, name="public-progress"),
    *format_paths("voice/progress/<int:pk>/reply", public.reply_document, "public-reply"),
    path("voice/rate/<str:token>/", public.rate, name="public-rate"),
    path("voice/confirm/<str:token>/", public.confirm_contact, name="public-confirm"),
    path("voice/replies/", public.published, name="public-replies"),
    path("voice/replies/<int:pk>/", public.published_reply, name="public-reply"),
    # officers
    path("staff/voice/", staff.queue, name="staff-queue"),
    path("staff/voice/queue/<slug:view>/", staff.queue, name="staff-queue-view"),
    path("staff/voice/record/", staff.record, name="staff-record"),
    path("staff/voice/configuration/", config.configuration, name="staff-config"),
    path("staff/voice/configuration/<slug:which>/add/", config.configuration_add,
         name="staff-config-add"),
    path("staff/voice/configuration/categories/<int:pk>/", config.category_edit,
         name="staff-category-edit"),
    path("staff/voice/configuration/rules/<int:pk>/off/", config.rule_delete,
         name="staff-rule-off"),
    path("staff/voice/configuration/readers/<int:pk>/remove/", config.reader_remove,
         name="staff-reader-remove"),
    path("staff/voice/statistics/", config.statistics, name="staff-statistics"),
    path("staff/voice/follow-ups/", staff.follow_up_list, name="staff-follow-ups"),
    path("staff/voice/<int:pk>/", staff.detail, name="staff-detail"),
    path("staff/voice/attachments/<int:pk>/", staff.attachment_download,
         name="staff-attachment"),
    path("staff/voice/<int:pk>/follow-ups/<int:follow_up_pk>/close/", staff.follow_up_close,
         name="staff-follow-up-close"),
    *format_paths("staff/voice/<int:pk>/reply", staff.reply_document, "staff-reply"),
    path("staff/voice/<int:pk>/<slug:action>/", staff.action, name="staff-action"),
]
