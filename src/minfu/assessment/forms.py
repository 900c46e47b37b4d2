"""Forms of the assessment staff pages. They parse input; the services check the rules
again. Forms that change a versioned record carry its `version`."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minfu.assessment.models import (
    InspectionKind,
    InspectionState,
    ItemSource,
    ItemStatus,
    RecognitionKind,
    SheetKind,
)
from minfu.core.forms import RocDateField, ShortModelChoiceField, ShortModelMultipleChoiceField

POINTS_FIELD = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal(0)}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class IdempotentForm(forms.Form):
    """A hidden key per rendered form: submitting the same form twice creates one record."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


def _split(line: str, parts: int) -> list[str]:
    cells = [cell.strip() for cell in line.split("|")]
    return (cells + [""] * parts)[:parts]


class ScoreSheetForm(forms.Form):
    """Sections and items are typed one per line, so the form works without JavaScript:
    `section | item | maximum points | guidance`, tiers as `name | lower bound`."""

    organisation = ShortModelChoiceField(queryset=None, label=_("Owner organisation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SheetKind.choices)
    code = forms.SlugField(label=_("Code"), max_length=40,
                           help_text=_("Saving a sheet with the code of a used sheet makes "
                                       "its next version."))
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    improvement_below = forms.DecimalField(label=_("Improvement plan required below"),
                                           required=False, **POINTS_FIELD)
    items = forms.CharField(
        label=_("Items"), widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One item per line: section | item | maximum points | guidance."))
    tiers = forms.CharField(
        label=_("Result tiers"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One tier per line: name | lower bound, e.g. 優等 | 900."))
    # The version of the sheet the form started from (?from=<id>), so that a save over
    # someone else's newer change is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_items(self):
        sections: dict[str, list[dict]] = {}
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            section, item, maximum, guidance = _split(line, 4)
            try:
                points = Decimal(maximum)
            except ArithmeticError:
                points = None
            if not section or not item or points is None or points <= 0:
                raise ValidationError(_("Line %(number)d is not section | item | maximum "
                                        "points | guidance.") % {"number": number})
            sections.setdefault(section, []).append(
                {"title_zh": item, "max_points": str(points), "guidance": guidance})
        if not sections:
            raise ValidationError(_("Add at least one item."))
        return [{"title_zh": title, "items": items} for title, items in sections.items()]

    def clean_tiers(self):
        tiers = []
        for number, line in enumerate(self.cleaned_data["tiers"].splitlines(), start=1):
            if not line.strip():
                continue
            name, bound = _split(line, 2)
            try:
                value = Decimal(bound)
            except ArithmeticError:
                value = None
            if not name or value is None or value < 0:
                raise ValidationError(_("Line %(number)d is not name | lower bound.")
                                      % {"number": number})
            tiers.append({"name_zh": name, "lower_bound": str(value)})
        return tiers


def sheet_as_text(sheet) -> tuple[str, str]:
    """A sheet's items and tiers in the form's line format (to start a new version)."""
    lines = [f"{section.title_zh} | {item.title_zh} | {item.max_points.normalize():f} | "
             f"{item.guidance}".rstrip(" |")
             for section in sheet.sections.prefetch_related("items")
             for item in section.items.all()]
    tiers = [f"{tier.name_zh} | {tier.lower_bound.normalize():f}" for tier in sheet.tiers.all()]
    return "\n".join(lines), "\n".join(tiers)


class ScoreFieldsMixin:
    """One points field and one comment field per item of the sheet."""

    def add_score_fields(self, sheet, *, comments: bool = True) -> None:
        self.score_items = []
        for section in sheet.sections.prefetch_related("items"):
            for item in section.items.all():
                self.fields[f"item_{item.pk}"] = forms.DecimalField(
                    label=f"{section.title_zh}：{item.title_zh}", max_value=item.max_points,
                    help_text=_("At most %(max)s points. %(guidance)s") % {
                        "max": item.max_points.normalize(), "guidance": item.guidance},
                    **POINTS_FIELD)
                if comments:
                    self.fields[f"comment_{item.pk}"] = forms.CharField(
                        label=_("Comment on %(item)s") % {"item": item.title_zh},
                        required=False, widget=forms.Textarea(attrs={"rows": 2}))
                self.score_items.append(item)

    def points(self) -> dict[int, Decimal]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.score_items}

    def comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"comment_{item.pk}", "")
                for item in self.score_items}


class InspectionForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Inspected organisation"))
    unit = ShortModelChoiceField(queryset=None, label=_("Inspected unit"), required=False,
                                 empty_label=_("The whole organisation"))
    sheet = ShortModelChoiceField(queryset=None, label=_("Score sheet"))
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    inspected_on = RocDateField(label=_("Date of the inspection"))
    convener = ShortModelChoiceField(queryset=None, label=_("Convener"))
    secretary = ShortModelChoiceField(queryset=None, label=_("Secretary"), required=False)
    members = ShortModelMultipleChoiceField(queryset=None, label=_("Members"), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    approver = ShortModelChoiceField(
        queryset=None, label=_("Approving official"),
        help_text=_("Approves the report before the inspected party is told of the result "
                    "(e.g. the head of the service-quality office)."))

    def __init__(self, *args, organisations, units, sheets, people, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["unit"].queryset = units
        self.fields["sheet"].queryset = sheets
        for name in ("convener", "secretary", "members"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person
        self.fields["approver"].queryset = approvers
        self.fields["approver"].label_from_instance = _person


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class InspectionScoreForm(ScoreFieldsMixin, forms.Form):
    evidence = forms.FileField(label=_("Evidence file"), required=False,
                               help_text=_("PDF, JPEG, PNG, ODF or DOCX."))

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        evidence = self.fields.pop("evidence")
        self.add_score_fields(sheet)
        self.fields["evidence"] = evidence


# ----- inspection sign-off and publication ----------------------------------------------------

COMMENT_FIELD = {"max_length": 4000, "widget": forms.Textarea(attrs={"rows": 3})}


class SubmitReportForm(VersionForm):
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("The task force's conclusions, for the report."))
    comment = forms.CharField(label=_("Comment for the reviewer"), required=False,
                              **COMMENT_FIELD)


class SignoffForm(VersionForm):
    comment = forms.CharField(label=_("Comment"), required=False, **COMMENT_FIELD)


class ReturnForm(VersionForm):
    comment = forms.CharField(label=_("Reason for returning it"), **COMMENT_FIELD)


class InspectionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, awaiting_me: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("All inspections")), (awaiting_me, _("Awaiting my review or approval")),
            *InspectionState.choices]


class PublicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title_zh = forms.CharField(label=_("Public title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Public title (English)"), max_length=200,
                               required=False)
    show_total = forms.BooleanField(label=_("Show the total and the tier"), required=False)
    show_sections = forms.BooleanField(label=_("Show the score of each section"),
                                       required=False)
    strengths_zh = forms.CharField(label=_("Strengths, for the public (Chinese)"),
                                   required=False, widget=forms.Textarea(attrs={"rows": 4}))
    strengths_en = forms.CharField(label=_("Strengths, for the public (English)"),
                                   required=False, widget=forms.Textarea(attrs={"rows": 4}))
    findings_zh = forms.CharField(
        label=_("Findings and improvements, for the public (Chinese)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written for citizens: the scorers' names and comments are never shown."))
    findings_en = forms.CharField(
        label=_("Findings and improvements, for the public (English)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}))


class PublicResultFilterForm(forms.Form):
    agency = ShortModelChoiceField(queryset=None, label=_("Agency"), required=False,
                                   empty_label=_("All agencies"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int,
                                  empty_value=None)

    def __init__(self, *args, agencies, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda organisation: organisation.name
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, _("ROC %(roc)d (%(ad)d)") % {"roc": year - 1911, "ad": year})
            for year in years]


class PublishForm(VersionForm):
    published_on = RocDateField(label=_("Published from"), required=False,
                                help_text=_("Empty: today."))


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_unit = ShortModelChoiceField(queryset=None, label=_("Owner unit"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class FollowUpItemForm(forms.Form):
    """A citizen's follow-up taken into tracking: which unit owns the improvement."""

    owner_unit = ShortModelChoiceField(queryset=None, label=_("Unit that owns the improvement"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class ItemForm(forms.Form):
    owner_unit = ShortModelChoiceField(queryset=None, label=_("Owner unit"))
    source = forms.ChoiceField(label=_("Source"), choices=ItemSource.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    due_on = RocDateField(label=_("Due on"), required=False,
                          help_text=_("Empty: one month from today, on a working day."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units


class ItemFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ItemStatus.choices])
    source = forms.ChoiceField(label=_("Source"), required=False,
                               choices=[("", _("All sources")), *ItemSource.choices])
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)


class ReplyForm(VersionForm):
    reply = forms.CharField(label=_("Reply: what the unit improved"), widget=forms.Textarea)
    evidence = forms.FileField(label=_("Evidence file"), required=False)


class ReviewForm(VersionForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("close", _("Close the item")), ("return", _("Return it to the unit"))])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Organisation"))
    held_on = RocDateField(label=_("Held on"))
    title = forms.CharField(label=_("Title"), max_length=200)
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CourtesyTestForm(ScoreFieldsMixin, IdempotentForm):
    unit = ShortModelChoiceField(queryset=None, label=_("Unit called"))
    called_at = forms.DateTimeField(label=_("Called at"),
                                    help_text=_("For example 2025-03-05 10:30."))
    number_called = forms.CharField(label=_("Number called"), max_length=40)
    answered_by = ShortModelChoiceField(queryset=None, label=_("Answered by (staff)"),
                                        required=False, empty_label=_("Unknown or not listed"))
    answered_by_name = forms.CharField(label=_("Name given"), max_length=100, required=False,
                                       help_text=_("Leave empty when the person gave no name."))
    rings = forms.IntegerField(label=_("Rings before answer"), min_value=0, max_value=99)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sheet, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["answered_by"].queryset = people
        self.fields["answered_by"].label_from_instance = _person
        self.add_score_fields(sheet, comments=False)


class NominationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecognitionKind.choices)
    unit = ShortModelChoiceField(queryset=None, label=_("Unit"))
    nominee = ShortModelChoiceField(queryset=None, label=_("Nominee"))
    period_day = RocDateField(label=_("A day in the month or quarter"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    compliments = forms.IntegerField(label=_("Compliments received"), required=False,
                                     min_value=0)
    rating = forms.DecimalField(label=_("Real-time rating (mean)"), required=False,
                                max_digits=4, decimal_places=2, min_value=0)

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["nominee"].queryset = people
        self.fields["nominee"].label_from_instance = _person

    def manual_figures(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("compliments", "rating")
                if self.cleaned_data.get(key) is not None}


class ProposalForm(IdempotentForm):
    unit = ShortModelChoiceField(queryset=None, label=_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    expected_benefit = forms.CharField(label=_("Expected benefit"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ProposalDecisionForm(VersionForm):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("adopt", _("Adopt")), ("reject", _("Do not adopt"))])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ImplementationForm(VersionForm):
    note = forms.CharField(label=_("Implementation progress"), widget=forms.Textarea(attrs={"rows": 3}))
    implemented = forms.BooleanField(label=_("Fully implemented"), required=False)


def _award_tier_lines(text: str) -> list[dict]:
    """Award tiers typed one per line: name | number of prizes | least mean | prize."""
    tiers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, prizes, least, prize = _split(line, 4)
        try:
            count = int(prizes)
            bound = Decimal(least) if least else None
        except (ValueError, ArithmeticError):
            count, bound = 0, None
        if not name or count < 1 or (bound is not None and (not bound.is_finite() or bound < 0)):
            raise ValidationError(_("Line %(number)d is not name | number of prizes | least "
                                    "mean | prize.") % {"number": number})
        tiers.append({"name_zh": name, "prizes": count, "min_mean": bound, "prize_zh": prize})
    return tiers


def award_tiers_as_text(category) -> str:
    return "\n".join(
        " | ".join([tier.name_zh, str(tier.prizes),
                    f"{tier.min_mean.normalize():f}" if tier.min_mean is not None else "",
                    tier.prize_zh]).rstrip(" |")
        for tier in category.tiers.all())


TIER_HELP = _("One tier per line, best first: name | number of prizes | least mean "
              "(optional) | prize, e.g. 特優 | 1 | 90 | 獎座1座.")


class AwardRoundForm(forms.Form):
    ministry = ShortModelChoiceField(queryset=None, label=_("Ministry"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    sheet = ShortModelChoiceField(queryset=None, label=_("Criteria of the overall award"))
    project_sheet = ShortModelChoiceField(
        queryset=None, label=_("Criteria of the project award"), required=False,
        help_text=_("Leave empty for a round without project awards."))
    submission_due_on = RocDateField(label=_("Self-evaluations due on"))
    tiers = forms.CharField(label=_("Tiers and prizes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Empty: the criteria's tiers, three prizes each. ")
                            + TIER_HELP)

    def __init__(self, *args, ministries, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministry"].queryset = ministries
        self.fields["sheet"].queryset = sheets
        self.fields["project_sheet"].queryset = sheets

    def clean_tiers(self):
        return _award_tier_lines(self.cleaned_data["tiers"])


class AwardCategoryForm(VersionForm):
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    tiers = forms.CharField(label=_("Tiers and prizes"), help_text=TIER_HELP,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def clean_tiers(self):
        tiers = _award_tier_lines(self.cleaned_data["tiers"])
        if not tiers:
            raise ValidationError(_("Give at least one tier."))
        return tiers


class AwardStageDatesForm(VersionForm):
    starts_on = RocDateField(label=_("Starts on"), required=False)
    ends_on = RocDateField(label=_("Ends on"), required=False)


class AwardEntryForm(forms.Form):
    category = ShortModelChoiceField(queryset=None, label=_("Category"), empty_label=None)
    title = forms.CharField(label=_("Project"), max_length=200, required=False,
                            help_text=_("For a project award: the project's name."))
    organisation = ShortModelChoiceField(queryset=None, label=_("Agency"))
    self_evaluation = forms.CharField(label=_("Self-evaluation"), widget=forms.Textarea)
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, organisations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["category"].queryset = categories


class AwardPoolForm(VersionForm):
    judges = ShortModelMultipleChoiceField(queryset=None, label=_("Judges"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = people
        self.fields["judges"].label_from_instance = _person


def _person(user) -> str:
    return user.get_full_name() or user.username


class AwardAssignForm(forms.Form):
    judges = ShortModelMultipleChoiceField(queryset=None, label=_("Judges"), required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = pool
        self.fields["judges"].label_from_instance = _person


class ConflictForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"), widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[("no", _("I have no conflict of interest with this entry.")),
                 ("yes", _("I have a conflict of interest with this entry."))])
    reason = forms.CharField(label=_("Reason of the conflict"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("E.g. a relative works there, or I advised the "
                                         "project."))

    def clean(self):
        data = super().clean()
        if data.get("conflict") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why there is a conflict."))
        return data


class AwardScoreForm(ScoreFieldsMixin, forms.Form):
    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_score_fields(sheet)


class AwardDecisionForm(VersionForm):
    """The decision record of a stage: which entries advance (or, at the final judging,
    a citation per entry), the reasons, an attachment."""

    advancing = ShortModelMultipleChoiceField(
        queryset=None, label=_("Entries that advance"), required=False,
        widget=forms.CheckboxSelectMultiple)
    reasons = forms.CharField(label=_("Reasons of the decision"),
                              widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attachment (minutes, signed record)"),
                                 required=False)

    def __init__(self, *args, stage, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_final = stage.kind == "final"
        self.entries = list(entries)
        if self.is_final:
            del self.fields["advancing"]
            for entry in self.entries:
                self.fields[f"citation_{entry.pk}"] = forms.CharField(
                    label=_("Citation: %(entry)s") % {"entry": entry.label}, required=False,
                    max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
        else:
            self.fields["advancing"].queryset = entries
            self.fields["advancing"].label_from_instance = lambda entry: entry.label
            self.fields["advancing"].required = True

    def citations(self) -> dict[int, str]:
        return {entry.pk: self.cleaned_data.get(f"citation_{entry.pk}", "")
                for entry in self.entries} if self.is_final else {}


class PlanParentForm(forms.Form):
    """Take an improvement item or an adopted proposal into the execution plan."""

    parent = ShortModelChoiceField(queryset=None, label=_("Under which item of the plan"),
                                   empty_label=None)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = (
            lambda node: f"{node.plan.title} · {node.text[:60]}")
