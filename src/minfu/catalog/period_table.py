"""The published processing-period table (人民申請案件處理期間表, Administrative Procedure
Act §51) as rows, for the web page and the CSV and ODS downloads. Its wording is
published content, so both languages are written out here (see periods.py)."""

import datetime as dt

from minfu.catalog.periods import describe_period, is_english
from minfu.catalog.sheets import Cell, Workbook
from minfu.core.roc import format_roc_compact, format_roc_long

_HEADERS_ZH = ["項次", "案件類別", "法令依據", "處理期限", "服務標準", "承辦單位"]
_HEADERS_EN = ["No.", "Type of application", "Legal basis", "Processing period",
               "Service standard", "Responsible unit"]


def headers(language: str | None) -> list[str]:
    return list(_HEADERS_EN if is_english(language) else _HEADERS_ZH)


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
    if is_english(language):
        updated = f" (updated {updated_on.isoformat()})" if updated_on else ""
        return f"{name}: processing periods of applications{updated}"
    updated = f"（更新日期：{format_roc_long(updated_on)}）" if updated_on else ""
    return f"{name}人民申請案件處理期間表{updated}"


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
