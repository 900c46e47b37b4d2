import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.records import access
from minfu.records.numbering import (
    RecordNumber,
    RecordNumberError,
    format_record_number,
    parse_record_number,
)

codes = st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,19}", fullmatch=True)
letters = st.sampled_from(["", "P", "Q", "Z"])
days = st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31))


def test_format_matches_the_published_examples():
    assert format_record_number("KL", dt.date(2025, 3, 5), 17) == "KL-1140305-0017"
    assert format_record_number("KL", dt.date(2025, 3, 5), 7, prefix="P") == "KL-P1140305-0007"


def test_parse_reads_what_people_type():
    assert parse_record_number(" kl-1140305-0017 ") == RecordNumber("KL", dt.date(2025, 3, 5), 17)
    assert parse_record_number("ＫＬ－１１４０３０５－００１７").sequence == 17
    assert parse_record_number("MOF-TPC-1140305-12345") == \
        RecordNumber("MOF-TPC", dt.date(2025, 3, 5), 12345)
    assert parse_record_number("kl-p1140305-0007") == \
        RecordNumber("KL", dt.date(2025, 3, 5), 7, "P")


def test_petition_numbers_from_before_the_kernel_still_read():
    parsed = parse_record_number(" p1140305-0007 ")
    assert parsed == RecordNumber("", dt.date(2025, 3, 5), 7, "P")
    assert str(parsed) == "P1140305-0007"


@pytest.mark.parametrize("text", ["", "KL", "KL-1140230-0001", "KL-114030-0001",
                                  "KL-1140305-17", "KL-1140305-0000", "-1140305-0001",
                                  "1140305-0001", "KL-PP1140305-0001", "KL_1140305_0001",
                                  None])
def test_parse_refuses_what_is_not_a_record_number(text):
    with pytest.raises(RecordNumberError):
        parse_record_number(text)


def test_format_refuses_bad_parts():
    with pytest.raises(RecordNumberError):
        format_record_number("KL", dt.date(2025, 3, 5), 0)
    with pytest.raises(RecordNumberError):
        format_record_number("K L", dt.date(2025, 3, 5), 1)
    with pytest.raises(RecordNumberError):
        format_record_number("KL", dt.date(2025, 3, 5), 1, prefix="p1")


@given(codes, days, st.integers(min_value=1, max_value=10**6), letters)
def test_parse_inverts_format(code, day, sequence, letter):
    number = format_record_number(code, day, sequence, prefix=letter)
    assert parse_record_number(number) == RecordNumber(code, day, sequence, letter)
    assert str(parse_record_number(number)) == number


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


def test_each_purpose_has_its_own_key():
    assert access.derive_key("secret") != b"secret"
    assert access.derive_key("secret") == access.derive_key(b"secret")
    assert access.derive_key("secret", b"a") != access.derive_key("secret", b"b")
    assert access.derive_key("secret", b"a") != access.derive_key("secret")


@given(st.text(alphabet=access.ALPHABET, min_size=1, max_size=20))
def test_display_form_reads_back_as_the_same_code(code):
    assert access.normalise_code(access.display_code(code)) == code
