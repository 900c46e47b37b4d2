"""Staff pages of the award rounds (政府服務獎): the round with its categories, stages and
judge pool, each stage with its assignments, scores and decision record, and the judge's
declaration and score card. Thin: scoped selectors, services, POST-redirect-GET."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.assessment import forms, selectors, services
from minfu.assessment.models import AwardRoundState, ConflictState, SheetKind
from minfu.assessment.views.staff import _crumbs, _files, _page, _version
from minfu.assessment.workflow import AwardStageState
from minfu.core.errors import DomainError
from minfu.core.forms import form_submitted
from minfu.org.auth import staff_required


def _round_crumbs(award_round, *trail):
    return _crumbs((_("Award evaluation"), reverse("assessment:staff-awards")),
                   (award_round.title, reverse("assessment:staff-award", args=[award_round.pk])
                    if trail else None), *trail)


def _refused(request, error: DomainError) -> None:
    messages.error(request, str(error.message))


@staff_required
def award_list(request):
    user = request.user
    ministries = selectors.award_ministries_for(user)
    form = forms.AwardRoundForm(request.POST or None, ministries=ministries,
                                sheets=selectors.score_sheets_for(user, kind=SheetKind.AWARD,
                                                                  current_only=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        award_round = form_submitted(request, form, lambda: services.award_round_create(
            actor=user, ministry=data["ministry"], year=data["year"], title=data["title"],
            sheet=data["sheet"], submission_due_on=data["submission_due_on"],
            project_sheet=data["project_sheet"], tiers=data["tiers"] or None))
        if award_round is not None:
            messages.success(request, _("Award round opened."))
            return redirect("assessment:staff-award", award_round.pk)
    return render(request, "assessment/staff/award_list.html", {
        "page_obj": _page(request, selectors.award_rounds_for(user)), "form": form,
        "may_create": ministries.exists(),
        "assignments": selectors.award_assignments_for(user).filter(
            stage_entry__stage__state=AwardStageState.OPEN),
        "breadcrumbs": _crumbs((_("Award evaluation"), None)),
    }, status=400 if form.errors else 200)


def _award_page(request, award_round, *, entry_form=None, pool_form=None,
                category_forms=None, status=200):
    user = request.user
    submitters = selectors.award_submitters_for(user, award_round)
    may_manage = selectors.may_manage_round(user, award_round)
    categories = list(award_round.categories.prefetch_related("tiers").select_related("sheet"))
    open_round = award_round.state == AwardRoundState.OPEN
    category_forms = category_forms or {}
    return render(request, "assessment/staff/award_detail.html", {
        "award_round": award_round,
        "categories": [(category, category_forms.get(category.pk) or forms.AwardCategoryForm(
            initial={"version": category.version, "name_zh": category.name_zh,
                     "name_en": category.name_en,
                     "tiers": forms.award_tiers_as_text(category)},
            prefix=f"category-{category.pk}"))
            for category in categories],
        "stages": selectors.award_stages_of(award_round),
        "entries": selectors.award_entries_for(user, award_round),
        "entry_form": (entry_form or forms.AwardEntryForm(
            organisations=submitters, categories=award_round.categories.all()))
        if open_round and submitters.exists() else None,
        "may_manage": may_manage,
        "may_edit": may_manage and award_round.state in (AwardRoundState.OPEN,
                                                         AwardRoundState.EVALUATING),
        "pool_form": (pool_form or forms.AwardPoolForm(
            people=selectors.award_pool_candidates(user, award_round),
            initial={"version": award_round.version, "judges": award_round.judges.all()}))
        if may_manage and award_round.state != AwardRoundState.PUBLISHED else None,
        "judges": award_round.judges.order_by("last_name", "first_name", "username"),
        "assignments": selectors.award_assignments_for(user).filter(
            stage_entry__stage__award_round=award_round),
        "may_publish": may_manage and award_round.state == AwardRoundState.DECIDED,
        "breadcrumbs": _round_crumbs(award_round),
    }, status=status)


@staff_required
def award_detail(request, pk):
    return _award_page(request, selectors.award_round_get_for(request.user, pk))


@staff_required
@require_POST
def award_submit(request, pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    form = forms.AwardEntryForm(
        request.POST, request.FILES, categories=award_round.categories.all(),
        organisations=selectors.award_submitters_for(request.user, award_round))
    if form_submitted(request, form, lambda: services.award_entry_submit(
            actor=request.user, award_round=award_round,
            organisation=form.cleaned_data["organisation"],
            category=form.cleaned_data["category"], title=form.cleaned_data["title"],
            self_evaluation=form.cleaned_data["self_evaluation"],
            files=_files(form)),
            success=_("Self-evaluation submitted.")):
        return redirect("assessment:staff-award", award_round.pk)
    return _award_page(request, award_round, entry_form=form, status=400)


@staff_required
@require_POST
def award_pool(request, pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    form = forms.AwardPoolForm(request.POST,
                               people=selectors.award_pool_candidates(request.user, award_round))
    if form_submitted(request, form, lambda: services.award_judges_set(
            actor=request.user, award_round=award_round, judges=form.cleaned_data["judges"],
            expected_version=form.cleaned_data["version"]),
            success=_("Judge pool saved.")):
        return redirect("assessment:staff-award", award_round.pk)
    return _award_page(request, award_round, pool_form=form, status=400)


@staff_required
@require_POST
def award_category(request, pk, category_pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    category = selectors.award_category_get(award_round, category_pk)
    form = forms.AwardCategoryForm(request.POST, prefix=f"category-{category.pk}")
    if form_submitted(request, form, lambda: services.award_category_save(
            actor=request.user, category=category, name_zh=form.cleaned_data["name_zh"],
            name_en=form.cleaned_data["name_en"], tiers=form.cleaned_data["tiers"],
            expected_version=form.cleaned_data["version"]),
            success=_("Category saved.")):
        return redirect("assessment:staff-award", award_round.pk)
    return _award_page(request, award_round, category_forms={category.pk: form}, status=400)


@staff_required
@require_POST
def award_publish(request, pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    try:
        services.award_round_publish(actor=request.user, award_round=award_round,
                                     expected_version=_version(request))
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Results published."))
    return redirect("assessment:staff-award", award_round.pk)


# ----- a stage -----------------------------------------------------------------------------

def _stage_page(request, award_round, stage, *, decision_form=None, dates_form=None,
                assign_forms=None, status=200):
    user = request.user
    may_manage = selectors.may_manage_round(user, award_round)
    rows = list(selectors.award_stage_entries_for(user, stage))
    undecided = stage.state != AwardStageState.DECIDED
    pool = award_round.judges.order_by("last_name", "first_name", "username")
    assign_forms = assign_forms or {}
    assignable = may_manage and stage.is_scored and undecided
    entries = selectors.award_entries_for(user, award_round).filter(
        pk__in=[row.entry_id for row in rows])
    return render(request, "assessment/staff/award_stage.html", {
        "award_round": award_round, "stage": stage, "may_manage": may_manage,
        "rows": [(row, assign_forms.get(row.pk) or forms.AwardAssignForm(
            pool=pool, prefix=f"entry-{row.pk}",
            initial={"judges": [a.judge_id for a in row.assignments.all()
                                if a.conflict != ConflictState.DECLARED]}))
            if assignable else (row, None) for row in rows],
        "scores": selectors.award_stage_scores(user, stage) if stage.is_scored else [],
        "my_assignments": selectors.award_assignments_for(user).filter(
            stage_entry__stage=stage),
        "decision_form": (decision_form or forms.AwardDecisionForm(
            stage=stage, entries=entries, initial={"version": stage.version}))
        if may_manage and stage.state == AwardStageState.OPEN else None,
        "dates_form": (dates_form or forms.AwardStageDatesForm(initial={
            "version": stage.version, "starts_on": stage.starts_on, "ends_on": stage.ends_on}))
        if may_manage and undecided else None,
        "attachments": stage.attachments.all(),
        "decided_entries": {row.entry_id: row for row in rows},
        "breadcrumbs": _round_crumbs(award_round, (stage.name, None)),
    }, status=status)


@staff_required
def award_stage(request, pk, stage_pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    return _stage_page(request, award_round,
                       selectors.award_stage_get_for(request.user, award_round, stage_pk))


@staff_required
@require_POST
def award_stage_dates(request, pk, stage_pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    stage = selectors.award_stage_get_for(request.user, award_round, stage_pk)
    form = forms.AwardStageDatesForm(request.POST)
    if form_submitted(request, form, lambda: services.award_stage_dates_set(
            actor=request.user, stage=stage, starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            expected_version=form.cleaned_data["version"]),
            success=_("Dates saved.")):
        return redirect("assessment:staff-award-stage", award_round.pk, stage.pk)
    return _stage_page(request, award_round, stage, dates_form=form, status=400)


@staff_required
@require_POST
def award_assign(request, pk, stage_pk, row_pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    stage = selectors.award_stage_get_for(request.user, award_round, stage_pk)
    row = selectors.award_stage_entry_get_for(request.user, stage, row_pk)
    form = forms.AwardAssignForm(request.POST, prefix=f"entry-{row.pk}",
                                 pool=award_round.judges.all())
    if form_submitted(request, form, lambda: services.award_assign(
            actor=request.user, stage_entry=row,
            judges=form.cleaned_data["judges"]),
            success=_("Judges assigned.")):
        return redirect("assessment:staff-award-stage", award_round.pk, stage.pk)
    return _stage_page(request, award_round, stage, assign_forms={row.pk: form}, status=400)


@staff_required
@require_POST
def award_decide(request, pk, stage_pk):
    award_round = selectors.award_round_get_for(request.user, pk)
    stage = selectors.award_stage_get_for(request.user, award_round, stage_pk)
    entries = selectors.award_entries_for(request.user, award_round).filter(stages__stage=stage)
    form = forms.AwardDecisionForm(request.POST, request.FILES, stage=stage, entries=entries)
    if form.is_valid():
        upload = form.cleaned_data.get("attachment")
        decided = form_submitted(request, form, lambda: services.award_stage_decide(
            actor=request.user, stage=stage, expected_version=form.cleaned_data["version"],
            reasons=form.cleaned_data["reasons"],
            advancing=[entry.pk for entry in form.cleaned_data.get("advancing") or ()],
            citations=form.citations(), files=[upload] if upload else []))
        if decided is not None:
            messages.success(request, _("Decision recorded."))
            return redirect("assessment:staff-award-stage", award_round.pk, stage.pk)
    return _stage_page(request, award_round, stage, decision_form=form, status=400)


# ----- the judge's side ---------------------------------------------------------------------

def _judge_page(request, assignment, *, conflict_form=None, score_form=None, status=200):
    stage_entry = assignment.stage_entry
    stage, entry = stage_entry.stage, stage_entry.entry
    award_round = stage.award_round
    cleared = assignment.conflict == ConflictState.NONE
    scoring_open = cleared and stage.state == AwardStageState.OPEN
    card = selectors.award_own_card(assignment)
    initial = {}
    if card is not None:
        for line in card.lines.all():
            initial[f"item_{line.item_id}"] = line.points
            initial[f"comment_{line.item_id}"] = line.comment
    return render(request, "assessment/staff/award_judge.html", {
        "assignment": assignment, "stage": stage, "entry": entry,
        "award_round": award_round, "cleared": cleared, "card": card,
        "conflict_form": (conflict_form or forms.ConflictForm())
        if assignment.conflict == ConflictState.PENDING
        and stage.state != AwardStageState.DECIDED else None,
        "score_form": (score_form or forms.AwardScoreForm(sheet=entry.category.sheet,
                                                          initial=initial))
        if scoring_open else None,
        "background": selectors.award_entry_background(entry, award_round.year)
        if cleared else None,
        "evidence": entry.evidence.all() if cleared else (),
        "breadcrumbs": _round_crumbs(award_round, (stage.name, reverse(
            "assessment:staff-award-stage", args=[award_round.pk, stage.pk])),
            (entry.label, None)),
    }, status=status)


@staff_required
def award_judging(request, assignment_pk):
    return _judge_page(request, selectors.award_assignment_get_for(request.user, assignment_pk))


@staff_required
@require_POST
def award_conflict(request, assignment_pk):
    assignment = selectors.award_assignment_get_for(request.user, assignment_pk)
    form = forms.ConflictForm(request.POST)
    if form_submitted(request, form, lambda: services.award_conflict_declare(
            actor=request.user, assignment=assignment, conflict=form.cleaned_data["conflict"],
            reason=form.cleaned_data["reason"])):
        if form.cleaned_data["conflict"]:
            messages.success(request, _("Conflict declared: you are excluded from this entry."))
            return redirect("assessment:staff-award", assignment.stage_entry.stage.award_round_id)
        messages.success(request, _("Declaration saved: you may now see and score the entry."))
        return redirect("assessment:staff-award-judging", assignment.pk)
    return _judge_page(request, assignment, conflict_form=form, status=400)


@staff_required
@require_POST
def award_score(request, assignment_pk):
    assignment = selectors.award_assignment_get_for(request.user, assignment_pk)
    form = forms.AwardScoreForm(request.POST, sheet=assignment.stage_entry.entry.category.sheet)
    if form.is_valid():
        card = form_submitted(request, form, lambda: services.award_entry_score(
            actor=request.user, assignment=assignment, points=form.points(),
            comments=form.comments()))
        if card is not None:
            messages.success(request, _("Your scores are saved: %(total)s points.")
                             % {"total": card.total})
            return redirect("assessment:staff-award-judging", assignment.pk)
    return _judge_page(request, assignment, score_form=form, status=400)
