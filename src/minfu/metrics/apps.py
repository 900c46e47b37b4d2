from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "minfu.metrics"
    label = "metrics"
    verbose_name = _("Metrics")

    def ready(self):
        # The citizen records tell metrics about their changes; they never import metrics.
        from minfu.metrics.services import record_changed_listener
        from minfu.records.hooks import on_record_changed

        on_record_changed(record_changed_listener)
