from django.urls import path

from minfu.knowledge.views import public, staff

app_name = "knowledge"
urlpatterns = [
    path("kb/", public.index, name="public-index"),
    path("kb/agency/<str:code>/", public.organisation_articles, name="public-organisation"),
    path("kb/topic/<str:code>/", public.topic_articles, name="public-topic"),
    path("kb/<int:pk>/", public.article, name="public-article"),
    path("kb/<int:pk>/v/<int:number>/", public.version, name="public-version"),
    path("kb/<int:pk>/vote/", public.vote, name="public-vote"),
    path("kb/files/<int:pk>/", public.attachment_download, name="public-attachment"),
    path("staff/knowledge/", staff.article_list, name="staff-list"),
    path("staff/knowledge/new/", staff.article_create, name="staff-create"),
    path("staff/knowledge/console/", staff.console, name="staff-console"),
    path("staff/knowledge/gaps/", staff.gaps, name="staff-gaps"),
    path("staff/knowledge/answer/<int:petition_pk>/", staff.answer_petition,
         name="staff-answer"),
    path("staff/knowledge/from-reply/<int:reply_pk>/", staff.from_reply,
         name="staff-from-reply"),
    path("staff/knowledge/files/<int:pk>/", staff.attachment_download,
         name="staff-attachment"),
    path("staff/knowledge/files/<int:pk>/remove/", staff.attachment_remove,
         name="staff-attachment-remove"),
    path("staff/knowledge/<int:pk>/", staff.article_detail, name="staff-detail"),
    path("staff/knowledge/<int:pk>/edit/", staff.article_edit, name="staff-edit"),
    path("staff/knowledge/<int:pk>/files/", staff.attachment_add, name="staff-attachment-add"),
    path("staff/knowledge/<int:pk>/v/<int:number>/", staff.version_detail,
         name="staff-version"),
    path("staff/knowledge/<int:pk>/<slug:step>/", staff.article_step, name="staff-step"),
]
