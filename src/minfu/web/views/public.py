"""Public pages of the web shell: the home page and the site statements."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


def home(request):
    return render(request, "web/public/home.html")


def accessibility(request):
    return _statement(request, "web/public/accessibility.html", _("Accessibility statement"))


def privacy(request):
    return _statement(request, "web/public/privacy.html", _("Privacy and data security policy"))


def _statement(request, template: str, title: str):
    breadcrumbs = [(_("Home"), reverse("web:public-home")), (title, None)]
    return render(request, template, {"title": title, "breadcrumbs": breadcrumbs})
