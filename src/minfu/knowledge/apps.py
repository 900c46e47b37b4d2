from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge base: FAQs, common filing errors, how-tos, announcements and the call
    centre's internal answers, reviewed before they are published, fed by what citizens
    ask (docs/knowledge.md)."""

    name = "minfu.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")
