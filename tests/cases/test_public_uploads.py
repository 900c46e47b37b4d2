"""Upload checks by content, metadata stripping and the lookup rate's setting."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from minfu.records import throttle, uploads
from tests.cases.public_support import PDF_BYTES, jpeg_with_exif, zip_bytes

MAGIC_PREFIXES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04")


@given(st.binary(max_size=200))
def test_bytes_without_an_accepted_signature_are_refused(content):
    if content.startswith(MAGIC_PREFIXES):
        return
    assert uploads.sniff(content) is None
    with pytest.raises(uploads.UploadRejected):
        uploads.inspect_upload(content, max_bytes=10_000)


@given(st.binary(max_size=200))
def test_the_pdf_signature_decides_whatever_follows(tail):
    assert uploads.sniff(b"%PDF-" + tail) == uploads.PDF


@given(st.integers(min_value=1, max_value=500))
def test_a_file_over_the_limit_is_refused_saying_the_limit(limit):
    with pytest.raises(uploads.UploadRejected) as rejected:
        uploads.inspect_upload(PDF_BYTES + b" " * limit, max_bytes=limit)
    assert "MB" in str(rejected.value.message)


def test_odf_and_docx_are_recognised_inside_their_zip_and_other_zips_are_not():
    odt = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                     "content.xml": b"<office:document-content/>"})
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    plain = zip_bytes({"notes.txt": b"hello"})
    fake_odf = zip_bytes({"mimetype": b"application/x-msdownload"})
    assert uploads.sniff(odt) == "application/vnd.oasis.opendocument.text"
    assert uploads.sniff(docx) == uploads.DOCX
    assert uploads.sniff(plain) is None and uploads.sniff(fake_odf) is None
    assert uploads.sniff(b"PK\x03\x04 broken archive") is None


def test_exif_is_stripped_from_a_jpeg_and_the_picture_kept():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()[0x010F] == "SpyCam Inc."
    checked = uploads.inspect_upload(original, max_bytes=1_000_000)
    assert checked.content_type == uploads.JPEG
    cleaned = Image.open(io.BytesIO(checked.content))
    assert len(cleaned.getexif()) == 0 and b"SpyCam" not in checked.content
    assert cleaned.size == (16, 16)


def test_a_broken_image_is_refused():
    with pytest.raises(uploads.UploadRejected):
        uploads.inspect_upload(b"\x89PNG\r\n\x1a\n not really", max_bytes=1_000)


@pytest.mark.parametrize("text", ["10", "ten/600", "0/600", "10/0", ""])
def test_a_malformed_lookup_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        throttle.parse_rate(text)


def test_the_lookup_rate_reads_tries_per_seconds():
    assert throttle.parse_rate(" 10/600 ") == throttle.Rate(10, 600)
