"""The gettext catalogues: committed .mo files match their .po sources (so a machine
without GNU gettext serves the same translations), and the zh-Hant catalogue is complete."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
ZH_HANT_PO = LOCALE_DIR / "zh_Hant" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]")


def catalogue_id(path: Path) -> str:
    return path.parent.parent.name


def translations(entries) -> dict:
    """What msgfmt compiles: translated entries only, keyed by context and msgid."""
    compiled = {}
    for entry in entries:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if all(forms):
                compiled[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = forms
        elif entry.msgstr:
            compiled[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return compiled


def test_both_languages_have_a_catalogue():
    assert {catalogue_id(path) for path in CATALOGUES} == {"zh_Hant", "en"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_committed_mo_matches_its_po(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run `make messages`"
    expected = translations(polib.pofile(str(po_path)))
    compiled = translations(polib.mofile(str(mo_path)))
    stale = sorted(key[1] for key in expected.keys() ^ compiled.keys())
    stale += sorted(key[1] for key in expected.keys() & compiled.keys()
                    if expected[key] != compiled[key])
    assert not stale, f"{mo_path} is out of date with its .po (run `make messages`): {stale[:10]}"


def test_every_zh_hant_entry_is_translated_and_not_fuzzy():
    problems = []
    for entry in polib.pofile(str(ZH_HANT_PO)):
        if entry.obsolete:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not forms or not all(form.strip() for form in forms):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{len(problems)} zh_Hant entries need work:\n" + "\n".join(problems)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=catalogue_id)
def test_translations_keep_the_placeholders(po_path):
    wrong = []
    for entry in polib.pofile(str(po_path)).translated_entries():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        names = set().union(*(PLACEHOLDER.findall(source) for source in sources))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [entry.msgid for form in forms if set(PLACEHOLDER.findall(form)) - names]
        if not entry.msgid_plural and set(PLACEHOLDER.findall(entry.msgstr)) != names:
            wrong.append(entry.msgid)
    assert not wrong, f"placeholders differ from the msgid: {sorted(set(wrong))}"


@pytest.mark.django_db
def test_pages_are_served_from_the_compiled_catalogues(client):
    with override("zh-hant"):
        chinese = client.get(reverse("web:public-home")).content.decode()
    with override("en"):
        english = client.get(reverse("web:public-home")).content.decode()
    assert "跳到主要內容" in chinese and "Skip to main content" not in chinese
    assert "Skip to main content" in english
