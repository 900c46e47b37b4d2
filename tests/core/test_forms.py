import datetime as dt

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from minfu.core import roc
from minfu.core.errors import ValidationFailed
from minfu.core.forms import (
    BusinessNumberField,
    NationalIdField,
    PersonalIdField,
    RocDateField,
    form_submitted,
)


class ApplicationForm(forms.Form):
    received_on = RocDateField(label="Received on")
    decided_on = RocDateField(label="Decided on", required=False)


def bound(received_on, decided_on=""):
    return ApplicationForm(data={"received_on": received_on, "decided_on": decided_on})


@pytest.mark.parametrize(
    "typed", ["114/03/05", "1140305", "民國114年3月5日", "2025-03-05", "１１４/０３/０５", " 114.3.5 "]
)
def test_accepts_every_documented_input(typed):
    form = bound(typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"received_on": dt.date(2025, 3, 5), "decided_on": None}


@pytest.mark.parametrize(
    ("typed", "code", "fragment"),
    [
        ("114/02/29", "invalid_day", "month 2 has no day 29"),
        ("114/13/01", "invalid_month", "no month 13"),
        ("0/1/1", "invalid_year", "ROC year must be 1 or later"),
        ("yesterday", "invalid", "for example 114/03/05"),
    ],
)
def test_refuses_bad_dates_with_a_clear_message(typed, code, fragment):
    form = bound(typed)
    assert not form.is_valid()
    assert form.has_error("received_on", code)
    assert fragment in form.errors["received_on"][0]


def test_required_is_still_required():
    form = bound("")
    assert not form.is_valid()
    assert form.has_error("received_on", "required")


def test_error_is_shown_in_the_language_of_the_page(tag_translations):
    form = bound("114/13/01")
    assert not form.is_valid()
    with translation.override("zh-hant"):
        assert form.errors["received_on"][0].startswith("[zh-hant] There is no month 13")
    with translation.override("en"):
        assert form.errors["received_on"][0].startswith("[en] There is no month 13")


def test_custom_error_message_overrides_by_code():
    field = RocDateField(error_messages={"invalid_day": "No such day."})
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("114/02/29")
    assert caught.value.messages == ["No such day."]


def render(initial, language):
    form = ApplicationForm(initial={"received_on": initial})
    with translation.override(language):
        return str(form["received_on"]), str(form["received_on"].help_text)


def test_renders_initial_value_as_roc_on_chinese_pages():
    html, help_text = render(dt.date(2025, 3, 5), "zh-hant")
    assert 'value="114/03/05"' in html
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert "114/03/05" in help_text


def test_renders_initial_value_as_iso_on_english_pages():
    html, help_text = render(dt.date(2025, 3, 5), "en")
    assert 'value="2025-03-05"' in html
    assert "2025-03-05" in help_text


def test_renders_an_aware_datetime_initial_in_local_time():
    html, _ = render(dt.datetime(2025, 3, 4, 16, 30, tzinfo=dt.UTC), "zh-hant")  # 00:30 in Taipei
    assert 'value="114/03/05"' in html


def test_renders_pre_roc_dates_as_iso():
    html, _ = render(dt.date(1911, 12, 31), "zh-hant")
    assert 'value="1911-12-31"' in html


def test_redisplays_what_the_user_typed_after_an_error():
    form = bound("114/02/29")
    form.is_valid()
    html = str(form["received_on"])
    assert 'value="114/02/29"' in html
    assert 'aria-invalid="true"' in html


def test_help_text_is_linked_to_the_input():
    html = str(ApplicationForm()["received_on"])
    assert 'aria-describedby="id_received_on_helptext"' in html


@given(day=st.dates(min_value=roc.FIRST_ROC_DATE, max_value=dt.date(2910, 12, 31)),
       language=st.sampled_from(["zh-hant", "en"]))
def test_what_the_field_shows_it_reads_back(day, language):
    with translation.override(language):
        shown = RocDateField().widget.format_value(day)
    assert RocDateField().clean(shown) == day


class PeopleForm(forms.Form):
    national_id = NationalIdField()
    personal_id = PersonalIdField()
    business_number = BusinessNumberField(required=False)


def test_identifier_fields_clean_to_the_normalised_number():
    form = PeopleForm(data={"national_id": " ａ１２３４５６７８９ ", "personal_id": "a800000014",
                            "business_number": "０４５９５２５７"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"national_id": "A123456789", "personal_id": "A800000014",
                                 "business_number": "04595257"}


def test_identifier_fields_give_one_clear_reason():
    form = PeopleForm(data={"national_id": "A123456788", "personal_id": "A323456789",
                            "business_number": "1234"})
    assert not form.is_valid()
    assert form.has_error("national_id", "checksum")
    assert form.has_error("personal_id", "second_character")
    assert form.errors["business_number"] == ["A unified business number has exactly 8 digits."]
    assert 'inputmode="numeric"' in str(form["business_number"])


# ----- form_submitted: a form page's POST ---------------------------------------------------

class ReasonForm(forms.Form):
    reason = forms.CharField()


def _posted(rf, data):
    request = rf.post("/", data)
    return request, ReasonForm(request.POST)


def test_a_service_that_returns_nothing_or_an_empty_list_has_still_done_it(rf):
    for returned in (None, [], 0):
        request, form = _posted(rf, {"reason": "ok"})
        assert form_submitted(request, form, lambda returned=returned: returned) is True
    request, form = _posted(rf, {"reason": "ok"})
    assert form_submitted(request, form, lambda: ["assigned"]) == ["assigned"]


def test_a_refusal_is_shown_on_the_form_and_nothing_is_done(rf):
    request, form = _posted(rf, {"reason": "ok"})

    def refuse():
        raise ValidationFailed(details={"reason": ["Give a longer reason."]})

    assert form_submitted(request, form, refuse) is None
    assert form.errors["reason"] == ["Give a longer reason."]
    request, form = _posted(rf, {"reason": ""})
    assert form_submitted(request, form, lambda: pytest.fail("called")) is None
