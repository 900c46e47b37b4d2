"""Forms of the staff pages. They only read input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import RocDateField, ShortModelChoiceField, ShortModelMultipleChoiceField
from minfu.plans import deadlines, numbering
from minfu.plans.models import KeyIndicator, Plan, PlanSection, ProgressReport


class PlanCreateForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Organisation"))
    year = forms.IntegerField(label=_("Year (ROC)"), min_value=80, max_value=289,
                              help_text=_("E.g. 114."))
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PlanEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    numbering = forms.ChoiceField(label=_("Numbering"), choices=Plan.Numbering.choices,
                                  widget=forms.RadioSelect)
    uses_weights = forms.BooleanField(
        label=_("Score items by the weights of their key indicators"), required=False)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    executing_units = forms.CharField(label=_("Executing units"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    layout = forms.ChoiceField(label=_("Printed layout of the items"),
                               choices=Plan.Layout.choices, widget=forms.RadioSelect)


class DirectiveForm(forms.Form):
    text = forms.CharField(label=_("Directive"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("As the plan cites it, with date and document number."))
    issued_on = RocDateField(label=_("Issued on"), required=False)
    document_number = forms.CharField(label=_("Document number"), max_length=80,
                                      required=False)


class NodeForm(forms.Form):
    number = forms.CharField(label=_("Number as written"), max_length=20, required=False,
                             help_text=_("E.g. 1.1, 2. or (一): the plan keeps its numbers."))
    level = forms.TypedChoiceField(
        label=_("Level"), coerce=int, required=False, empty_value=None,
        help_text=_("Below its parent's level; a deeper one where the branch skips levels."))
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    measure = ShortModelChoiceField(queryset=None, label=_("Programme measure followed"),
                                    required=False)
    actionable = forms.BooleanField(label=_("This item is an action"), required=False)
    deadline = forms.CharField(
        label=_("Deadline"), required=False, max_length=200,
        help_text=_("As the plan writes it, e.g. 114年6月30日, 114年12月底前, 3月至6月, 每月, "
                    "每季, 每3個月, 每半年, 每年3月底前, 經常性辦理, 隨時辦理, 不定時 or 即日起. "
                    "Other wording is kept as written, without reminders."))
    units = ShortModelMultipleChoiceField(queryset=None, label=_("Responsible units"),
                                          required=False, widget=forms.CheckboxSelectMultiple)
    groups = ShortModelMultipleChoiceField(
        queryset=None, label=_("Responsible unit groups"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each unit of a group reports on the action."))
    all_units = forms.BooleanField(label=_("All units (各單位)"), required=False)
    expected_benefit = forms.CharField(label=_("Expected benefit"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units, measures, year: int, groups=None,
                 keeps_numbers: bool = False, levels=(), **kwargs):
        """`levels`: (depth, label) a new item may take; none when editing."""
        super().__init__(*args, **kwargs)
        self.year = year
        if not keeps_numbers:
            del self.fields["number"]
        if len(levels) > 1:
            self.fields["level"].choices = list(levels)
        else:
            del self.fields["level"]
        self.fields["units"].queryset = units
        if groups is not None and groups.exists():
            self.fields["groups"].queryset = groups
        else:
            del self.fields["groups"]
        self.fields["measure"].queryset = measures
        if not measures.exists():
            del self.fields["measure"]

    def clean(self):
        data = super().clean()
        if data.get("actionable"):
            # Any wording is kept; what Minfu cannot read is only warned about.
            data["parsed_deadline"] = deadlines.parse(data.get("deadline", ""), year=self.year)
        return data


class LevelForm(forms.Form):
    depth = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    label = forms.CharField(label=_("Level name"), max_length=40)
    style = forms.ChoiceField(label=_("Numbering"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from minfu.plans.models import PlanLevel

        self.fields["style"].choices = PlanLevel._meta.get_field("style").choices


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The plan's sheet (ODS, XLSX or CSV)"))
    numbering = forms.ChoiceField(label=_("Numbering"), widget=forms.RadioSelect,
                                  choices=Plan.Numbering.choices)

    @property
    def keeps_numbers(self) -> bool:
        return self.cleaned_data["numbering"] == Plan.Numbering.AS_WRITTEN


class NodeChoiceField(ShortModelChoiceField):
    def label_from_instance(self, node) -> str:
        return f"{'　' * node.depth}{numbering.with_number(node.number, node.text)[:60]}"


class IndicatorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    node = NodeChoiceField(queryset=None, label=_("Plan item it measures"), required=False,
                           empty_label=_("The plan as a whole"))
    weight = forms.DecimalField(label=_("Weight"), required=False, max_digits=6,
                                decimal_places=2, min_value=0,
                                help_text=_("Where the plan scores by weight."))
    definition = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 2}),
                                 required=False)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=20,
                                      required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=KeyIndicator.Direction.choices)
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=12,
                                  decimal_places=2)
    tolerance = forms.DecimalField(label=_("Tolerance"), required=False, max_digits=12,
                                   decimal_places=2)
    metric_code = forms.ChoiceField(label=_("Metric"), required=False, choices=())
    target_1 = forms.CharField(label=_("Target for the plan year"), required=False,
                               max_length=200,
                               help_text=_("A number (95), or words (完成系統上線)."))
    target_2 = forms.CharField(label=_("Target for the next year"), required=False,
                               max_length=200)
    target_3 = forms.CharField(label=_("Target for the year after"), required=False,
                               max_length=200)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        from minfu.metrics.registry import metrics

        self.fields["metric_code"].choices = [("", _("None: entered by hand"))] + [
            (code, f"{metric.name} ({code})") for code, metric in sorted(metrics().items())]


class IndicatorActualForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Actual value"), max_digits=12, decimal_places=2,
                               required=False)
    actual_text = forms.CharField(label=_("Actual (in words)"), max_length=200,
                                  required=False,
                                  help_text=_("For a target in words: what was reached."))
    judgement = forms.ChoiceField(label=_("Judgement"), required=False,
                                  choices=[("", "—"), *KeyIndicator.Judgement.choices],
                                  help_text=_("For a target in words: was it met?"))
    evidence_text = forms.CharField(label=_("Evidence"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProgressReport.Status.choices,
                               widget=forms.RadioSelect)
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea, required=False)
    evidence = forms.FileField(label=_("Evidence file"), required=False)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept")), ("return", _("Return to the unit"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}),
                              required=False)


class PeriodForm(forms.Form):
    """A reporting period other than the four quarters (a half year, a month, ...)."""

    label = forms.CharField(label=_("Name"), max_length=40,
                            help_text=_("As the units will see it, e.g. 上半年 or 114年5月."))
    start = RocDateField(label=_("From"))
    end = RocDateField(label=_("Until"))
    due = RocDateField(label=_("Reports due on"))


class UnitGroupForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=40,
                           help_text=_("As plans write it, e.g. 各業務科 or 各分局."))
    units = ShortModelMultipleChoiceField(queryset=None, label=_("Units"),
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=100, required=False,
                              help_text=_("Without its number, e.g. 管制考核: the plan numbers "
                                          "its sections. Leave empty to number the first "
                                          "paragraph instead."))
    kind = forms.ChoiceField(label=_("Holds"), choices=PlanSection.Kind.choices)
    paragraphs = forms.CharField(label=_("Paragraphs"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=_("One paragraph per line."))
    table = forms.CharField(label=_("Table"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("One row per line, cells separated by |; the first "
                                        "row is the header."))

    def clean_table(self) -> list[list[str]]:
        return [[cell.strip() for cell in line.split("|")]
                for line in self.cleaned_data["table"].splitlines() if line.strip()]

    @staticmethod
    def table_text(rows) -> str:
        return "\n".join(" | ".join(row) for row in rows)


class ProgrammeDeadlineForm(forms.Form):
    month = forms.IntegerField(label=_("Plans due by the end of month"), min_value=1,
                               max_value=12)
    day = forms.IntegerField(label=_("or by day"), min_value=1, max_value=31, required=False,
                             help_text=_("Empty: the month's last day."))
