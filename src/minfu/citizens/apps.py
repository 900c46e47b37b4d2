from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "minfu.citizens"
    label = "citizens"
    verbose_name = _("Citizen accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minfu.citizens import actions  # noqa: F401  (registers the action names)
