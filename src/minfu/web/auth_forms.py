"""Forms of the staff sign-in steps."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from minfu.org.selectors import is_staff_member


class StaffAuthenticationForm(AuthenticationForm):
    """Username and password; refuses accounts that hold no staff membership."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not correct."),
        "no_membership": _("This account has no staff role. Ask your agency's "
                           "administrator to add you to a unit."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_staff_member(user):
            raise forms.ValidationError(self.error_messages["no_membership"],
                                        code="no_membership")


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        help_text=_("The 6-digit code your authenticator app shows now."),
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "size": "8",
        }),
    )

    def clean_token(self) -> str:
        # People copy codes with a space in the middle ("123 456").
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != 6 or not token.isascii() or not token.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits shown in your authenticator "
                                          "app."), code="invalid")
        return token
