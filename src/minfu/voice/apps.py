from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from minfu.records.apps import RecordAppMixin


class VoiceConfig(RecordAppMixin, AppConfig):
    name = "minfu.voice"
    label = "voice"
    verbose_name = _("Citizen voice")
    closure_listener = "services.petitions_recalculate_for_locality"
