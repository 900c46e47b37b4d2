from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search over what the apps offer (services, articles, published replies, and for
    staff the records in their scope), built for Traditional Chinese."""

    name = "minfu.search"
    verbose_name = _("Search")
