"""`{% load record_cells %}`: the cells every staff list of records shows in each row, the
due date with its mark and the assigned officer. Tags rather than included templates: a
queue draws them 25 times a page, and an `{% include %}` per cell was a fifth of the
page's rendering (docs/performance.md, "Staff pages")."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from minfu.core.templatetags.roc import roc_short

register = template.Library()

MARKS = {  # mark: (class, symbol, words)
    "overdue": ("mark-overdue", "⚠", lambda: _("Overdue")),
    "due_soon": ("mark-due-soon", "⏰", lambda: _("Due soon")),
}


@register.simple_tag
def due_cell(due, mark=""):
    """The due date (ROC on Chinese pages) and, when overdue or due soon, its mark."""
    if mark not in MARKS:
        return roc_short(due)
    css, symbol, words = MARKS[mark]
    return format_html('{} <strong class="mark {}"><span aria-hidden="true">{}</span> {}</strong>',
                       roc_short(due), css, symbol, words())


@register.filter
def officer_name(officer) -> str:
    """The officer's full name (or user name), or "Not assigned"."""
    if not officer:
        return _("Not assigned")
    return officer.get_full_name() or officer.get_username()
