from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "minfu.cases"
    label = "cases"
    verbose_name = _("Applications")

    def ready(self):
        from minfu.cases import kind  # noqa: F401  (registers the record kind)

        # A closure recorded in a locality recounts the due dates of its open cases.
        from minfu.cases.services import cases_recalculate_for_locality
        from minfu.workcal.services import CLOSURE_LISTENERS

        if cases_recalculate_for_locality not in CLOSURE_LISTENERS:
            CLOSURE_LISTENERS.append(cases_recalculate_for_locality)
        # The steps staff take (minfu.records.steps.steps_for("case")).
        from minfu.cases import steps  # noqa: F401
