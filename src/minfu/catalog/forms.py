"""Forms of the catalogue pages. They only read input: every rule is checked again by
the services, whose refusals are shown on the form by `minfu.core.forms.add_domain_error`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.catalog import questions as question_rules
from minfu.catalog.models import (
    ApplicantKind,
    Channel,
    ClassificationTag,
    QuestionKind,
    RequiredDocument,
    ServiceType,
    ServiceTypeVersion,
)
from minfu.catalog.services import DocumentItem, VersionContent
from minfu.core.forms import RocDateField, ShortModelChoiceField, ShortModelMultipleChoiceField
from minfu.org.models import Organisation, Unit

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


# Staff: editing a draft -----------------------------------------------------------------

class VersionForm(forms.ModelForm):
    """The content of a draft. `lock_version` is the version the editor read."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    GROUPS = [
        (_("Name and description"), ["name_zh", "name_en", "description_zh", "description_en",
                                     "responsible_unit"]),
        (_("How to apply and who may"), ["offered_online", "offered_at_counter",
                                         "offered_by_mail", "for_persons", "for_businesses",
                                         "where_to_apply_zh", "where_to_apply_en"]),
        (_("Legal basis and processing period"), ["legal_basis_zh", "legal_basis_en",
                                                  "period_value", "period_unit", "norm_value",
                                                  "norm_unit"]),
        (_("Fees"), ["fee_amount", "fee_zh", "fee_en"]),
        (_("Classification for the national portal"), ["topic_tag", "policy_tag",
                                                       "service_tag"]),
    ]

    class Meta:
        model = ServiceTypeVersion
        fields = [
            "name_zh", "name_en", "description_zh", "description_en", "responsible_unit",
            "offered_online", "offered_at_counter", "offered_by_mail", "for_persons",
            "for_businesses", "where_to_apply_zh", "where_to_apply_en", "legal_basis_zh",
            "legal_basis_en", "period_value", "period_unit", "norm_value", "norm_unit",
            "fee_amount", "fee_zh", "fee_en", "topic_tag", "policy_tag", "service_tag",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in (
            "description_zh", "description_en", "where_to_apply_zh", "where_to_apply_en",
            "legal_basis_zh", "legal_basis_en", "fee_zh", "fee_en")}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            organisation=organisation, is_active=True).order_by("sort_order", "code")
        for name, scheme in (("topic_tag", ClassificationTag.Scheme.TOPIC),
                             ("policy_tag", ClassificationTag.Scheme.POLICY),
                             ("service_tag", ClassificationTag.Scheme.SERVICE)):
            self.fields[name].queryset = ClassificationTag.objects.filter(
                scheme=scheme, is_active=True)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version

    def groups(self):
        """The visible fields in labelled groups, for <fieldset>s."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def content(self, documents: tuple[DocumentItem, ...],
                questions: tuple[question_rules.Question, ...] | None = None) -> VersionContent:
        data = self.cleaned_data
        channels = tuple(channel for channel, name in (
            (Channel.ONLINE, "offered_online"), (Channel.COUNTER, "offered_at_counter"),
            (Channel.MAIL, "offered_by_mail")) if data.get(name))
        kinds = tuple(kind for kind, name in ((ApplicantKind.PERSON, "for_persons"),
                                              (ApplicantKind.BUSINESS, "for_businesses"))
                      if data.get(name))
        text = {name: data.get(name) or "" for name in (
            "name_zh", "name_en", "description_zh", "description_en", "legal_basis_zh",
            "legal_basis_en", "fee_zh", "fee_en", "where_to_apply_zh", "where_to_apply_en",
            "period_unit", "norm_unit")}
        return VersionContent(
            **text, responsible_unit=data["responsible_unit"], channels=channels,
            applicant_kinds=kinds, period_value=data["period_value"],
            norm_value=data.get("norm_value"), fee_amount=data.get("fee_amount"),
            topic_tag=data.get("topic_tag"), policy_tag=data.get("policy_tag"),
            service_tag=data.get("service_tag"), documents=documents, questions=questions,
        )


class ServiceTypeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Service code"), max_length=40,
        validators=ServiceType._meta.get_field("code").validators,
        help_text=_("Short and unique within the organisation, e.g. TAX-CERT. It becomes part "
                    "of the web address and cannot be changed later."))


class DocumentForm(forms.Form):
    name_zh = forms.CharField(label=_("Document name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Document name (English)"), max_length=200,
                              required=False)
    notes_zh = forms.CharField(label=_("Notes (Chinese)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    notes_en = forms.CharField(label=_("Notes (English)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    requirement = forms.ChoiceField(label=_("Requirement"),
                                    choices=RequiredDocument.Requirement.choices,
                                    initial=RequiredDocument.Requirement.MANDATORY)
    condition_zh = forms.CharField(label=_("When it is needed (Chinese)"), required=False,
                                   help_text=_("Required for a conditional document."))
    condition_en = forms.CharField(label=_("When it is needed (English)"), required=False)
    fetched_by_agency = forms.BooleanField(
        label=_("The agency fetches it itself (the applicant need not bring it)"),
        required=False)

    def clean(self):
        data = super().clean()
        if (data.get("requirement") == RequiredDocument.Requirement.CONDITIONAL
                and not (data.get("condition_zh") or "").strip()):
            self.add_error("condition_zh", _("Say when a conditional document is needed."))
        return data


class BaseDocumentFormSet(forms.BaseFormSet):
    def items(self) -> tuple[DocumentItem, ...]:
        """The filled-in items in the order chosen (deleted and blank ones left out)."""
        kept = [form for form in self.ordered_forms if not self._should_delete_form(form)] \
            if self.can_order else self.forms
        return tuple(
            DocumentItem(**{name: form.cleaned_data.get(name, "") for name in (
                "name_zh", "name_en", "notes_zh", "notes_en", "requirement", "condition_zh",
                "condition_en")}, fetched_by_agency=form.cleaned_data.get("fetched_by_agency",
                                                                           False))
            for form in kept if form.cleaned_data and form.has_changed()
        )


DocumentFormSet = forms.formset_factory(DocumentForm, formset=BaseDocumentFormSet, extra=3,
                                        can_order=True, can_delete=True, max_num=50,
                                        validate_max=True)


def document_initial(version: ServiceTypeVersion) -> list[dict]:
    return [{"name_zh": d.name_zh, "name_en": d.name_en, "notes_zh": d.notes_zh,
             "notes_en": d.notes_en, "requirement": d.requirement,
             "condition_zh": d.condition_zh, "condition_en": d.condition_en,
             "fetched_by_agency": d.fetched_by_agency, "ORDER": position}
            for position, d in enumerate(version.documents.all(), start=1)]


class QuestionForm(forms.Form):
    """One question of the application form. Options are typed one a line as
    `code | 中文 | English`, so the page works without JavaScript."""

    code = forms.SlugField(label=_("Code"), max_length=40,
                           help_text=_("Letters, digits, hyphens, underscores; answers are "
                                       "stored under it, e.g. income_year."))
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    label_zh = forms.CharField(label=_("Question (Chinese)"), max_length=200)
    label_en = forms.CharField(label=_("Question (English)"), max_length=200, required=False)
    help_zh = forms.CharField(label=_("Help (Chinese)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    help_en = forms.CharField(label=_("Help (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("An answer is required"), required=False,
                                  initial=True)
    choices = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For choice questions: one option a line, as code | Chinese | English, "
                    "e.g. loan | 貸款 | Loan."))
    min_value = forms.IntegerField(label=_("Smallest number"), required=False)
    max_value = forms.IntegerField(label=_("Largest number"), required=False)

    def clean_choices(self):
        parsed = []
        for line in (self.cleaned_data.get("choices") or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or len(parts) > 3:
                raise forms.ValidationError(
                    _("Write each option as code | Chinese | English."))
            parsed.append(question_rules.Choice(parts[0], parts[1],
                                                parts[2] if len(parts) == 3 else ""))
        return tuple(parsed)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for problem in question_rules.question_errors(self.question()):
            self.add_error(None, problem)
        return data

    def question(self) -> question_rules.Question:
        data = self.cleaned_data
        return question_rules.Question(
            code=data.get("code", ""), kind=data.get("kind", ""),
            label_zh=data.get("label_zh", ""), label_en=data.get("label_en", ""),
            help_zh=data.get("help_zh", ""), help_en=data.get("help_en", ""),
            required=bool(data.get("required")), choices=data.get("choices", ()),
            min_value=data.get("min_value"), max_value=data.get("max_value"))


class BaseQuestionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        codes = [question.code for question in self.items()]
        if len(codes) != len(set(codes)):
            raise forms.ValidationError(_("Two questions have the same code."))

    def items(self) -> tuple[question_rules.Question, ...]:
        kept = [form for form in self.ordered_forms if not self._should_delete_form(form)]
        return tuple(form.question() for form in kept
                     if form.cleaned_data and form.has_changed())


QuestionFormSet = forms.formset_factory(QuestionForm, formset=BaseQuestionFormSet, extra=2,
                                        can_order=True, can_delete=True, max_num=50,
                                        validate_max=True)


def question_initial(version: ServiceTypeVersion) -> list[dict]:
    return [{"code": q.code, "kind": q.kind, "label_zh": q.label_zh, "label_en": q.label_en,
             "help_zh": q.help_zh, "help_en": q.help_en, "required": q.required,
             "choices": "\n".join(" | ".join([str(c.get("code", "")), str(c.get("label_zh", "")),
                                              str(c.get("label_en", ""))]).rstrip(" |")
                                   for c in q.choices or ()),
             "min_value": q.min_value, "max_value": q.max_value, "ORDER": position}
            for position, q in enumerate(version.questions.all(), start=1)]


class PublishForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    effective_from = RocDateField(
        label=_("Takes effect on"), required=False,
        help_text=_("Leave empty for today. The version in force now ends the day before."))


class ChooseOrganisationForm(forms.Form):
    organisation = ShortModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ImportForm(ChooseOrganisationForm):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An .xlsx or .ods workbook with the sheets services and documents, or a "
                    ".csv file with the services only (at most 2 MB)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".xlsx", ".ods", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx, .ods or .csv file."))
        return upload


class ExportForm(forms.Form):
    FORMATS = [("xlsx", "XLSX (Excel)"), ("ods", "ODS (OpenDocument)")]

    organisation = ShortModelChoiceField(label=_("Organisation"), required=False,
                                         queryset=Organisation.objects.none(),
                                         empty_label=_("All my organisations"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="xlsx")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# Public: the search form ----------------------------------------------------------------

class CatalogueSearchForm(forms.Form):
    """A GET form: an unknown choice is reported and ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Words from the name, the description or the documents."))
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    channel = forms.ChoiceField(label=_("How to apply"), required=False)
    applicant = forms.ChoiceField(label=_("Who may apply"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    policy = forms.ChoiceField(label=_("Policy area"), required=False)
    service = forms.ChoiceField(label=_("Life event"), required=False)

    def __init__(self, *args, organisations, tags, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["organisation"].choices = anything + [
            (organisation.code, organisation.name) for organisation in organisations]
        self.fields["channel"].choices = anything + list(Channel.choices)
        self.fields["applicant"].choices = anything + list(ApplicantKind.choices)
        for name, scheme in (("topic", ClassificationTag.Scheme.TOPIC),
                             ("policy", ClassificationTag.Scheme.POLICY),
                             ("service", ClassificationTag.Scheme.SERVICE)):
            self.fields[name].choices = anything + [
                (tag.code, tag.name) for tag in tags if tag.scheme == scheme]

    def criteria(self) -> dict[str, str]:
        """The valid criteria (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in self.fields}


class CrossAgencyForm(forms.Form):
    """The agencies whose counters may receive this service (跨機關通辦)."""

    organisations = ShortModelMultipleChoiceField(
        queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, label=_("Agencies that may receive it"),
        help_text=_("Their counters record the application and documents and hand it over "
                    "to us; we handle it on our own rules and calendar."))

    def __init__(self, *args, owner: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = (Organisation.objects.exclude(pk=owner.pk)
                                                 .order_by("path"))
