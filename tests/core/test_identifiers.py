import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from minfu.core import identifiers as ids

BEFORE_2030 = dt.date(2025, 6, 1)
AFTER_2030 = dt.date(2031, 1, 1)
NEW_BUSINESS_RULE = dt.date(2023, 4, 1)
OLD_BUSINESS_RULE = dt.date(2023, 3, 31)

# Sample numbers: A123456789 from DOMAIN.md; the rest are the published test vectors of
# enylin/taiwan-id-validator (MIT), which our checksum reproduces.
VALID_NATIONAL_IDS = [
    "A123456789", "F131104093", "O158238845", "N116247806", "L122544270", "C180661564",
    "Y123456788",
]
VALID_NEW_RESIDENT = [
    "A800000014", "A900207177", "A803095426", "B801300667", "C800151116", "H802717288",
    "T900251126", "A930196810",
]
VALID_OLD_RESIDENT = [
    "AA00000009", "AB00207171", "AC03095424", "BD01300667", "CC00151114", "HD02717288",
    "TD00251124", "AD30196818", "AB23456789",
]


@pytest.mark.parametrize("number", VALID_NATIONAL_IDS)
def test_known_national_ids_pass(number):
    assert ids.national_id_problem(number) is None
    assert ids.is_valid_personal_id(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("A123456788", "checksum"),
        ("F131104091", "checksum"),
        ("O158238842", "checksum"),
        ("A12345678", "length"),
        ("A1234567890", "length"),
        ("", "length"),
        ("1123456789", "letter"),
        ("?123456789", "letter"),
        ("A323456789", "second_character"),
        ("A823456789", "second_character"),  # a resident number is not a national ID
        ("AA23456789", "second_character"),
        ("A12345678X", "digits"),
        ("A1234 6789", "digits"),
    ],
)
def test_bad_national_ids_say_why(number, code):
    problem = ids.national_id_problem(number)
    assert problem is not None
    assert problem.code == code
    assert str(problem)


@pytest.mark.parametrize("number", [" a123456789 ", "Ａ１２３４５６７８９", "a123456789\n"])
def test_national_id_input_is_normalised(number):
    assert ids.normalise_identifier(number) == "A123456789"
    assert ids.is_valid_national_id(number)


@pytest.mark.parametrize("number", VALID_NEW_RESIDENT)
def test_known_new_resident_numbers_pass_at_any_date(number):
    assert ids.is_valid_resident_certificate(number, on=BEFORE_2030)
    assert ids.is_valid_resident_certificate(number, on=AFTER_2030)
    assert ids.is_valid_personal_id(number, on=AFTER_2030)
    assert not ids.is_valid_national_id(number)


@pytest.mark.parametrize("number", VALID_OLD_RESIDENT)
def test_known_old_resident_numbers_pass_until_the_end_of_2030(number):
    assert ids.is_valid_resident_certificate(number, on=BEFORE_2030)
    assert ids.is_valid_resident_certificate(number, on=dt.date(2030, 12, 31))
    assert ids.resident_certificate_problem(number, on=AFTER_2030).code == "expired"
    assert ids.personal_id_problem(number, on=AFTER_2030).code == "expired"


def test_old_resident_expiry_defaults_to_today_in_taipei(time_machine):
    # 16:30 UTC is 00:30 on 2031-01-01 in Taipei.
    time_machine.move_to(dt.datetime(2030, 12, 31, 16, 30, tzinfo=dt.UTC))
    assert ids.resident_certificate_problem("AA00000009").code == "expired"
    time_machine.move_to(dt.datetime(2030, 12, 31, 15, 30, tzinfo=dt.UTC))  # 23:30 Taipei
    assert ids.is_valid_resident_certificate("AA00000009")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("AA00000000", "checksum"),
        ("A800000000", "checksum"),
        ("AE23456785", "second_character"),
        ("A123456789", "second_character"),  # a national ID is not a resident number
        ("A7000000001", "length"),
    ],
)
def test_bad_resident_numbers_say_why(number, code):
    assert ids.resident_certificate_problem(number, on=BEFORE_2030).code == code


