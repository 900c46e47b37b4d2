from django.urls import path

from minfu.documents.views import staff

app_name = "documents"
urlpatterns = [
    path("", staff.home, name="staff-home"),
    path("<int:pk>/", staff.organisation, name="staff-organisation"),
    path("<int:pk>/letterhead/", staff.letterhead_edit, name="staff-letterhead"),
    path("<int:pk>/wordings/<str:kind>/", staff.wording_edit, name="staff-wording"),
    path("<int:pk>/wordings/<str:kind>/reset/", staff.wording_reset, name="staff-wording-reset"),
]
