"""What a PDF shows, read as a viewer reads it (pypdf, pure Python: no poppler needed)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page, extracted through the fonts' ToUnicode maps."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_flat_text(content: bytes) -> str:
    """The text with the line breaks of the layout taken out (Chinese wraps anywhere)."""
    return pdf_text(content).replace("\n", "")


def pdf_fonts(content: bytes) -> dict[str, bool]:
    """{base font name: embedded?} for every font the pages use."""
    reader = PdfReader(io.BytesIO(content))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"]).lstrip("/")] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts
