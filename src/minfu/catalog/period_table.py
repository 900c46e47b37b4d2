"""The published processing-period table (人民申請案件處理期間表, Administrative Procedure
Act §51) as rows, for the web page and the CSV and ODS downloads. The headings and the
title go through gettext (English msgids, translated in the zh_Hant catalogue) and are
rendered in the language asked for, like the period wording (see periods.py); the data
comes from the catalogue's own Chinese and English fields."""

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext, pgettext

from minfu.catalog.periods import describe_period, is_english, wording_language
from minfu.core.roc import format_roc_compact, format_roc_long
from minfu.core.sheets import Cell, Workbook


def headers(language: str | None) -> list[str]:
    # A context of their own: these are the published headings (項次, not the 編號 of
    # other lists), so that a change elsewhere in the interface cannot alter them.
    with translation.override(wording_language(language)):
        return [
            pgettext("period table heading", "No."),
            pgettext("period table heading", "Type of application"),
            pgettext("period table heading", "Legal basis"),
            pgettext("period table heading", "Processing period"),
            pgettext("period table heading", "Service standard"),
            pgettext("period table heading", "Responsible unit"),
        ]


def _pick(zh: str, en: str, language: str | None) -> str:
    return en if is_english(language) and en else zh


def rows(versions, language: str | None) -> list[list[Cell]]:
    """One row per version in force, numbered from 1."""
    return [
        [
            number,
            _pick(version.name_zh, version.name_en, language),
            _pick(version.legal_basis_zh, version.legal_basis_en, language),
            describe_period(version.period, language),
            describe_period(version.norm, language) or "—",
            _pick(version.responsible_unit.name_zh, version.responsible_unit.name_en, language),
        ]
        for number, version in enumerate(versions, start=1)
    ]


def title(organisation, updated_on: dt.date | None, language: str | None) -> str:
    """臺北關人民申請案件處理期間表（更新日期：114年3月5日）"""
    name = _pick(organisation.name_zh, organisation.name_en, language)
    with translation.override(wording_language(language)):
        if updated_on is None:
            return gettext("%(name)s: processing periods of applications") % {"name": name}
        # The date is written the way each language's readers expect: ROC on Chinese pages.
        date = updated_on.isoformat() if is_english(language) else format_roc_long(updated_on)
        return gettext("%(name)s: processing periods of applications (updated %(date)s)") % {
            "name": name, "date": date}


def filename(organisation, updated_on: dt.date | None, extension: str) -> str:
    """Data file names carry the ROC date in seven digits: 人民申請案件處理期間表_TPC_1140305.csv"""
    stamp = f"_{format_roc_compact(updated_on)}" if updated_on else ""
    return f"人民申請案件處理期間表_{organisation.code}{stamp}.{extension}"


def csv_rows(versions, language: str | None) -> list[list[Cell]]:
    """The CSV: a header row, then the data (the title and date are in the file name, so
    that the file stays a plain table)."""
    return [headers(language), *rows(versions, language)]


def ods_workbook(organisation, versions, updated_on: dt.date | None,
                 language: str | None) -> Workbook:
    """One sheet named after the organisation code: the title, the header, the data."""
    return {organisation.code: [[title(organisation, updated_on, language)],
                                headers(language), *rows(versions, language)]}
