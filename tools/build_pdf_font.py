"""Rebuild the font that every PDF embeds: src/minfu/core/data/fonts/MinfuSansTC-Regular.ttf.

Source: Noto Sans TC Regular (SIL Open Font License 1.1), as published by the Noto
project and repackaged on PyPI in the wheel `pylopdf-fonts-zh-tw` (NotoSansTC-Regular.otf).
reportlab embeds only TrueType outlines, and Noto's are CFF, so this script

1. keeps the characters official documents need: every character of Big5 (cp950: the
   13,000 traditional characters of the government's common and less common sets, and
   its symbols), Latin (ASCII, Latin-1, Latin Extended-A), general and CJK punctuation,
   full-width forms, Bopomofo, enclosed numbers; the layout features are dropped
   (reportlab does not shape text), hinting too;
2. converts the cubic CFF outlines to quadratic TrueType outlines (fontTools.cu2qu,
   within 1 font unit);
3. renames the family "Minfu Sans TC" (a modified version: OFL §3 asks for a name that
   is not the original's) and keeps the copyright and licence.

Noto Sans TC rather than Noto Serif TC: a third smaller (4.6 MB against 6.3 MB) and
clearer on screens, where most citizens read their letters.

Run (about twenty seconds):
    pip download --no-deps pylopdf-fonts-zh-tw==0.1.1 -d /tmp/font
    unzip -o /tmp/font/pylopdf_fonts_zh_tw-0.1.1-py3-none-any.whl -d /tmp/font
    python tools/build_pdf_font.py /tmp/font/pylopdf_fonts_zh_tw/NotoSansTC-Regular.otf

Any Noto Sans TC or Source Han Sans TC OTF of 2.000 or later gives the same glyphs
(Debian's fonts-noto-cjk ships them as a collection: pass the .ttc and --font-number)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

OUT = Path(__file__).resolve().parent.parent / "src/minfu/core/data/fonts/MinfuSansTC-Regular.ttf"
FAMILY = "Minfu Sans TC"
POSTSCRIPT = "MinfuSansTC-Regular"
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x215F),
          (0x2190, 0x21FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
          (0x3000, 0x303F), (0x3100, 0x312F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]


def big5_characters() -> set[int]:
    """Every character cp950 encodes in two bytes."""
    found = set()
    for lead in range(0x81, 0xFF):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                text = bytes((lead, trail)).decode("cp950")
            except UnicodeDecodeError:
                continue
            found.update(ord(character) for character in text)
    return found


def wanted() -> set[int]:
    codes = big5_characters()
    for first, last in RANGES:
        codes.update(range(first, last + 1))
    return codes


def subset(font: TTFont) -> None:
    options = Options()
    options.layout_features = []  # reportlab places glyphs one by one
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF table by glyf/loca (quadratic outlines)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["maxp"] = newTable("maxp")
    font["maxp"].tableVersion = 0x00010000
    for attribute in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                      "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(font["maxp"], attribute, 0)
    font["maxp"].maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT};Minfu"),
                           (4, f"{FAMILY} Regular"), (6, POSTSCRIPT)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def build(source: Path, out: Path, font_number: int = 0) -> Path:
    font = TTFont(source, fontNumber=font_number, lazy=False)
    subset(font)
    to_truetype(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansTC-Regular.otf (or a .ttc)")
    parser.add_argument("--font-number", type=int, default=0)
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    path = build(arguments.source, arguments.out, arguments.font_number)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
