"""ROC (Minguo) dates: year = AD year - 1911. Stored dates are ISO; these convert at the
edges. Pure functions, no Django."""

import datetime as dt

ROC_OFFSET = 1911


def roc_year(day: dt.date) -> int:
    return day.year - ROC_OFFSET


def format_roc_long(day: dt.date) -> str:
    """114年3月5日"""
    return f"{roc_year(day)}年{day.month}月{day.day}日"


def format_roc_slash(day: dt.date) -> str:
    """114/03/05"""
    return f"{roc_year(day):03d}/{day.month:02d}/{day.day:02d}"


def format_roc_compact(day: dt.date) -> str:
    """1140305 (data and file names)"""
    return f"{roc_year(day):03d}{day.month:02d}{day.day:02d}"
