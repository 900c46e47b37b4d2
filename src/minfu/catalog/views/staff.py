"""Staff pages of the catalogue: the service types of the user's organisations, their
version history, drafting, publishing, and spreadsheet import and export.

A record outside the user's organisations is 404; one the user sees but may not change
is 403."""

import base64

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.catalog import selectors, services, spreadsheet
from minfu.catalog.forms import (
    ChooseOrganisationForm,
    CrossAgencyForm,
    DocumentFormSet,
    ExportForm,
    ImportForm,
    PublishForm,
    QuestionFormSet,
    ServiceTypeCodeForm,
    VersionForm,
    document_initial,
    question_initial,
)
from minfu.catalog.periods import describe_period
from minfu.core.errors import DomainError
from minfu.core.errors import PermissionDenied as DomainPermissionDenied
from minfu.core.forms import add_domain_error, form_submitted
from minfu.core.roc import format_roc_compact
from minfu.core.sheets import SheetReadError, read_workbook, write_ods, write_xlsx
from minfu.org.auth import staff_required
from minfu.org.selectors import organisations_for

IMPORT_SESSION_KEY = "catalog_import"
PAGE_SIZE = 25



def _crumbs(*trail):
    return [(_("Service catalogue"), reverse("catalog:staff-list")), *trail]


# Lists and history ----------------------------------------------------------------------

