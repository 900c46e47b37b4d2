from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The citizen-record kernel: what every record a citizen starts shares (numbers,
    access codes, the public lookup, throttling, checked uploads, event history, workflow
    steps, daily jobs)."""

    name = "minfu.records"
    verbose_name = _("Citizen records")


class RecordAppMixin:
    """For the AppConfig of an app whose records are a kind of citizen record (a mixin,
    not an AppConfig: Django would take it for the app's own config).

    ready() imports the app's `kind` and `steps` modules (they register the record kind
    and the steps staff take) and adds the app's closure listener, named by
    `closure_listener` ("services.<function>"), to the listeners of
    `minfu.workcal.services`: a closure recorded in a locality recounts the due dates of
    the open records there."""

    closure_listener = ""

    def ready(self):
        from minfu.workcal.services import CLOSURE_LISTENERS

        import_module(f"{self.name}.kind")
        import_module(f"{self.name}.steps")
        module, function = self.closure_listener.rsplit(".", 1)
        listener = getattr(import_module(f"{self.name}.{module}"), function)
        if listener not in CLOSURE_LISTENERS:
            CLOSURE_LISTENERS.append(listener)
