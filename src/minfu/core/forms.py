"""Form fields shared by every app: ROC dates and Taiwanese identifiers; and
`add_domain_error`, which shows a service's refusal on a form.

Use `RocDateField` wherever people type a date (in a ModelForm: `field_classes =
{"received_on": RocDateField}`), and the identifier fields wherever they type an ID or a
unified business number; each cleans to the normalised value that is stored.
`WidgetRenderer` draws every form's widgets (settings.FORM_RENDERER).
"""

import datetime as dt

from django import forms
from django.contrib import messages as user_messages
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer
from django.forms.renderers import DjangoTemplates as DjangoTemplatesRenderer
from django.forms.renderers import Jinja2 as Jinja2Renderer
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minfu.core import identifiers, roc
from minfu.core.errors import Conflict, DomainError


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _date_help_text() -> str:
    if _english():
        return str(_("Format: 2025-03-05 (year-month-day). ROC dates such as 114/03/05 also work."))
    return str(_("Format: 114/03/05 (ROC year/month/day), or the seven digits 1140305."))


class RocDateInput(forms.DateInput):
    """A text box (not the browser date picker, which knows no ROC years) that shows its
    value as 114/03/05 on Chinese pages and 2025-03-05 on English pages. inputmode=numeric
    brings up the digit keypad on phones; the seven-digit form 1140305 needs nothing else.
    For a person's own birth date pass attrs={"autocomplete": "bday"} (WCAG 1.3.5)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, dt.date):
            if _english() or value < roc.FIRST_ROC_DATE:
                return value.isoformat()
            return roc.format_roc_slash(value)
        # Text the user typed is shown back exactly as typed, so they can correct it.
        return str(value)


class RocDateField(forms.DateField):
    """Accepts every form `minfu.core.roc.parse_date` reads (114/03/05, 1140305,
    民國114年3月5日, 2025-03-05, full-width digits...) and cleans to a `datetime.date`."""

    widget = RocDateInput
    default_error_messages = {"invalid": roc.UNREADABLE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", lazy(_date_help_text, str)())
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return super().to_python(value)
        try:
            return roc.parse_date(str(value))
        except roc.RocDateError as error:
            # The message stays lazy: it is translated when the error is shown.
            message = self.error_messages.get(error.code, error.message)
            raise ValidationError(message, code=error.code, params=error.params) from None


class IdentifierField(forms.CharField):
    """Cleans to the normalised form (stripped, half-width, uppercase) before validating."""

    def to_python(self, value):
        return identifiers.normalise_identifier(super().to_python(value))


class NationalIdField(IdentifierField):
    default_validators = [identifiers.validate_national_id]


class PersonalIdField(IdentifierField):
    """A national ID or a resident certificate number."""

    default_validators = [identifiers.validate_personal_id]


class BusinessNumberField(IdentifierField):
    default_validators = [identifiers.validate_business_number]

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}

def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: the messages in `details` on the fields they
    name (those naming no field of the form at the top), and the error's own message at
    the top unless the details said it all and it is only the generic "not valid". A
    stale version (Conflict) shows just its message."""
    if isinstance(error, Conflict):
        form.add_error(None, error.message)
        return
    placed = False
    for field, messages in error.details.items():
        if field in form.fields:
            for message in messages if isinstance(messages, list) else [messages]:
                form.add_error(field, message)
            placed = True
        elif isinstance(messages, list):
            for message in messages:
                form.add_error(None, message)
            placed = True
    if not placed or error.message is not error.default_message:
        form.add_error(None, error.message)


def form_submitted(request, form: forms.Form, call, success=None):
    """A form page's POST: when the request is a POST and `form` is valid, run the service
    `call()`; its refusal is shown on the form (`add_domain_error`). Returns what the
    service returned (True when that is None or empty: done is always true), after adding
    `success` as the success message; None when nothing was done, so the view renders the
    form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call()
    except DomainError as error:
        add_domain_error(form, error)
        return None
    if success:
        user_messages.success(request, success)
    return result or True


class _ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads the choices with one plain query. Django's iterator uses
    `QuerySet.iterator()`, which on PostgreSQL is a server-side cursor (DECLARE, FETCH,
    CLOSE: three round trips) for what is a dozen rows on a filter form."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for the lists a form draws whole (service types, categories,
    officers of a unit): the choices come from one ordinary query. Every form uses it
    (ruff's banned-api rule refuses Django's own)."""

    iterator = _ListedChoiceIterator


class ShortModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The same for a choice of several."""

    iterator = _ListedChoiceIterator


class WidgetRenderer(BaseRenderer):
    """The form renderer (settings.FORM_RENDERER): Django's own widget templates drawn by
    Jinja2, the same HTML at a fraction of the Django template engine's cost per widget
    (a record's page draws dozens); a widget with no Jinja2 template (the admin's) is
    drawn by the Django templates as before."""

    def __init__(self):
        self.jinja2 = Jinja2Renderer()
        self.django = DjangoTemplatesRenderer()
        self._django_only: set[str] = set()   # names Jinja2 has no template of

    def get_template(self, template_name):
        if template_name not in self._django_only:
            try:
                return self.jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                self._django_only.add(template_name)
        return self.django.get_template(template_name)
