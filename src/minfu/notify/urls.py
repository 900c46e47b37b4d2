from django.urls import path

from minfu.core.urls import thing_routes
from minfu.notify.views import staff

app_name = "notify"
urlpatterns = [
    path("", staff.outbox_list, name="staff-outbox"),
    *thing_routes("messages/", "staff-message", detail=staff.message_detail,
                  resend=staff.message_resend),
    path("templates/", staff.template_list, name="staff-templates"),
    path("templates/<int:pk>/", staff.template_preview, name="staff-template-preview"),
]
