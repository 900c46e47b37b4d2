from django.urls import path

from minfu.notify.views import staff

app_name = "notify"
urlpatterns = [
    path("", staff.outbox_list, name="staff-outbox"),
    path("messages/<int:pk>/", staff.message_detail, name="staff-message"),
    path("messages/<int:pk>/resend/", staff.message_resend, name="staff-message-resend"),
    path("templates/", staff.template_list, name="staff-templates"),
    path("templates/<int:pk>/", staff.template_preview, name="staff-template-preview"),
]
