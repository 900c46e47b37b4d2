from django.urls import path

from minfu.participation import proposals_sessions_urls
from minfu.participation.views import public, setup, staff, verify

app_name = "participation"
urlpatterns = [
    path("participate/", public.index, name="public-index"),
    path("participate/verify/", verify.verify, name="verify"),
    path("participate/consultations/<int:pk>/", public.consultation,
         name="public-consultation"),
    path("participate/consultations/<int:pk>/comment/", public.comment,
         name="public-comment"),
    path("participate/consultations/<int:pk>/report.<str:extension>",
         public.report_download, name="public-report"),
    path("participate/comments/<int:pk>/withdraw/", public.withdraw, name="public-withdraw"),
    path("participate/comments/<int:pk>/report-abuse/", public.report_abuse,
         name="public-report-abuse"),
    path("participate/polls/<int:pk>/", public.poll, name="public-poll"),
    path("participate/polls/<int:pk>/results.csv", public.poll_export,
         name="public-poll-export"),
    path("staff/participation/", staff.consultation_list, name="staff-list"),
    path("staff/participation/consultations/new/", setup.consultation_edit,
         name="staff-consultation-new"),
    path("staff/participation/consultations/<int:pk>/change/", setup.consultation_edit,
         name="staff-consultation-edit"),
    path("staff/participation/polls/new/", setup.poll_edit, name="staff-poll-new"),
    path("staff/participation/polls/<int:pk>/change/", setup.poll_edit,
         name="staff-poll-edit"),
    path("staff/participation/consultations/<int:pk>/", staff.consultation_detail,
         name="staff-consultation"),
    path("staff/participation/consultations/<int:pk>/close/", staff.consultation_close,
         name="staff-close"),
    path("staff/participation/consultations/<int:pk>/publish-report/",
         staff.consultation_report_publish, name="staff-publish-report"),
    path("staff/participation/comments/<int:pk>/publish/", staff.comment_publish,
         name="staff-comment-publish"),
    path("staff/participation/comments/<int:pk>/hide/", staff.comment_hide,
         name="staff-comment-hide"),
    path("staff/participation/comments/<int:pk>/answer/", staff.comment_answer,
         name="staff-comment-answer"),
    path("staff/participation/comments/<int:pk>/link/", staff.comment_link,
         name="staff-comment-link"),
    path("staff/participation/polls/<int:pk>/", staff.poll_detail, name="staff-poll"),
    path("staff/participation/polls/<int:pk>/results.csv", staff.poll_export,
         name="staff-poll-export"),
]
urlpatterns += proposals_sessions_urls.urlpatterns  # co-signed proposals and co-design sessions
