"""Public pages of the web shell: the home page and the site statements."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.catalog import selectors as catalog_selectors

# The search box suggests a few services the catalogue really has, so the example works.
SEARCH_EXAMPLES = 3


def home(request):
    examples = catalog_selectors.public_versions(on=timezone.localdate())[:SEARCH_EXAMPLES]
    return render(request, "web/public/home.html",
                  {"search_examples": [version.name for version in examples]})


def accessibility(request):
    return _statement(request, "web/public/accessibility.html", _("Accessibility statement"))


def privacy(request):
    return _statement(request, "web/public/privacy.html", _("Privacy and data security policy"))


def _statement(request, template: str, title: str):
    breadcrumbs = [(_("Home"), reverse("web:public-home")), (title, None)]
    return render(request, template, {"title": title, "breadcrumbs": breadcrumbs})
