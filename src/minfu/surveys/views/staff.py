"""Staff pages of surveys: definitions and versions, waves (QR code, invitations,
progress against the target), analysis with charts and exports, peer comparison,
real-time ratings with the counter tablet link, and follow-ups.

Thin: reads through `surveys.selectors` (scoped; another agency's record is 404), writes
through `surveys.services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core import charts, exports
from minfu.core.errors import DomainError, PermissionDenied
from minfu.core.forms import add_domain_error, form_submitted
from minfu.core.qr import qr_code_data_uri
from minfu.org.auth import staff_required
from minfu.org.permissions import can, require
from minfu.org.selectors import organisations_where, units_for, units_to_track, units_where
from minfu.surveys import protection, selectors, services
from minfu.surveys.forms import (
    AnalysisFilterForm,
    FollowUpForm,
    KioskLinkForm,
    QuestionForm,
    SurveyCreateForm,
    WaveForm,
)
from minfu.surveys.models import FollowUp, QuestionKind, SurveyChannel

PAGE_SIZE = 25


def _crumbs(*trail):
    return [(_("Surveys"), reverse("surveys:staff-surveys")), *trail]


def _percent(interval) -> str:
    if interval is None:
        return "–"
    return f"{interval.estimate * 100:.1f}% ({interval.low * 100:.1f}–{interval.high * 100:.1f})"


def _mean(interval) -> str:
    if interval is None:
        return "–"
    return f"{interval.estimate:.2f} ({interval.low:.2f}–{interval.high:.2f})"


# ----- surveys and versions ------------------------------------------------------------------

@staff_required
def survey_list(request):
    require(request.user, selectors.VIEW)
    organisations = organisations_where(request.user, services.MANAGE)
    form = SurveyCreateForm(request.POST or None, organisations=organisations)
    version = form_submitted(request, form, lambda: services.survey_create(
        actor=request.user, **{name: form.cleaned_data[name] for name in (
            "organisation", "code", "name_zh", "name_en")}),
        _("The survey was created; add its questions."))
    if version:
        return redirect("surveys:staff-version", version.pk)
    page = Paginator(selectors.survey_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "surveys/staff/surveys.html", {
        "page_obj": page, "form": form if organisations.exists() else None,
        "breadcrumbs": _crumbs()})


@staff_required
def survey_detail(request, pk: int):
    survey = selectors.survey_get_for(request.user, pk)
    may_manage = can(request.user, services.MANAGE, organisation=survey.organisation)
    form = WaveForm(request.POST or None, initial={"channels": ["web", "after_case"]})
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied()
        if form.is_valid():
            try:
                wave = services.wave_create(actor=request.user, survey=survey, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The wave was created."))
                return redirect("surveys:staff-wave", wave.pk)
    return render(request, "surveys/staff/survey.html", {
        "survey": survey, "versions": selectors.versions_of(survey),
        "waves": selectors.waves_with_progress(survey.waves.all()),
        "form": form if may_manage else None, "may_manage": may_manage,
        "breadcrumbs": _crumbs((survey.name, ""))})


@staff_required
def version_detail(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    survey = version.survey
    may_manage = can(request.user, services.MANAGE, organisation=survey.organisation)
    questions = list(version.questions.all())
    editing = next((q for q in questions if q.key == request.GET.get("edit")), None)
    initial = {"expected_version": version.version}
    if editing:
        initial.update(key=editing.key, kind=editing.kind, text_zh=editing.text_zh,
                       text_en=editing.text_en, required=editing.required,
                       is_overall=editing.is_overall, show_if_key=editing.show_if_key,
                       show_if_values=", ".join(editing.show_if_values),
                       options="\n".join(f"{o['value']}|{o.get('zh', '')}|{o.get('en', '')}"
                                         for o in editing.options))
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied()
        if form.is_valid():
            data = form.cleaned_data
            new = services.QuestionInput(
                key=data["key"], kind=data["kind"], text_zh=data["text_zh"],
                text_en=data["text_en"], required=data["required"],
                is_overall=data["is_overall"] and data["kind"] == QuestionKind.LIKERT,
                options=data["options"], show_if_key=data["show_if_key"],
                show_if_values=data["show_if_values"])
            inputs = services.question_inputs_of(version)
            keys = [q.key for q in inputs]
            if new.key in keys:
                inputs[keys.index(new.key)] = new
            else:
                inputs.append(new)
            try:
                target = services.survey_version_edit(
                    actor=request.user, version=version, questions=inputs,
                    expected_version=data["expected_version"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if target.pk != version.pk:
                    messages.info(request, _("This version has answers or is published, so "
                                             "the change went into a new draft."))
                return redirect("surveys:staff-version", target.pk)
    return render(request, "surveys/staff/version.html", {
        "version": version, "survey": survey, "questions": questions, "form": form,
        "may_manage": may_manage, "editing": editing,
        "breadcrumbs": _crumbs((survey.name, reverse("surveys:staff-survey", args=[survey.pk])),
                               (_("Version %(number)s") % {"number": version.number}, ""))})


@staff_required
@require_POST
def version_action(request, pk: int, action: str):
    """publish | remove-question (key in POST) | new-draft."""
    version = selectors.version_get_for(request.user, pk)
    target = version
    try:
        if action == "publish":
            services.survey_version_publish(actor=request.user, version=version,
                                            expected_version=_int(request.POST.get("version")))
            messages.success(request, _("The version was published."))
        elif action == "remove-question":
            key = request.POST.get("key")
            inputs = [q for q in services.question_inputs_of(version) if q.key != key]
            target = services.survey_version_edit(
                actor=request.user, version=version, questions=inputs,
                expected_version=_int(request.POST.get("version")))
        elif action == "new-draft":
            target = services.survey_version_new_draft(actor=request.user, version=version)
        else:
            raise PermissionDenied()
    except PermissionDenied:
        raise
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("surveys:staff-version", target.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ----- waves ---------------------------------------------------------------------------------

@staff_required
def wave_detail(request, pk: int):
    wave = selectors.wave_get_for(request.user, pk)
    progress = selectors.wave_progress(wave)
    units = list(units_for(request.user, organisation=wave.survey.organisation))
    unit = next((unit for unit in units if unit.pk == _int(request.GET.get("unit"))), None)
    links = {}
    open_url = request.build_absolute_uri(reverse("surveys:public-open", args=[wave.pk]))
    if SurveyChannel.WEB in wave.channels:
        links["web"] = open_url
    if SurveyChannel.COUNTER in wave.channels:
        links["counter"] = open_url + "?via=" + protection.counter_token(
            wave_id=wave.pk, unit_id=unit.pk if unit else None)
    page = Paginator(selectors.invitations_of(wave), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/staff/wave.html", {
        "wave": progress, "links": links, "units": units, "unit": unit,
        "qr_code": qr_code_data_uri(links["counter"]) if "counter" in links else None,
        "share_of_target": round(100 * progress.response_count / wave.target_sample),
        "page_obj": page,
        "breadcrumbs": _crumbs((wave.survey.name,
                                reverse("surveys:staff-survey", args=[wave.survey_id])),
                               (wave.name, ""))})


# ----- analysis ------------------------------------------------------------------------------

DIMENSIONS = {"quarter": _("By quarter"), "unit": _("By unit"),
              "service_type": _("By service type"), "channel": _("By channel")}


@staff_required
def analysis(request, pk: int):
    survey = selectors.survey_get_for(request.user, pk)
    filters = AnalysisFilterForm(
        request.GET or None, waves=survey.waves.all(),
        units=units_for(request.user, organisation=survey.organisation))
    query = selectors.AnalysisFilter()
    if filters.is_valid():
        data = filters.cleaned_data
        query = selectors.AnalysisFilter(
            wave_id=data["wave"].pk if data["wave"] else None,
            unit_id=data["unit"].pk if data["unit"] else None, channel=data["channel"],
            start=data["start"], end=data["end"])
    count, results = selectors.survey_results(request.user, survey, query)
    breakdowns = {name: selectors.overall_by(request.user, survey, name, query)
                  for name in DIMENSIONS}
    fmt = request.GET.get("format")
    if fmt:
        return _export(fmt, survey, results, breakdowns)
    trend = breakdowns["quarter"]
    trend_chart = charts.line_chart(
        title=_("Overall satisfaction by quarter"), labels=[row[0] for row in trend],
        series=[charts.Series(_("Satisfied (4–5)"),
                              [round(row[1].estimate * 100, 1) if row[1] else None
                               for row in trend])], unit="%")
    likert = [r for r in results if r.kind == QuestionKind.LIKERT]
    question_chart = charts.bar_chart(
        title=_("Share satisfied by question"), labels=[Truncator(r.text).chars(10) for r in likert],
        series=[charts.Series(_("Satisfied (4–5)"),
                              [round(r.share.estimate * 100, 1) if r.share else None
                               for r in likert])], unit="%")
    return render(request, "surveys/staff/analysis.html", {
        "survey": survey, "filters": filters, "count": count, "results": results,
        "breakdowns": [(DIMENSIONS[name], rows) for name, rows in breakdowns.items()],
        "trend_chart": trend_chart, "question_chart": question_chart,
        "export_query": request.GET.urlencode(),
        "breadcrumbs": _crumbs((survey.name, reverse("surveys:staff-survey", args=[survey.pk])),
                               (_("Analysis"), ""))})


def _export(fmt: str, survey, results, breakdowns):
    header = [_("Group"), _("Label"), _("Answers"), _("Satisfied share"), _("95% CI low"),
              _("95% CI high"), _("Mean"), _("Mean 95% CI low"), _("Mean 95% CI high")]
    rows = []

    def row(group, label, share, mean):
        rows.append([group, label, share.n if share else 0,
                     *([round(share.estimate, 4), round(share.low, 4), round(share.high, 4)]
                       if share else ["", "", ""]),
                     *([round(mean.estimate, 3), round(mean.low, 3), round(mean.high, 3)]
                       if mean else ["", "", ""])])

    for result in results:
        if result.kind == QuestionKind.LIKERT:
            row(_("Question"), f"{result.question_key} {result.text}", result.share, result.mean)
    for name, group_rows in breakdowns.items():
        for label, share, mean in group_rows:
            row(str(DIMENSIONS[name]), label, share, mean)
    return exports.table_download(fmt, filename=f"survey-{survey.code}",
                                  sheet=_("Results"), header=header, rows=rows)


@staff_required
def peers(request):
    """Overall satisfaction side by side with peer agencies (same parent and kind)."""
    require(request.user, selectors.VIEW)
    groups = selectors.peer_comparison(request.user)
    group_charts = [(label, rows, charts.bar_chart(
        title=label, labels=[row[0].name for row in rows],
        series=[charts.Series(_("Satisfied (4–5)"),
                              [round(row[1].estimate * 100, 1) if row[1] else None
                               for row in rows])], unit="%"))
        for label, rows in groups]
    if request.GET.get("format"):
        rows = [[label, organisation.name, share.n if share else 0,
                 round(share.estimate, 4) if share else "", round(share.low, 4) if share else "",
                 round(share.high, 4) if share else "", round(mean.estimate, 3) if mean else ""]
                for label, group_rows in groups for organisation, share, mean in group_rows]
        return exports.table_download(
            request.GET["format"], filename="survey-peers", sheet=_("Peers"),
            header=[_("Peer group"), _("Organisation"), _("Answers"), _("Satisfied share"),
                    _("95% CI low"), _("95% CI high"), _("Mean")], rows=rows)
    return render(request, "surveys/staff/peers.html", {
        "groups": group_charts, "breadcrumbs": _crumbs((_("Peer comparison"), ""))})


# ----- ratings -------------------------------------------------------------------------------

@staff_required
def ratings(request):
    require(request.user, selectors.VIEW)
    units = units_where(request.user, services.MANAGE)
    form = KioskLinkForm(request.POST or None, units=units,
                         service_types=selectors.kiosk_service_types(units))
    kiosk_url = None
    if request.method == "POST" and form.is_valid():
        service_type = form.cleaned_data["service_type"]
        if service_type and service_type.organisation_id != form.cleaned_data["unit"].organisation_id:
            form.add_error("service_type", _("Choose a service of the unit's organisation."))
        else:
            kiosk_url = request.build_absolute_uri(reverse(
                "surveys:public-kiosk", args=[protection.kiosk_token(
                    unit_id=form.cleaned_data["unit"].pk,
                    service_type_id=service_type.pk if service_type else None)]))
    summary = selectors.rating_summary(request.user)
    latest = selectors.ratings_for(request.user)[:20]
    return render(request, "surveys/staff/ratings.html", {
        "summary": summary, "latest": latest, "form": form if units.exists() else None,
        "kiosk_url": kiosk_url, "breadcrumbs": _crumbs((_("Real-time ratings"), ""))})


# ----- follow-ups ----------------------------------------------------------------------------

@staff_required
def follow_ups(request):
    status = request.GET.get("status", "open")
    rows = selectors.follow_ups_for(request.user, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/staff/follow_ups.html", {
        "page_obj": page, "status": status, "statuses": FollowUp.Status.choices,
        "breadcrumbs": _crumbs((_("Follow-ups"), ""))})


@staff_required
def follow_up_detail(request, pk: int):
    follow_up = selectors.follow_up_get_for(request.user, pk)
    form = FollowUpForm(request.POST or None, initial={"expected_version": follow_up.version})
    if form_submitted(request, form, lambda: services.follow_up_advance(
            actor=request.user, follow_up=follow_up, status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["expected_version"]),
            _("The follow-up was updated.")):
        return redirect("surveys:staff-follow-up", follow_up.pk)
    target = ({"unit": follow_up.unit} if follow_up.unit
              else {"organisation": follow_up.organisation})
    may_act = (follow_up.status != FollowUp.Status.CLOSED
               and can(request.user, services.FOLLOW_UP, **target))
    return render(request, "surveys/staff/follow_up.html", {
        "follow_up": follow_up, "form": form if may_act else None,
        "track_units": units_to_track(request.user, follow_up.organisation),
        "breadcrumbs": _crumbs((_("Follow-ups"), reverse("surveys:staff-follow-ups")),
                               (f"#{follow_up.pk}", ""))})
