from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The citizen-record kernel: what every record a citizen starts shares (numbers,
    access codes, the public lookup, throttling, checked uploads, event history, workflow
    steps, daily jobs)."""

    name = "minfu.records"
    verbose_name = _("Citizen records")
