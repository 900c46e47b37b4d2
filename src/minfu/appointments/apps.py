from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from minfu.records.apps import RecordAppMixin


class AppointmentsConfig(RecordAppMixin, AppConfig):
    """Service points (服務據點) and counter appointments (預約臨櫃服務), a kind of
    citizen record. A closure recorded in a locality displaces the appointments booked
    there during it (services.appointments_displace_for_closures)."""

    name = "minfu.appointments"
    label = "appointments"
    verbose_name = _("Service points and appointments")
    closure_listener = "services.appointments_displace_for_closures"

    def ready(self) -> None:
        from minfu.appointments import actions  # noqa: F401  (registers the action names)

        super().ready()
