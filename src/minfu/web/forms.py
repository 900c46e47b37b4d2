"""Form helpers shared by every app's staff and public pages."""

from django import forms

from minfu.core.errors import Conflict, DomainError


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
