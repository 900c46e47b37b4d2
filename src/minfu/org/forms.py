from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import RocDateField, ShortModelChoiceField
from minfu.org.models import Membership, Organisation, Role, Scope, Unit
from minfu.org.selectors import AuditFilter, active_user_by_username


class VersionedForm(forms.ModelForm):
    """Carries the version the editor read; the service refuses a stale one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False


class OrganisationForm(VersionedForm):
    """What an agency administrator may change; code, kind and parent are structure,
    changed by the installation administrator in the admin."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name_zh", "name_en", "phone", "email", "website", "address_zh",
                  "address_en", "sort_order"]


class UnitForm(VersionedForm):
    class Meta:
        model = Unit
        fields = ["code", "name_zh", "name_en", "phone", "email", "sort_order", "is_active",
                  "supervisor_assigns"]
        help_texts = {"code": _("Capital letters, digits or hyphens, e.g. BUS1.")}


class MembershipGrantForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150,
                               help_text=_("The staff member's account name."))
    unit = ShortModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ChoiceField(
        label=_("Sees"), required=False,
        choices=[("", _("The role's usual scope")), *Scope.choices],
        help_text=_("Officers and supervisors usually see their own unit, quality "
                    "coordinators the whole organisation, administrators the organisation "
                    "and its branch offices."))
    title = forms.CharField(label=_("Job title"), max_length=80, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_username(self):
        user = active_user_by_username(self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(
                _("No active account has this username. The installation administrator "
                  "creates accounts."), code="unknown_user")
        return user


class MembershipRevokeForm(forms.Form):
    """Only the CSRF token: the confirmation is the POST itself."""


def membership_label(membership: Membership) -> str:
    name = membership.user.get_full_name() or membership.user.get_username()
    return f"{name} · {membership.unit.name} · {membership.get_role_display()}"


class AuditFilterForm(forms.Form):
    """The filters of the audit page (GET); every field may stay empty."""

    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80,
                                  help_text=_("App and model, e.g. cases.case"))
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.CharField(label=_("Changed by (user name)"), required=False, max_length=150)
    since = RocDateField(label=_("From"), required=False)
    until = RocDateField(label=_("Until"), required=False)

    def audit_filter(self) -> AuditFilter:
        """The filter of a valid form; an invalid one filters nothing out."""
        return AuditFilter(**self.cleaned_data) if self.is_valid() else AuditFilter()
