"""The default templates of the notice sent when a change of a service point's hours,
special days or slot length takes the time of a booked appointment
(`appointment.time_withdrawn`). Created only where no default exists yet; the texts are
frozen here, in the words and the pieces of 0002."""

import importlib

from django.db import migrations

from minfu.notify.default_templates import add_defaults

_0002 = importlib.import_module("minfu.appointments.migrations.0002_default_templates")
WHEN, WHERE, WHERE_EN = _0002.WHEN, _0002.WHERE, _0002.WHERE_EN

TEMPLATES = {
    ("appointment.time_withdrawn", "email"): _0002._email(
        "服務時間異動：請重新選擇預約時間（{{ appointment_number }}）",
        "因" + WHERE + "調整服務時間，您" + WHEN + "的預約（{{ service_name }}）"
        "無法進行。請以下方連結選擇新的時間，或取消預約。",
        "Opening hours changed: please choose a new time ({{ appointment_number }})",
        "The opening hours of " + WHERE_EN + " have changed, and your appointment for "
        "\"{{ service_name }}\" on " + WHEN + " cannot take place. Please choose a new time "
        "with the link below, or cancel."),
    ("appointment.time_withdrawn", "sms"): (
        "", "{{ organisation_name }}：因服務時間異動，預約{{ appointment_number }}需改期，"
            "請選新時間：{{ manage_url }}",
        "", "{{ organisation_name }}: opening hours changed; choose a new time for "
            "{{ appointment_number }}: {{ manage_url }}"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("appointments", "0003_appointmentevent_partitioned_by_month"),
        ("notify", "0005_easy_read_and_supply_reminders"),
    ]

    operations = [add_defaults(TEMPLATES)]
