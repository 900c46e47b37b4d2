"""Staff pages of official documents: per organisation, its letterhead and its wording of
each kind of document (with a preview in both languages), for agency administrators;
every staff member who sees the organisation may read them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minfu.core.errors import DomainError
from minfu.core.forms import add_domain_error
from minfu.documents import selectors, services
from minfu.documents.forms import LetterheadForm, ResetForm, WordingForm
from minfu.documents.kinds import BLOCKS, DEFAULTS, SAMPLES, DocumentKind
from minfu.documents.models import DocumentWording
from minfu.notify.rendering import render_text
from minfu.org.auth import staff_required
from minfu.org.permissions import can, require

PAGE_SIZE = 50


def _posted(request):
    return request.POST if request.method == "POST" else None


def _saved(request, form, save, name: str) -> bool:
    """A posted, valid form saved through `save(<name>=..., actor, expected_version)`;
    a refusal goes onto the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(**{name: form.instance}, actor=request.user,
             expected_version=form.cleaned_data["version"])
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True


def _crumbs(*trail):
    return [(_("Official documents"), reverse("documents:staff-home")), *trail]


@staff_required
def home(request):
    organisations = [(organisation, can(request.user, selectors.EDIT, organisation=organisation))
                     for organisation in selectors.editable_organisations_for(request.user)]
    return render(request, "documents/staff/home.html", {
        "organisations": organisations, "breadcrumbs": [(_("Official documents"), None)]})


@staff_required
def organisation(request, pk):
    found = selectors.organisation_for(request.user, pk)
    kinds = [(kind, selectors.wording_row(found, kind) is not None) for kind in DocumentKind]
    page = Paginator(selectors.issued_documents_for(request.user, found),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "documents/staff/organisation.html", {
        "organisation": found, "letter": selectors.letter_parts(found),
        "letterhead": selectors.letterhead_of(found), "kinds": kinds, "page_obj": page,
        "may_edit": can(request.user, selectors.EDIT, organisation=found),
        "breadcrumbs": _crumbs((found.name, None))})


@staff_required
def letterhead_edit(request, pk):
    found = selectors.organisation_for(request.user, pk)
    require(request.user, selectors.EDIT, organisation=found)
    form = LetterheadForm(_posted(request), instance=selectors.letterhead_of(found))
    if _saved(request, form, services.letterhead_save, "letterhead"):
        messages.success(request, _("The letterhead is saved."))
        return redirect("documents:staff-organisation", pk=found.pk)
    return render(request, "documents/staff/letterhead_form.html", {
        "form": form, "organisation": found,
        "breadcrumbs": _crumbs((found.name, reverse("documents:staff-organisation",
                                                     args=[found.pk])), (_("Letterhead"), None))})


def _previews(wording) -> dict[str, list[tuple[str, str]]]:
    """Each block as a reader of each language gets it, with typical values."""
    sample = SAMPLES[wording.kind]
    previews = {}
    for language, suffix in (("zh-hant", "zh"), ("en", "en")):
        blocks = []
        for block in BLOCKS:
            text = getattr(wording, f"{block}_{suffix}") or (
                getattr(wording, f"{block}_zh") if suffix == "en" else "")
            try:
                blocks.append((block, render_text(text, sample, language)))
            except Exception as error:  # shown to the editor, as notify's preview does
                blocks.append((block, f"{type(error).__name__}: {error}"))
        previews[language] = [(block, text) for block, text in blocks if text.strip()]
    return previews


@staff_required
def wording_edit(request, pk, kind):
    found = selectors.organisation_for(request.user, pk)
    kind = selectors.wording_kind(kind)
    may_edit = can(request.user, selectors.EDIT, organisation=found)
    row = selectors.wording_row(found, kind)
    if row is None:
        default = DEFAULTS[kind]
        row = DocumentWording(organisation=found, kind=kind, **vars(default))
    if request.method == "POST":
        require(request.user, selectors.EDIT, organisation=found)
    form = WordingForm(_posted(request), instance=row)
    if _saved(request, form, services.wording_save, "wording"):
        messages.success(request, _("The wording is saved."))
        return redirect("documents:staff-wording", pk=found.pk, kind=kind)
    return render(request, "documents/staff/wording_form.html", {
        "form": form, "organisation": found, "kind": DocumentKind(kind), "may_edit": may_edit,
        "is_default": row.pk is None, "previews": _previews(form.instance),
        "reset_form": ResetForm(initial={"version": row.version}) if row.pk else None,
        "sample": SAMPLES[kind],
        "breadcrumbs": _crumbs((found.name, reverse("documents:staff-organisation",
                                                     args=[found.pk])),
                               (DocumentKind(kind).label, None))})


@staff_required
def wording_reset(request, pk, kind):
    found = selectors.organisation_for(request.user, pk)
    kind = selectors.wording_kind(kind)
    require(request.user, selectors.EDIT, organisation=found)
    row = selectors.wording_row(found, kind)
    form = ResetForm(_posted(request))
    if request.method == "POST" and row is not None and form.is_valid():
        try:
            services.wording_reset(wording=row, actor=request.user,
                                   expected_version=form.cleaned_data["version"])
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The default wording applies again."))
    return redirect("documents:staff-wording", pk=found.pk, kind=kind)
