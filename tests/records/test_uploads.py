"""Checked uploads: images above the pixel budget are refused from their header before
anything is decoded, and a file is stored under the type its content is."""

import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageFile

from minfu.core.exports import download_name
from minfu.records import uploads
from tests.cases.public_support import PDF_BYTES, png_bomb, zip_bytes

# Opening a bomb's header is all the code under test does; Pillow warns on it.
pytestmark = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@pytest.fixture
def no_decoding():
    """Any decode of image pixels fails the test."""
    with mock.patch.object(ImageFile.ImageFile, "load",
                           side_effect=AssertionError("an image was decoded")) as load:
        yield load


def test_a_12000_by_12000_png_is_refused_from_its_header_without_decoding(no_decoding):
    bomb = png_bomb()
    assert len(bomb) < 2_000
    with pytest.raises(uploads.UploadRejected) as rejected:
        uploads.inspect_upload(bomb, max_bytes=10 * 1024 * 1024)
    assert rejected.value.code == "too_many_pixels"
    assert "12000 × 12000" in str(rejected.value.message)
    assert not no_decoding.called


def test_the_form_field_says_why_in_chinese_and_in_english(no_decoding):
    field = uploads.CheckedFileField()
    for language, words in (("zh-hant", "百萬像素"), ("en", "million pixels")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            field.clean(SimpleUploadedFile("map.png", png_bomb(), content_type="image/png"))
        assert refused.value.code == "too_many_pixels"
        assert words in refused.value.messages[0] and "40" in refused.value.messages[0]


def test_the_pixel_budget_is_a_setting(settings):
    picture = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 200)).save(picture, format="PNG")
    settings.MINFU_UPLOAD_MAX_PIXELS = 200
    assert uploads.inspect_upload(picture.getvalue(), max_bytes=10_000).content_type == \
        uploads.PNG
    settings.MINFU_UPLOAD_MAX_PIXELS = 199
    with pytest.raises(uploads.UploadRejected) as rejected:
        uploads.inspect_upload(picture.getvalue(), max_bytes=10_000)
    assert rejected.value.code == "too_many_pixels"


def test_an_image_past_pillows_own_limit_is_refused_even_with_a_larger_budget(settings,
                                                                              no_decoding):
    settings.MINFU_UPLOAD_MAX_PIXELS = 10**12
    with pytest.raises(uploads.UploadRejected) as rejected:
        uploads.inspect_upload(png_bomb(20000, 20000), max_bytes=10 * 1024 * 1024)
    assert rejected.value.code == "too_many_pixels" and not no_decoding.called


def test_a_file_is_stored_under_a_new_name_with_the_extension_of_its_content():
    field = uploads.CheckedFileField()
    incoming = field.clean(SimpleUploadedFile("poly.pdf.html", PDF_BYTES,
                                              content_type="text/html"))
    assert (incoming.name, incoming.content_type) == ("poly.pdf.html", uploads.PDF)
    first, second = uploads.stored_name(uploads.PDF), uploads.stored_name(uploads.PDF)
    assert first.endswith(".pdf") and first != second and "poly" not in first
    assert uploads.stored_name(uploads.JPEG).endswith(".jpg")
    assert uploads.stored_name("application/vnd.oasis.opendocument.spreadsheet").endswith(".ods")


def test_a_download_is_named_with_the_extension_of_what_was_stored():
    assert download_name("poly.pdf.html", "cases/2025/03/ab12.pdf") == "poly.pdf.pdf"
    assert download_name("掃描.PDF", "voice/2025/03/cd34.pdf") == "掃描.PDF"
    assert download_name("戶籍謄本", "cases/2025/03/ef56.png") == "戶籍謄本.png"


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd", "passwd"), ("C:\\scans\\id.jpg", "id.jpg"),
    ("bill\u202egpj.exe", "billgpj.exe"), ("a\r\nb.pdf", "ab.pdf"), ("", "document"),
])
def test_the_display_name_is_the_last_part_without_control_characters(given, shown):
    assert uploads.display_name(given) == shown


def test_only_the_odf_document_types_offered_are_recognised():
    spreadsheet = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    made_up = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text; x=<b>"})
    assert uploads.sniff(spreadsheet) == "application/vnd.oasis.opendocument.spreadsheet"
    assert uploads.sniff(made_up) is None
