"""URLs of co-signed proposals and co-design sessions, appended to the participation
app's urlpatterns (urls.py): citizens' pages under participate/, officers' under
staff/participation/."""

from django.urls import path

from minfu.participation.views import proposals, sessions

urlpatterns = [
    path("participate/proposals/", proposals.proposal_list, name="proposal-list"),
    path("participate/proposals/new/<str:organisation_code>/", proposals.proposal_new,
         name="proposal-new"),
    path("participate/proposals/receipt/<str:number>/", proposals.proposal_receipt,
         name="proposal-receipt"),
    path("participate/proposals/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("participate/proposals/<int:pk>/sign/", proposals.proposal_sign, name="proposal-sign"),
    path("participate/proposals/<int:pk>/withdraw/", proposals.proposal_withdraw,
         name="proposal-withdraw"),
    path("participate/sessions/", sessions.session_list, name="session-list"),
    path("participate/sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("participate/sessions/<int:pk>/register/", sessions.session_register,
         name="session-register"),
    path("participate/sessions/<int:pk>/cancel/", sessions.session_unregister,
         name="session-unregister"),
    # officers
    path("staff/participation/proposals/", proposals.staff_queue, name="staff-proposal-queue"),
    path("staff/participation/proposals/<int:pk>/", proposals.staff_detail,
         name="staff-proposal-detail"),
    path("staff/participation/proposals/<int:pk>/link/", proposals.staff_link,
         name="staff-proposal-link"),
    path("staff/participation/proposals/<int:pk>/<slug:action>/", proposals.staff_action,
         name="staff-proposal-action"),
    path("staff/participation/sessions/", sessions.staff_list, name="staff-session-list"),
    path("staff/participation/sessions/new/", sessions.staff_new, name="staff-session-new"),
    path("staff/participation/sessions/<int:pk>/", sessions.staff_detail,
         name="staff-session-detail"),
    path("staff/participation/decisions/<int:pk>/link/", sessions.staff_decision_link,
         name="staff-decision-link"),
    path("staff/participation/sessions/<int:pk>/<slug:action>/", sessions.staff_action,
         name="staff-session-action"),
]
