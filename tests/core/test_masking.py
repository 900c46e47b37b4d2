import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.core.masking import mask_email, mask_id, mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("王小明", "王○明"),
        ("王明", "王○"),
        ("歐陽小明", "歐○○明"),
        ("王", "○"),
        (" 王小明 ", "王○明"),
        ("王 小明", "王○明"),
        ("瓦歷斯．諾幹", "瓦○○○○幹"),
        ("John Smith", "J*** S****"),
        ("Wang Xiao-Ming", "W*** X***-M***"),
        ("José  Ñúñez", "J***  Ñ****"),
        ("A", "A"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("A123456789", "A12345****"),
        ("AA00000009", "AA0000****"),
        (" A123456789 ", "A12345****"),
        ("1234", "****"),
        ("12", "**"),
        ("", ""),
        (None, ""),
        (123456789, "12345****"),
    ],
)
def test_mask_id_hides_the_last_four_characters(number, masked):
    assert mask_id(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("0912345678", "0912***678"),
        ("0912-345-678", "0912-***-678"),
        ("02-2345-6789", "02-23**-*789"),
        ("+886 912 345 678", "+886 9** *** 678"),
        ("1234567", "1***567"),
        ("1999", "***9"),
        ("110", "***"),
        ("", ""),
        (None, ""),
        ("no phone", "no phone"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("wang.xiaoming@example.com", "w***@example.com"),
        ("a@example.com", "a***@example.com"),
        ("@example.com", "***@example.com"),
        ("odd@name@example.com", "o***@example.com"),
        ("not-an-address", "n***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_email(address, masked):
    assert mask_email(address) == masked


ODD_INPUT = st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.binary())


@given(value=ODD_INPUT)
def test_masking_never_raises(value):
    for mask in (mask_name, mask_id, mask_phone, mask_email):
        assert isinstance(mask(value), str)


@given(number=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=5, max_size=20))
def test_mask_id_keeps_the_head_and_hides_exactly_four(number):
    masked = mask_id(number)
    assert masked == number[:-4] + "****"


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=15))
def test_mask_phone_hides_at_least_three_digits_and_keeps_the_length(digits):
    masked = mask_phone(digits)
    assert len(masked) == len(digits)
    assert masked.count("*") >= min(3, len(digits))
    assert masked[-3:] == digits[-3:] or len(digits) < 6


@given(name=st.text(alphabet="王小明歐陽林美玲陳", min_size=3, max_size=6))
def test_mask_name_keeps_only_first_and_last_chinese_characters(name):
    masked = mask_name(name)
    assert masked[0] == name[0] and masked[-1] == name[-1]
    assert masked[1:-1] == "○" * (len(name) - 2)
