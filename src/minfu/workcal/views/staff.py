"""Staff pages of the office calendar: closures, the year view, and the import of the
official file (upload, check the changes, confirm)."""

import base64
import datetime as dt
import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minfu.core import roc
from minfu.core.errors import DomainError
from minfu.core.forms import form_submitted
from minfu.org.auth import staff_required
from minfu.org.models import Locality
from minfu.workcal import selectors, services
from minfu.workcal.forms import (
    CalendarConfirmForm,
    CalendarUploadForm,
    ClosureDeleteForm,
    ClosureForm,
)

PENDING_IMPORT_KEY = "workcal_pending_import"
FIRST_YEAR, LAST_YEAR = 1912, 2200  # ROC 1 to a year no file will reach


def _closure_get(request, pk, *, to_manage=False):
    return selectors.closure_get_for(request.user, pk, to_manage=to_manage)


@staff_required
def closure_list(request):
    manageable = selectors.closure_localities_for(request.user)
    return render(request, "workcal/staff/closures.html", {
        "closures": selectors.closures_for(request.user)[:500],
        "manageable_localities": manageable,
        "may_import": selectors.may_import_calendar(request.user),
    })


def _closure_fields(data: dict) -> dict:
    """What the closure form says of a closure, as the services take it."""
    return {name: data[name] for name in ("locality", "date", "starts_at", "ends_at",
                                          "notice_reference", "note")}


@staff_required
@require_http_methods(["GET", "POST"])
def closure_create(request):
    localities = selectors.closure_localities_for(request.user)
    if not localities:
        raise HttpForbidden
    form = ClosureForm(request.POST or None, localities=selectors.locality_choices(localities))
    closure = form_submitted(request, form, lambda: services.closure_create(
        actor=request.user, **_closure_fields(form.cleaned_data)))
    if closure:
        messages.success(request, _("Closure of %(place)s on %(date)s recorded; deadlines "
                                    "there are counted without that day.")
                         % {"place": closure.get_locality_display(),
                            "date": closure.date.isoformat()})
        return redirect("workcal:staff-closures")
    return render(request, "workcal/staff/closure_form.html", {"form": form, "closure": None})


@staff_required
@require_http_methods(["GET", "POST"])
def closure_edit(request, pk):
    closure = _closure_get(request, pk, to_manage=True)
    localities = selectors.closure_localities_for(request.user)
    initial = {"locality": closure.locality, "date": closure.date,
               "starts_at": closure.starts_at, "ends_at": closure.ends_at,
               "notice_reference": closure.notice_reference, "note": closure.note,
               "version": closure.version}
    form = ClosureForm(request.POST or None, initial=initial,
                       localities=selectors.locality_choices(localities))
    if form_submitted(request, form, lambda: services.closure_update(
            closure=closure, expected_version=form.cleaned_data["version"], actor=request.user,
            **_closure_fields(form.cleaned_data)), _("Closure saved.")):
        return redirect("workcal:staff-closures")
    return render(request, "workcal/staff/closure_form.html", {"form": form, "closure": closure})


@staff_required
@require_http_methods(["GET", "POST"])
def closure_delete(request, pk):
    closure = _closure_get(request, pk, to_manage=True)
    form = ClosureDeleteForm(request.POST or None, initial={"version": closure.version})
    if form_submitted(request, form, lambda: services.closure_delete(
            closure=closure, expected_version=form.cleaned_data["version"], actor=request.user),
            _("Closure removed.")):
        return redirect("workcal:staff-closures")
    return render(request, "workcal/staff/closure_confirm_delete.html",
                  {"form": form, "closure": closure})


def _month_caption(first_day: dt.date) -> str:
    if (get_language() or "").startswith("en"):
        return first_day.strftime("%B %Y")
    return roc.format_roc_month(first_day)


@staff_required
def year_view(request, year=None):
    year = year or timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    choices = selectors.locality_choices(selectors.visible_localities(request.user))
    locality = request.GET.get("locality") or ""
    if locality not in dict(choices):
        locality = choices[0][0] if choices else ""
    months = [{"caption": _month_caption(month.first_day), "weeks": month.weeks}
              for month in selectors.office_year(year, locality=locality or None)]
    return render(request, "workcal/staff/year.html", {
        "year": year, "roc_year": year - roc.ROC_OFFSET, "months": months,
        "locality": locality, "locality_label": Locality(locality).label if locality else "",
        "locality_choices": choices, "covered_years": selectors.covered_years(),
        "previous_year": year - 1, "next_year": year + 1,
        "may_import": selectors.may_import_calendar(request.user),
        "weekday_labels": _weekday_labels(),
    })


def _weekday_labels() -> list[tuple[str, str]]:
    """(short, full) weekday names, Monday first as in the official file."""
    return [(_("Mon"), _("Monday")), (_("Tue"), _("Tuesday")), (_("Wed"), _("Wednesday")),
            (_("Thu"), _("Thursday")), (_("Fri"), _("Friday")), (_("Sat"), _("Saturday")),
            (_("Sun"), _("Sunday"))]


@staff_required
@require_http_methods(["GET", "POST"])
def calendar_import(request):
    if not selectors.may_import_calendar(request.user):
        raise HttpForbidden
    if request.method == "POST" and "sha256" in request.POST:
        return _confirm_import(request)
    upload_form = CalendarUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = selectors.office_calendar_preview(content=content, file_name=upload.name)
        except DomainError as error:
            return _import_page(request, upload_form, error_message=error.message,
                                problems=error.details.get("problems", []))
        request.session[PENDING_IMPORT_KEY] = {
            "sha256": preview.sha256, "file_name": upload.name,
            "content": base64.b64encode(content).decode("ascii"),
        }
        return render(request, "workcal/staff/import_preview.html", {
            "preview": preview,
            "confirm_form": CalendarConfirmForm(initial={"sha256": preview.sha256}),
        })
    return _import_page(request, upload_form)


def _import_page(request, form, **context):
    return render(request, "workcal/staff/import.html", {
        "form": form, "batches": selectors.import_batches()[:20],
        "loaded_years": selectors.loaded_years_summary(), **context,
    })


def _confirm_import(request):
    form = CalendarConfirmForm(request.POST)
    pending = request.session.get(PENDING_IMPORT_KEY) or {}
    if not form.is_valid() or pending.get("sha256") != form.cleaned_data["sha256"]:
        messages.error(request, _("That upload is no longer waiting for confirmation; "
                                  "upload the file again."))
        return redirect("workcal:staff-import")
    content = base64.b64decode(pending["content"])
    if hashlib.sha256(content).hexdigest() != pending["sha256"]:
        messages.error(request, _("Upload the file again."))
        return redirect("workcal:staff-import")
    try:
        batch = services.office_calendar_import(content=content, file_name=pending["file_name"],
                                                actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("workcal:staff-import")
    del request.session[PENDING_IMPORT_KEY]
    messages.success(request, _("Imported %(file)s: %(total)d days, %(changed)d changed.")
                     % {"file": batch.file_name, "total": batch.days_total,
                        "changed": batch.days_changed})
    return redirect("workcal:staff-import")
