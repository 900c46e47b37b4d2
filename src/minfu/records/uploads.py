"""Checks on files citizens upload: what a file is, read from its content (never from its
name or the browser's claim), and images re-saved without their metadata (EXIF carries
GPS positions and device serial numbers). No ORM: the forms call `inspect_upload`.

Accepted: PDF, JPEG, PNG, ODF text, spreadsheet, presentation and drawing documents (a zip
whose `mimetype` member names one) and DOCX (a zip with `[Content_Types].xml` and
`word/document.xml`).

Images are the one type decoded here: their size in pixels is read from the header and an
image above `MINFU_UPLOAD_MAX_PIXELS` is refused before any pixel is decoded (a small PNG
can hold 12000 x 12000 pixels, gigabytes once decoded; Pillow's own limit only warns below
twice its size). Nothing else is decoded: of a zip only the member names and the short
`mimetype` member are read, and PDFs are stored as they came.

A stored file is named by `stored_name`: a random name with the extension of the type its
content was found to be (`poly.pdf.html` holding a PDF is stored as `<random>.pdf`); the
name the citizen gave is kept for display only (`display_name`).

`CheckedFileField` is the form field every record kind uses for uploads; it cleans to an
`IncomingFile`, which the services store."""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODF_PREFIX = "application/vnd.oasis.opendocument."
ODF_TYPES = {f"{ODF_PREFIX}{kind}": extension for kind, extension in (
    ("text", "odt"), ("spreadsheet", "ods"), ("presentation", "odp"), ("graphics", "odg"))}
# The extension a stored file of each accepted type gets.
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", **ODF_TYPES}

_ZIP_MAGIC = b"PK\x03\x04"
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
# The ODF `mimetype` member is a short line; reading more than this means it is not one.
_MIMETYPE_LIMIT = 100
_IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG"}

NOT_ACCEPTED = _("This file is not a PDF, JPEG, PNG, OpenDocument (ODF) or Word (DOCX) "
                 "document. Check the file and choose it again.")
UNREADABLE_IMAGE = _("This image could not be read. Save it again as JPEG or PNG and choose "
                     "it again.")


class UploadRejected(Exception):
    """Why a file is refused: `message` for people, `code` for programs (API errors)."""

    def __init__(self, message, *, code: str = "upload_rejected"):
        super().__init__(str(message))
        self.message = message
        self.code = code


ACCEPT = ".pdf,.jpg,.jpeg,.png,.odt,.ods,.odp,.odg,.docx"


@dataclass(frozen=True)
class IncomingFile:
    """A checked file handed in with a record, ready to store."""

    file: File
    name: str
    content_type: str = "application/octet-stream"
    # The checklist item (catalog.RequiredDocument) it answers, for record kinds with one.
    required_document_id: int | None = None


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str


def sniff(content: bytes) -> str | None:
    """The content type the bytes are, among the accepted ones; None for anything else."""
    for magic, content_type in _MAGIC:
        if content.startswith(magic):
            return content_type
    if content.startswith(_ZIP_MAGIC):
        return _zip_document_type(content)
    return None


def _zip_document_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(_MIMETYPE_LIMIT).decode("ascii", "replace").strip()
                return declared if declared in ODF_TYPES else None
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    return None


def max_image_pixels() -> int:
    return int(getattr(settings, "MINFU_UPLOAD_MAX_PIXELS", 40_000_000))


def too_many_pixels_message(width: int, height: int, max_pixels: int) -> str:
    return _("This image is %(width)s × %(height)s pixels, more than the %(limit)s million "
             "pixels accepted. Save it at a smaller size (or scan at a lower resolution) and "
             "choose it again.") % {"width": width, "height": height,
                                    "limit": _millions(max_pixels)}


def _millions(count: int) -> str:
    value = count / 1_000_000
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def strip_image_metadata(content: bytes, content_type: str) -> bytes:
    """The image drawn the same way (EXIF orientation applied) and saved with no EXIF,
    comments or other metadata. An image above MINFU_UPLOAD_MAX_PIXELS is refused from
    its header, before anything is decoded."""
    max_pixels = max_image_pixels()
    try:
        # Opening reads the header only; `formats` keeps Pillow from trying other decoders.
        with Image.open(io.BytesIO(content), formats=[_IMAGE_FORMATS[content_type]]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise UploadRejected(too_many_pixels_message(width, height, max_pixels),
                                     code="too_many_pixels")
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no copy of the decoded pixels
            # Savers read comments and profiles from `info`: keep only what draws pixels.
            image.info = {key: value for key, value in image.info.items()
                          if key == "transparency"}
            output = io.BytesIO()
            options = {"quality": 95} if content_type == JPEG else {}
            image.save(output, format=_IMAGE_FORMATS[content_type], **options)
    except Image.DecompressionBombError as error:  # above Pillow's own hard limit
        raise UploadRejected(_("This image has too many pixels. Save it at a smaller size "
                               "and choose it again."), code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise UploadRejected(UNREADABLE_IMAGE, code="unreadable_image") from error
    return output.getvalue()


def inspect_upload(content: bytes, *, max_bytes: int) -> CheckedUpload:
    """The content to store and its real type, or UploadRejected saying why."""
    if len(content) > max_bytes:
        raise UploadRejected(too_large_message(max_bytes), code="too_large")
    if not content:
        raise UploadRejected(_("This file is empty. Choose the file again."), code="empty")
    content_type = sniff(content)
    if content_type is None:
        raise UploadRejected(NOT_ACCEPTED, code="not_accepted")
    if content_type in _IMAGE_FORMATS:
        content = strip_image_metadata(content, content_type)
    return CheckedUpload(content=content, content_type=content_type)


def too_large_message(max_bytes: int) -> str:
    return _("This file is larger than %(size)s MB, the largest file accepted. Make it smaller "
             "(for example scan at a lower resolution) and choose it again.") % {
        "size": _megabytes(max_bytes)}


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def stored_name(content_type: str) -> str:
    """The name a checked file is stored under: random, with the extension of the type its
    content is (never the citizen's name or extension: `poly.pdf.html` is stored as .pdf)."""
    return f"{uuid.uuid4().hex}.{EXTENSIONS.get(content_type, 'bin')}"


def display_name(name: str | None) -> str:
    """The name the citizen gave, for people to read: its last path part, without control
    characters, at most 255 characters."""
    name = PurePosixPath((name or "").replace("\\", "/")).name
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    return name[-255:] or "document"


def max_upload_bytes() -> int:
    return int(getattr(settings, "MINFU_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


class CheckedFileField(forms.FileField):
    """A file whose content is one of the accepted types; cleans to an IncomingFile
    holding the stored bytes (images without metadata)."""

    def __init__(self, *, required_document_id: int | None = None, **kwargs):
        self.required_document_id = required_document_id
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        limit = max_upload_bytes()
        if uploaded.size is not None and uploaded.size > limit:
            raise ValidationError(too_large_message(limit), code="too_large")
        content = b"".join(uploaded.chunks())
        try:
            checked = inspect_upload(content, max_bytes=limit)
        except UploadRejected as rejected:
            raise ValidationError(rejected.message, code=rejected.code) from None
        name = display_name(uploaded.name)
        return IncomingFile(file=ContentFile(checked.content, name=name), name=name,
                            content_type=checked.content_type,
                            required_document_id=self.required_document_id)
