"""The audit trail page: who changed what, for those who hold `audit.view`, limited to
their organisations (selectors.audit_events_for)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from minfu.core.errors import PermissionDenied
from minfu.org import selectors
from minfu.org.auth import staff_required
from minfu.org.forms import AuditFilterForm

PAGE_SIZE = 50


@staff_required
def audit_log(request):
    if not selectors.may_view_audit(request.user):
        raise PermissionDenied()
    form = AuditFilterForm(request.GET or None)
    events = selectors.audit_events_for(request.user, form.audit_filter())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/staff/audit.html", {
        "form": form, "page_obj": page, "events": page.object_list,
        "breadcrumbs": [(_("Audit trail"), None)],
    })
