from django import forms

from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.forms import add_domain_error


class NameForm(forms.Form):
    name = forms.CharField()


def refused(error):
    form = NameForm(data={"name": "x"})
    form.is_valid()
    add_domain_error(form, error)
    return form


def test_field_messages_go_on_their_fields_and_the_generic_message_is_not_repeated():
    form = refused(ValidationFailed(details={"name": ["Taken."]}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == []


def test_messages_for_unknown_fields_and_a_specific_message_go_to_the_top():
    form = refused(ValidationFailed("Not on this day.", details={"other": ["Closed."]}))
    assert form.non_field_errors() == ["Closed.", "Not on this day."]


def test_a_stale_version_shows_only_its_message():
    form = refused(Conflict("Someone else saved it.", details={"expected_version": 3}))
    assert form.non_field_errors() == ["Someone else saved it."]