@pytest.mark.parametrize(("number", "code"), [("A323456789", "second_character"),
                                              ("A123456788", "checksum"),
                                              ("AA00000000", "checksum")])
def test_personal_id_accepts_either_kind_and_says_why_not(number, code):
    assert ids.personal_id_problem(number, on=BEFORE_2030).code == code


def test_old_resident_second_letter_counts_as_the_last_digit_of_its_code():
    # B = 11 counts as 1, so AB... weighs like A1...: both share a check digit.
    assert ids.person_checksum("AB00207171") == ids.person_checksum("A100207171")
    assert ids.person_check_digit("AD3019681") == ids.person_check_digit("A33019681")


# --- property tests for people --------------------------------------------------------

LETTERS = st.sampled_from(sorted(ids.LETTER_CODES))
SEVEN_DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=7)


@st.composite
def person_numbers(draw, seconds):
    first_nine = draw(LETTERS) + draw(st.sampled_from(seconds)) + draw(SEVEN_DIGITS)
    return first_nine + ids.person_check_digit(first_nine)


@given(number=person_numbers("12"))
def test_generated_national_ids_pass(number):
    assert ids.is_valid_national_id(number)


@given(number=person_numbers("89ABCD"))
def test_generated_resident_numbers_pass(number):
    assert ids.is_valid_resident_certificate(number, on=BEFORE_2030)


@given(number=person_numbers("1289ABCD"), replacement=st.sampled_from("0123456789"))
def test_any_change_of_the_check_digit_breaks_a_person_number(number, replacement):
    assume(replacement != number[-1])
    assert ids.personal_id_problem(number[:-1] + replacement, on=BEFORE_2030).code == "checksum"


@given(number=person_numbers("12"), position=st.integers(2, 9), replacement=st.integers(0, 9))
def test_a_single_digit_change_is_caught_unless_its_weight_hides_it(number, position, replacement):
    """The checksum is mod 10 with weights 7..1: a change of `delta` at a digit of weight
    `w` goes unnoticed exactly when w * delta is a multiple of 10 (weight 5 with an even
    change, weights 6, 4, 2 with a change of 5). Weights 7, 3 and 1 catch every change."""
    delta = replacement - int(number[position])
    assume(delta != 0)
    changed = f"{number[:position]}{replacement}{number[position + 1:]}"
    weight = ids.PERSON_WEIGHTS[position + 1]
    assert ids.is_valid_national_id(changed) == (weight * delta % 10 == 0)
    if weight in (7, 3, 1):
        assert not ids.is_valid_national_id(changed)


def test_the_weak_spot_of_the_person_checksum_is_real():
    # 3 -> 8 in the weight-6 place adds 30: still divisible by 10.
    assert ids.is_valid_national_id("A128456789")


# --- unified business numbers ---------------------------------------------------------

@pytest.mark.parametrize(
    ("number", "old_rule", "new_rule"),
    [
        ("04595257", True, True),
        ("12345675", True, True),
        ("12345676", True, True),  # seventh digit 7: sum + 1 passes
        ("22099131", True, True),
        ("12345670", False, True),  # divisible by 5 only
        ("12345671", False, True),  # seventh digit 7, sum + 1 divisible by 5 only
        ("04595252", False, True),
        ("12345678", False, False),
        ("12345672", False, False),
        ("04595253", False, False),
    ],
)
def test_known_business_numbers_by_rule_date(number, old_rule, new_rule):
    assert ids.is_valid_business_number(number, rule_date=OLD_BUSINESS_RULE) is old_rule
    assert ids.is_valid_business_number(number, rule_date=NEW_BUSINESS_RULE) is new_rule


