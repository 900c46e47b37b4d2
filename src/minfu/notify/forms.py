from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.notify.models import OutboxMessage


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status")), *OutboxMessage.Status.choices])


class ResendForm(forms.Form):
    """No fields: the POST with its CSRF token is the confirmation."""
