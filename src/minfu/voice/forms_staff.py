"""Forms of the petitions workbench. Forms that change a petition carry its `version` as
read, so a stale form is refused (Conflict) rather than overwriting."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import ShortModelChoiceField
from minfu.org.models import Organisation, Unit
from minfu.records.due import DUE_CHOICES
from minfu.records.forms import AssistanceFields
from minfu.voice.models import (
    Category,
    Kind,
    LimitUnit,
    NotHandledGround,
    PetitionChannel,
    PetitionState,
    RoutingRule,
)
from minfu.voice.services import STAFF_CHANNELS


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Kind.choices])
    category = ShortModelChoiceField(queryset=Category.objects.none(), required=False,
                                     label=_("Category"), empty_label=_("All categories"))
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("All channels")), *PetitionChannel.choices])
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Open cases")), *PetitionState.choices])
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class VersionedActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssignForm(VersionedActionForm):
    unit = ShortModelChoiceField(queryset=Unit.objects.none(), required=False,
                                 label=_("Unit"), empty_label=_("Keep the unit"))
    officer = ShortModelChoiceField(queryset=get_user_model().objects.none(),
                                    required=False, label=_("Officer"),
                                    empty_label=_("Nobody yet"))

    def __init__(self, *args, units, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = _person


class ExtendForm(VersionedActionForm):
    value = forms.IntegerField(label=_("Extend by (days, in the limit's unit)"), min_value=1,
                               max_value=60)
    reason = forms.CharField(label=_("Reason (sent to the petitioner)"), widget=forms.Textarea)


class NotHandledForm(VersionedActionForm):
    ground = forms.ChoiceField(label=_("Ground for not handling"),
                               choices=NotHandledGround.choices)
    note = forms.CharField(label=_("Note to the petitioner"), required=False,
                           widget=forms.Textarea)


class MergeForm(VersionedActionForm):
    into_number = forms.CharField(label=_("Merge into case number"), max_length=40,
                                  help_text=_("The main case; its reply answers this one too."))


class TransferForm(VersionedActionForm):
    to_organisation = ShortModelChoiceField(
        queryset=Organisation.objects.none(), required=False,
        label=_("Competent agency in this system"), empty_label=_("An agency outside"))
    to_name = forms.CharField(label=_("Or the name of an agency outside the system"),
                              max_length=200, required=False)
    reason = forms.CharField(label=_("Reason (sent to the petitioner)"), widget=forms.Textarea)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations


class ReplyDraftForm(VersionedActionForm):
    text = forms.CharField(label=_("Reply, in plain words"), widget=forms.Textarea)
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, widget=forms.Textarea)
    remedies = forms.CharField(label=_("Available remedies"), required=False,
                               widget=forms.Textarea)
    publish = forms.BooleanField(label=_("Publish the reply with personal data masked"),
                                 required=False)


class ReturnDraftForm(VersionedActionForm):
    note = forms.CharField(label=_("What to change"), widget=forms.Textarea)


class FollowUpCloseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea)


class RecordForm(AssistanceFields, forms.Form):
    """An oral, telephone or e-mail petition keyed by staff (行政程序法 §169: oral ones are
    recorded)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput)
    organisation = ShortModelChoiceField(queryset=Organisation.objects.none(),
                                         label=_("Receiving agency"))
    channel = forms.ChoiceField(label=_("Channel"), choices=[
        choice for choice in PetitionChannel.choices if choice[0] in STAFF_CHANNELS])
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = ShortModelChoiceField(queryset=Category.objects.none(), required=False,
                                     label=_("Category"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("What the petitioner said"), widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("The petitioner gave no name"), required=False)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200, required=False)
    id_number = forms.CharField(label=_("National ID"), max_length=10, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Reply in"), choices=[("zh-hant", "中文"),
                                                               ("en", "English")])

    def __init__(self, *args, organisations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["category"].queryset = categories

    def clean(self):
        data = super().clean()
        self.clean_assistance()
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["organisation", "code", "name_zh", "name_en", "limit_value", "limit_unit",
                  "default_unit", "active"]

    def __init__(self, *args, organisations, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["default_unit"].queryset = units
        self.fields["limit_unit"].choices = LimitUnit.choices


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["organisation", "category", "keywords", "unit", "priority", "active"]

    def __init__(self, *args, organisations, categories, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["category"].queryset = categories
        self.fields["unit"].queryset = units


class MailboxReaderForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=Organisation.objects.none(),
                                         label=_("Agency"))
    username = forms.CharField(label=_("Staff user name"), max_length=150)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class StatisticsForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=Organisation.objects.none(),
                                         required=False, label=_("Agency"),
                                         empty_label=_("All agencies I see"))
    year = forms.IntegerField(label=_("Year (ROC)"), min_value=100, max_value=200)
    by = forms.ChoiceField(label=_("Per"), choices=[("quarter", _("Quarter")),
                                                    ("month", _("Month"))])
    breakdown = forms.ChoiceField(label=_("Breakdowns for"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["breakdown"].choices = [
            ("", _("The whole year")),
            *((f"q{n}", gettext("Quarter %(number)d") % {"number": n}) for n in range(1, 5)),
            *((f"m{n}", gettext("Month %(number)d") % {"number": n}) for n in range(1, 13))]