@pytest.mark.parametrize(
    ("number", "code"),
    [("1234567", "length"), ("123456789", "length"), ("", "length"), ("1234567A", "digits"),
     ("1234-567", "digits"), ("12345678", "checksum")],
)
def test_bad_business_numbers_say_why(number, code):
    assert ids.business_number_problem(number).code == code


def test_business_number_input_is_normalised():
    assert ids.is_valid_business_number(" ０４５９５２５７ ")


def test_business_rule_date_defaults_to_today(time_machine):
    time_machine.move_to(dt.datetime(2023, 3, 31, 12, tzinfo=ids.TAIPEI))
    assert not ids.is_valid_business_number("04595252")
    time_machine.move_to(dt.datetime(2023, 4, 1, 12, tzinfo=ids.TAIPEI))
    assert ids.is_valid_business_number("04595252")


def business_number(first_seven: str) -> str:
    """Complete seven digits with the last digit (weight 1) that passes the old rule."""
    return first_seven + str(-ids.business_checksum(first_seven + "0") % 10)


@given(first_seven=SEVEN_DIGITS)
def test_generated_business_numbers_pass_both_rules(first_seven):
    number = business_number(first_seven)
    assert ids.is_valid_business_number(number, rule_date=OLD_BUSINESS_RULE)
    assert ids.is_valid_business_number(number, rule_date=NEW_BUSINESS_RULE)


@given(first_seven=SEVEN_DIGITS, position=st.integers(0, 7), replacement=st.integers(0, 9))
def test_old_rule_catches_every_single_digit_change_away_from_a_seven(
    first_seven, position, replacement
):
    """Before 2023-04-01 (mod 10) every single-digit change is caught, except where a 7 in
    the seventh place lets the sum be off by one."""
    number = business_number(first_seven)
    changed = f"{number[:position]}{replacement}{number[position + 1:]}"
    assume(changed != number and "7" not in (number[6], changed[6]))
    assert not ids.is_valid_business_number(changed, rule_date=OLD_BUSINESS_RULE)


@given(first_seven=SEVEN_DIGITS, replacement=st.integers(0, 9))
def test_new_rule_misses_a_last_digit_change_of_five_only(first_seven, replacement):
    """Since 2023-04-01 (mod 5) the check is weaker: a change of 5 in the last digit passes."""
    number = business_number(first_seven)
    delta = replacement - int(number[-1])
    assume(delta != 0)
    changed = number[:-1] + str(replacement)
    caught = not ids.is_valid_business_number(changed, rule_date=NEW_BUSINESS_RULE)
    if number[6] != "7":
        assert caught == (abs(delta) != 5)


# --- Django validators ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("validator", "value", "code"),
    [
        (ids.validate_national_id, "A123456788", "checksum"),
        (ids.validate_personal_id, "A323456789", "second_character"),
        (ids.validate_resident_certificate, "A1", "length"),
        (ids.validate_business_number, "1234567A", "digits"),
    ],
)
def test_validators_raise_validation_error_with_the_reason(validator, value, code):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    assert caught.value.code == code
    assert caught.value.messages


def test_validators_pass_good_numbers_and_take_dates():
    ids.validate_national_id("A123456789")
    ids.validate_personal_id("A800000014")
    ids.validate_resident_certificate("AA00000009", on=BEFORE_2030)
    ids.validate_business_number("04595252", rule_date=NEW_BUSINESS_RULE)
    with pytest.raises(ValidationError):
        ids.validate_resident_certificate("AA00000009", on=AFTER_2030)
    with pytest.raises(ValidationError):
        ids.validate_business_number("04595252", rule_date=OLD_BUSINESS_RULE)


@given(text=st.text(max_size=12))
def test_checks_never_raise_on_any_text(text):
    ids.personal_id_problem(text, on=BEFORE_2030)
    ids.national_id_problem(text)
    ids.business_number_problem(text)
