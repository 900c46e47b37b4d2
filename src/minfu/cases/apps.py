from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from minfu.records.apps import RecordAppMixin


class CasesConfig(RecordAppMixin, AppConfig):
    name = "minfu.cases"
    label = "cases"
    verbose_name = _("Applications")
    closure_listener = "services.cases_recalculate_for_locality"
