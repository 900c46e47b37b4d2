"""Taiwanese identifiers: national ID (身分證字號), resident certificate numbers (居留證統一證號)
and unified business numbers (統一編號). Pure checks return the first problem found (or
None); the `validate_*` functions wrap them as Django validators. Only lazy translation
and ValidationError come from Django; nothing touches the database.

Sources: DOMAIN.md "Identifiers"; the resident-certificate forms follow the National
Immigration Agency's 2021-01-02 numbering change. The old two-letter form's second-letter
rule (use the last digit of the letter's code) and the sample numbers in
tests/core/test_identifiers.py are cross-checked against enylin/taiwan-id-validator
(MIT, src/id-card-number.ts and its tests), which implements the same checksum.
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from minfu.core.localtime import TAIPEI

# The letter of a national ID stands for the place of first registration; its code is
# not alphabetical for I, O, W, X, Y, Z, which were added later.
LETTER_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34,
    "J": 18, "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25,
    "S": 26, "T": 27, "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}
PERSON_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
NATIONAL_ID_SECOND = "12"
NEW_RESIDENT_SECOND = "89"
OLD_RESIDENT_SECOND = "ABCD"
OLD_RESIDENT_LAST_VALID_DAY = dt.date(2030, 12, 31)

BUSINESS_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
BUSINESS_DIVISOR_FIVE_SINCE = dt.date(2023, 4, 1)


@dataclass(frozen=True)
class IdentifierProblem:
    """Why a number was refused: a stable `code` and a lazy, translatable `message`."""

    code: str
    message: Promise

    def __str__(self) -> str:
        return str(self.message)


WRONG_PERSON_LENGTH = IdentifierProblem(
    "length", _("The number must have 10 characters: a letter followed by 9 characters.")
)
BAD_FIRST_LETTER = IdentifierProblem("letter", _("The first character must be a letter A to Z."))
NOT_DIGITS = IdentifierProblem("digits", _("The last eight characters must be digits."))
BAD_NATIONAL_SECOND = IdentifierProblem(
    "second_character", _("The second character of a national ID number must be 1 or 2.")
)
BAD_RESIDENT_SECOND = IdentifierProblem(
    "second_character",
    _("The second character of a resident certificate number must be 8 or 9 "
      "(or a letter A to D on the old form)."),
)
BAD_PERSON_SECOND = IdentifierProblem(
    "second_character",
    _("The second character must be 1 or 2 for a national ID, or 8, 9 or a letter A to D "
      "for a resident certificate."),
)
OLD_RESIDENT_EXPIRED = IdentifierProblem(
    "expired",
    _("Old-form resident certificate numbers (two letters) were valid until 2030-12-31; "
      "please use the new number."),
)
PERSON_CHECKSUM = IdentifierProblem(
    "checksum", _("The check digit does not match: please look for a typing error.")
)
WRONG_BUSINESS_LENGTH = IdentifierProblem(
    "length", _("A unified business number has exactly 8 digits.")
)
BUSINESS_NOT_DIGITS = IdentifierProblem(
    "digits", _("A unified business number contains digits only.")
)
BUSINESS_CHECKSUM = IdentifierProblem(
    "checksum", _("This is not a valid unified business number: please look for a typing error.")
)


def normalise_identifier(value: object) -> str:
    """Strip, fold full-width characters to ASCII and uppercase: Ａ１２３ → A123."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().upper()


def _taipei_today() -> dt.date:
    return dt.datetime.now(TAIPEI).date()


# --- people -------------------------------------------------------------------------