@staff_required
def service_list(request):
    today = timezone.localdate()
    page = Paginator(selectors.service_types_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    editable = selectors.editable_organisations(request.user)
    return render(request, "catalog/staff/list.html", {
        "page_obj": page,
        "rows": [selectors.summarise(service_type, on=today) for service_type in page],
        "may_create": editable.exists(),
        "export_form": ExportForm(organisations=organisations_for(request.user)),
        "breadcrumbs": [(_("Service catalogue"), None)],
    })


@staff_required
def service_detail(request, pk):
    service_type = selectors.service_type_for(request.user, pk)
    summary = selectors.summarise(service_type, on=timezone.localdate())
    organisation = service_type.organisation
    return render(request, "catalog/staff/detail.html", {
        "service_type": service_type,
        "summary": summary,
        "may_edit": selectors.may_edit(request.user, organisation),
        "may_publish": selectors.may_publish(request.user, organisation),
        "cross_agency": _cross_agency_form(service_type),
        "receivers": [opening.receiving_organisation for opening in
                      service_type.cross_agency_openings.select_related("receiving_organisation")],
        "breadcrumbs": _crumbs((str(service_type), None)),
    })


def _cross_agency_form(service_type, data=None) -> CrossAgencyForm:
    return CrossAgencyForm(data, owner=service_type.organisation, initial={
        "organisations": list(service_type.cross_agency_openings
                              .values_list("receiving_organisation_id", flat=True))})


@staff_required
@require_POST
def service_cross_agency(request, pk):
    """Open the service for cross-agency intake (跨機關通辦) at exactly the agencies ticked."""
    service_type = selectors.service_type_for(request.user, pk)
    form = _cross_agency_form(service_type, request.POST)
    if form.is_valid():
        try:
            services.cross_agency_openings_set(
                service_type=service_type, organisations=form.cleaned_data["organisations"],
                actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Cross-agency intake saved."))
    else:
        messages.error(request, _("Choose agencies from the list."))
    return redirect("catalog:staff-detail", service_type.pk)


@staff_required
def version_detail(request, pk):
    version = selectors.version_for(request.user, pk)
    language = get_language()
    return render(request, "catalog/staff/version.html", {
        "version": version,
        "service_type": version.service_type,
        "documents": list(version.documents.all()),
        "questions": list(version.questions.all()),
        "period_words": describe_period(version.period, language),
        "norm_words": describe_period(version.norm, language),
        "may_edit": selectors.may_edit(request.user, version.service_type.organisation),
        "breadcrumbs": _crumbs((str(version.service_type),
                                reverse("catalog:staff-detail", args=[version.service_type_id])),
                               (_("Version %(number)s") % {"number": version.number}, None)),
    })


# Drafting -------------------------------------------------------------------------------

def _draft_forms(request, *, organisation, version=None):
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, instance=version, organisation=organisation)
    documents = DocumentFormSet(data, prefix="documents",
                                initial=document_initial(version) if version else None)
    questions = QuestionFormSet(data, prefix="questions",
                                initial=question_initial(version) if version else None)
    return form, documents, questions


@staff_required
def service_create(request):
    editable = selectors.editable_organisations(request.user)
    if not editable.exists():
        raise DomainPermissionDenied()
    chooser = ChooseOrganisationForm(request.GET or None, organisations=editable)
    if editable.count() == 1:
        organisation = editable.get()
    elif chooser.is_bound and chooser.is_valid():
        organisation = chooser.cleaned_data["organisation"]
    else:
        return render(request, "catalog/staff/choose_organisation.html", {
            "form": chooser, "breadcrumbs": _crumbs((_("New service"), None))})
    code_form = ServiceTypeCodeForm(request.POST if request.method == "POST" else None)
    form, documents, questions = _draft_forms(request, organisation=organisation)
    if request.method == "POST" and all([code_form.is_valid(), form.is_valid(),
                                         documents.is_valid(), questions.is_valid()]):
        try:
            version = services.service_type_create(
                organisation=organisation, code=code_form.cleaned_data["code"],
                content=form.content(documents.items(), questions.items()),
                actor=request.user)
        except DomainError as error:
            code_messages = error.details.pop("code", [])
            for message in code_messages:
                code_form.add_error("code", message)
            if error.details or not code_messages:
                add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Publish it when it is complete."))
            return redirect("catalog:staff-detail", version.service_type_id)
    return render(request, "catalog/staff/edit.html", {
        "organisation": organisation, "code_form": code_form, "form": form,
        "documents": documents, "questions": questions,
        "breadcrumbs": _crumbs((_("New service"), None)),
    })


@staff_required
def version_edit(request, pk):
    version = selectors.version_for(request.user, pk)
    service_type = version.service_type
    if not selectors.may_edit(request.user, service_type.organisation):
        raise DomainPermissionDenied()
    if not version.is_draft:
        messages.warning(request, _("A published version cannot be changed. Start a new "
                                    "draft from it instead."))
        return redirect("catalog:staff-detail", service_type.pk)
    form, documents, questions = _draft_forms(request, organisation=service_type.organisation,
                                              version=version)
    if request.method == "POST" and all([form.is_valid(), documents.is_valid(),
                                         questions.is_valid()]):
        try:
            services.service_type_version_update(
                version=version, content=form.content(documents.items(), questions.items()),
                expected_version=form.cleaned_data.get("lock_version"), actor=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("catalog:staff-detail", service_type.pk)
    return render(request, "catalog/staff/edit.html", {
        "organisation": service_type.organisation, "version": version, "form": form,
        "documents": documents, "questions": questions,
        "breadcrumbs": _crumbs((str(service_type),
                                reverse("catalog:staff-detail", args=[service_type.pk])),
                               (_("Edit draft"), None)),
    })


@staff_required
def version_publish(request, pk):
    version = selectors.version_for(request.user, pk)
    service_type = version.service_type
    if not selectors.may_publish(request.user, service_type.organisation):
        raise DomainPermissionDenied()
    if not version.is_draft:
        messages.warning(request, _("Only a draft can be published."))
        return redirect("catalog:staff-detail", service_type.pk)
    form = PublishForm(request.POST or None, initial={"lock_version": version.version})
    if form_submitted(request, form, lambda: services.service_type_version_publish(
            version=version, expected_version=form.cleaned_data["lock_version"],
            effective_from=form.cleaned_data.get("effective_from"), actor=request.user),
            _("The version is published.")):
        return redirect("catalog:staff-detail", service_type.pk)
    return render(request, "catalog/staff/publish.html", {
        "version": version, "service_type": service_type, "form": form,
        "in_force": selectors.version_in_force(service_type, on=timezone.localdate()),
        "breadcrumbs": _crumbs((str(service_type),
                                reverse("catalog:staff-detail", args=[service_type.pk])),
                               (_("Publish"), None)),
    })


@staff_required
@require_POST
def version_new_draft(request, pk):
    service_type = selectors.service_type_for(request.user, pk)
    if not selectors.may_edit(request.user, service_type.organisation):
        raise DomainPermissionDenied()
    source = None
    if request.POST.get("source"):
        source = selectors.version_of_for(request.user, service_type, request.POST["source"])
    try:
        draft = services.service_type_version_new_draft(service_type=service_type,
                                                        source=source, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("catalog:staff-detail", service_type.pk)
    messages.success(request, _("A new draft was started as version %(number)s.")
                     % {"number": draft.number})
    return redirect("catalog:staff-version-edit", draft.pk)


# Spreadsheets ---------------------------------------------------------------------------

@staff_required
def service_export(request):
    form = ExportForm(request.GET or None, organisations=organisations_for(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an organisation you see and a format."))
        return redirect("catalog:staff-list")
    today = timezone.localdate()
    versions = selectors.export_versions(
        request.user, organisation=form.cleaned_data["organisation"], on=today)
    workbook = spreadsheet.build_workbook(versions)
    extension = form.cleaned_data["format"]
    if extension == "ods":
        content = write_ods(workbook)
        content_type = "application/vnd.oasis.opendocument.spreadsheet"
    else:
        content = write_xlsx(workbook)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"service-types-{format_roc_compact(today)}.{extension}")
    return response


def _read_upload(data: bytes, filename: str, organisation):
    workbook, multi_sheet = read_workbook(data, filename)
    return spreadsheet.parse_workbook(workbook, organisation_code=organisation.code,
                                      multi_sheet=multi_sheet)


@staff_required
def service_import(request):
    editable = selectors.editable_organisations(request.user)
    if not editable.exists():
        raise DomainPermissionDenied()
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, editable)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=editable)
    context = {"form": form, "breadcrumbs": _crumbs((_("Import"), None))}
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            parsed = _read_upload(data, upload.name, organisation)
        except SheetReadError as error:
            form.add_error("file", str(error))
            return render(request, "catalog/staff/import.html", context)
        report = services.service_types_import(organisation=organisation, parsed=parsed,
                                               actor=request.user, dry_run=True)
        if report.ok:
            request.session[IMPORT_SESSION_KEY] = {
                "organisation": organisation.pk, "filename": upload.name,
                "data": base64.b64encode(data).decode("ascii")}
        context.update(report=report, organisation=organisation, filename=upload.name)
    return render(request, "catalog/staff/import.html", context)


def _import_confirm(request, editable):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    organisation = editable.filter(pk=(pending or {}).get("organisation")).first()
    if pending is None or organisation is None:
        messages.error(request, _("The upload has expired; choose the file again."))
        return redirect("catalog:staff-import")
    parsed = _read_upload(base64.b64decode(pending["data"]), pending["filename"], organisation)
    report = services.service_types_import(organisation=organisation, parsed=parsed,
                                           actor=request.user)
    if not report.ok:
        # Something changed since the preview (a unit closed, say): show why.
        return render(request, "catalog/staff/import.html", {
            "form": ImportForm(organisations=editable), "report": report,
            "organisation": organisation, "filename": pending["filename"],
            "breadcrumbs": _crumbs((_("Import"), None))})
    messages.success(request, _("Imported: %(created)d new and %(updated)d updated drafts.")
                     % {"created": len(report.created), "updated": len(report.updated)})
    return redirect("catalog:staff-list")
