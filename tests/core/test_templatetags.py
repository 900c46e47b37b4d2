import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source, language="zh-hant", **context):
    with translation.override(language):
        return Template(source).render(Context(context))


DAY = dt.date(2025, 3, 5)
AFTERNOON = dt.datetime(2025, 3, 5, 6, 30, tzinfo=dt.UTC)  # 14:30 in Taipei


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        ("{{ v|roc_date }}", "114年3月5日", "2025-03-05"),
        ("{{ v|roc_short }}", "114/03/05", "2025-03-05"),
        ("{{ v|roc_datetime }}", "114/03/05", "2025-03-05"),
    ],
)
def test_date_filters_are_builtins_that_follow_the_language(source, zh, en):
    assert render(source, "zh-hant", v=DAY) == zh
    assert render(source, "en", v=DAY) == en


def test_roc_datetime_shows_local_time():
    assert render("{{ v|roc_datetime }}", "zh-hant", v=AFTERNOON) == "114/03/05 14:30"
    assert render("{{ v|roc_datetime }}", "en", v=AFTERNOON) == "2025-03-05 14:30"


def test_datetime_near_midnight_uses_the_taipei_day():
    late = dt.datetime(2025, 3, 4, 16, 5, tzinfo=dt.UTC)  # 00:05 on 5 March in Taipei
    assert render("{{ v|roc_date }}", v=late) == "114年3月5日"
    assert render("{{ v|roc_datetime }}", v=late) == "114/03/05 00:05"


@pytest.mark.parametrize("value", [None, "", "2025-03-05", 42])
def test_date_filters_give_nothing_for_non_dates(value):
    assert render("{{ v|roc_date }}|{{ v|roc_short }}|{{ v|roc_datetime }}", v=value) == "||"


def test_dates_before_the_roc_fall_back_to_iso():
    old = dt.date(1900, 1, 2)
    assert render("{{ v|roc_date }} {{ v|roc_short }}", v=old) == "1900-01-02 1900-01-02"


def test_masking_filters():
    output = render(
        "{{ n|mask_name }} {{ i|mask_id }} {{ p|mask_phone }} {{ e|mask_email }}"
        " [{{ x|mask_name }}]",
        n="王小明", i="A123456789", p="0912345678", e="wang.xiaoming@example.com", x=None,
    )
    assert output == "王○明 A12345**** 0912***678 w***@example.com []"


def test_masking_output_is_escaped():
    assert render("{{ n|mask_name }}", n="<b>") == "&lt;**"