def _person_digits(number: str) -> list[int]:
    """The eleven digits the checksum weighs: two for the first letter, one for the second
    character (an old-form letter counts as the last digit of its code), then eight."""
    letter_code = LETTER_CODES[number[0]]
    second = number[1]
    second_digit = LETTER_CODES[second] % 10 if second.isalpha() else int(second)
    return [letter_code // 10, letter_code % 10, second_digit, *map(int, number[2:])]


def person_checksum(number: str) -> int:
    """Weighted sum of a well-formed 10-character number; valid when divisible by 10."""
    return sum(w * d for w, d in zip(PERSON_WEIGHTS, _person_digits(number), strict=True))


def person_check_digit(first_nine: str) -> str:
    """The check digit that completes a letter and 8 more characters into a valid number."""
    partial = person_checksum(normalise_identifier(first_nine) + "0")
    return str(-partial % 10)


def _shape_problem(number: str) -> IdentifierProblem | None:
    if len(number) != 10:
        return WRONG_PERSON_LENGTH
    if number[0] not in LETTER_CODES:
        return BAD_FIRST_LETTER
    if not (number[2:].isascii() and number[2:].isdigit()):
        return NOT_DIGITS
    return None


def _checksum_problem(number: str) -> IdentifierProblem | None:
    return None if person_checksum(number) % 10 == 0 else PERSON_CHECKSUM


def national_id_problem(value: object) -> IdentifierProblem | None:
    """身分證字號: a letter, 1 or 2, eight digits; A123456789 is valid."""
    number = normalise_identifier(value)
    if problem := _shape_problem(number):
        return problem
    if number[1] not in NATIONAL_ID_SECOND:
        return BAD_NATIONAL_SECOND
    return _checksum_problem(number)


def resident_certificate_problem(
    value: object, *, on: dt.date | None = None
) -> IdentifierProblem | None:
    """居留證統一證號: new form letter + 8/9 + eight digits (since 2021-01-02); old form two
    letters (second A-D) + eight digits, accepted up to 2030-12-31 (checked against `on`,
    default today in Taipei)."""
    number = normalise_identifier(value)
    if problem := _shape_problem(number):
        return problem
    second = number[1]
    if second not in NEW_RESIDENT_SECOND and second not in OLD_RESIDENT_SECOND:
        return BAD_RESIDENT_SECOND
    if second in OLD_RESIDENT_SECOND and (on or _taipei_today()) > OLD_RESIDENT_LAST_VALID_DAY:
        return OLD_RESIDENT_EXPIRED
    return _checksum_problem(number)


def personal_id_problem(
    value: object, *, on: dt.date | None = None
) -> IdentifierProblem | None:
    """Either a national ID or a resident certificate number (forms that accept both)."""
    number = normalise_identifier(value)
    if problem := _shape_problem(number):
        return problem
    second = number[1]
    if second in NATIONAL_ID_SECOND:
        return national_id_problem(number)
    if second in NEW_RESIDENT_SECOND or second in OLD_RESIDENT_SECOND:
        return resident_certificate_problem(number, on=on)
    return BAD_PERSON_SECOND


def is_valid_national_id(value: object) -> bool:
    return national_id_problem(value) is None


def is_valid_resident_certificate(value: object, *, on: dt.date | None = None) -> bool:
    return resident_certificate_problem(value, on=on) is None


def is_valid_personal_id(value: object, *, on: dt.date | None = None) -> bool:
    return personal_id_problem(value, on=on) is None


# --- businesses ---------------------------------------------------------------------

def _digit_sum(number: int) -> int:
    return number // 10 + number % 10


def business_checksum(number: str) -> int:
    """Sum of the digit sums of each weighted digit of an 8-digit number. A 7 in the
    seventh place weighs 28, whose digits add up to 10 (see `business_number_problem`)."""
    return sum(
        _digit_sum(w * int(d)) for w, d in zip(BUSINESS_WEIGHTS, number, strict=True)
    )


def business_divisor(rule_date: dt.date | None = None) -> int:
    """5 from 2023-04-01 (numbers ran short), 10 before."""
    day = rule_date or _taipei_today()
    return 5 if day >= BUSINESS_DIVISOR_FIVE_SINCE else 10


def business_number_problem(
    value: object, *, rule_date: dt.date | None = None
) -> IdentifierProblem | None:
    """統一編號. The sum must be divisible by 5 (by 10 before 2023-04-01; `rule_date`
    says which rule applies, default today in Taipei). When the seventh digit is 7 the
    product 28 may count as 1 or 0, so the sum plus 1 may also pass. Every number valid
    under the old rule stays valid under the new one."""
    number = normalise_identifier(value)
    if not (number.isascii() and number.isdigit()):
        return BUSINESS_NOT_DIGITS if number else WRONG_BUSINESS_LENGTH
    if len(number) != 8:
        return WRONG_BUSINESS_LENGTH
    total = business_checksum(number)
    divisor = business_divisor(rule_date)
    if total % divisor == 0 or (number[6] == "7" and (total + 1) % divisor == 0):
        return None
    return BUSINESS_CHECKSUM


def is_valid_business_number(value: object, *, rule_date: dt.date | None = None) -> bool:
    return business_number_problem(value, rule_date=rule_date) is None


# --- Django validators --------------------------------------------------------------

def _raise(problem: IdentifierProblem | None) -> None:
    if problem is not None:
        raise ValidationError(problem.message, code=problem.code)


def validate_national_id(value: object) -> None:
    _raise(national_id_problem(value))


def validate_resident_certificate(value: object, *, on: dt.date | None = None) -> None:
    _raise(resident_certificate_problem(value, on=on))


def validate_personal_id(value: object, *, on: dt.date | None = None) -> None:
    _raise(personal_id_problem(value, on=on))


def validate_business_number(value: object, *, rule_date: dt.date | None = None) -> None:
    _raise(business_number_problem(value, rule_date=rule_date))
