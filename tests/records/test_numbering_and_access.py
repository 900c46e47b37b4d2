import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.records import access
from minfu.records.numbering import (
    CaseNumber,
    CaseNumberError,
    format_case_number,
    parse_case_number,
)

codes = st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,19}", fullmatch=True)
days = st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31))


def test_format_matches_the_published_example():
    assert format_case_number("KL", dt.date(2025, 3, 5), 17) == "KL-1140305-0017"


def test_parse_reads_what_people_type():
    assert parse_case_number(" kl-1140305-0017 ") == CaseNumber("KL", dt.date(2025, 3, 5), 17)
    assert parse_case_number("ＫＬ－１１４０３０５－００１７").sequence == 17
    assert parse_case_number("MOF-TPC-1140305-12345") == \
        CaseNumber("MOF-TPC", dt.date(2025, 3, 5), 12345)


@pytest.mark.parametrize("text", ["", "KL", "KL-1140230-0001", "KL-114030-0001",
                                  "KL-1140305-17", "KL-1140305-0000", "-1140305-0001",
                                  "KL_1140305_0001", None])
def test_parse_refuses_what_is_not_a_case_number(text):
    with pytest.raises(CaseNumberError):
        parse_case_number(text)


def test_format_refuses_bad_parts():
    with pytest.raises(CaseNumberError):
        format_case_number("KL", dt.date(2025, 3, 5), 0)
    with pytest.raises(CaseNumberError):
        format_case_number("K L", dt.date(2025, 3, 5), 1)


@given(codes, days, st.integers(min_value=1, max_value=10**6))
def test_parse_inverts_format(code, day, sequence):
    assert parse_case_number(format_case_number(code, day, sequence)) == \
        CaseNumber(code, day, sequence)


def test_access_codes_use_the_unambiguous_alphabet_and_differ():
    generated = {access.new_code() for _ in range(200)}
    assert len(generated) == 200
    for code in generated:
        assert len(code) == access.LENGTH
        assert set(code) <= set(access.ALPHABET)
        assert not set(code) & set("01IOL")


def test_only_the_right_code_matches_its_hmac():
    key = access.derive_key("secret")
    code = access.new_code()
    stored = access.code_hmac(code, key)
    assert len(stored) == 64 and code not in stored
    assert access.code_matches(code, stored, key)
    assert access.code_matches(access.display_code(code).lower(), stored, key)
    assert not access.code_matches(code, stored, access.derive_key("other secret"))
    assert not access.code_matches("", stored, key)
    assert not access.code_matches(code, "", key)


def test_the_key_is_derived_not_the_secret_itself():
    assert access.derive_key("secret") != b"secret"
    assert access.derive_key("secret") == access.derive_key(b"secret")


@given(st.text(alphabet=access.ALPHABET, min_size=1, max_size=20))
def test_display_form_reads_back_as_the_same_code(code):
    assert access.normalise_code(access.display_code(code)) == code
