from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "minfu.voice"
    label = "voice"
    verbose_name = _("Citizen voice")

    def ready(self):
        from minfu.voice import kind  # noqa: F401  (registers the record kind)

        # A closure recorded in a locality recounts the due dates of its open petitions.
        from minfu.voice.services import petitions_recalculate_for_locality
        from minfu.workcal.services import CLOSURE_LISTENERS

        if petitions_recalculate_for_locality not in CLOSURE_LISTENERS:
            CLOSURE_LISTENERS.append(petitions_recalculate_for_locality)
        # The steps staff take (minfu.records.steps.steps_for("petition")).
        from minfu.voice import steps  # noqa: F401
