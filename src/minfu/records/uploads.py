"""Checks on files citizens upload: what a file is, read from its content (never from its
name or the browser's claim), and images re-saved without their metadata (EXIF carries
GPS positions and device serial numbers). No ORM: the forms call `inspect_upload`.

Accepted: PDF, JPEG, PNG, ODF documents (a zip whose `mimetype` member names an
OpenDocument type) and DOCX (a zip with `[Content_Types].xml` and `word/document.xml`).

`CheckedFileField` is the form field every record kind uses for uploads; it cleans to an
`IncomingFile`, which the services store."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

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
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


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
                return declared if declared.startswith(ODF_PREFIX) else None
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    return None


def strip_image_metadata(content: bytes, content_type: str) -> bytes:
    """The image drawn the same way (EXIF orientation applied) and saved with no EXIF,
    comments or other metadata."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            clean = ImageOps.exif_transpose(image).copy()
            # Savers read comments and profiles from `info`: keep only what draws pixels.
            clean.info = {key: value for key, value in image.info.items()
                          if key == "transparency"}
            output = io.BytesIO()
            options = {"quality": 95} if content_type == JPEG else {}
            clean.save(output, format=_IMAGE_FORMATS[content_type], **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise UploadRejected(UNREADABLE_IMAGE) from error
    return output.getvalue()


def inspect_upload(content: bytes, *, max_bytes: int) -> CheckedUpload:
    """The content to store and its real type, or UploadRejected saying why."""
    if len(content) > max_bytes:
        raise UploadRejected(too_large_message(max_bytes))
    if not content:
        raise UploadRejected(_("This file is empty. Choose the file again."))
    content_type = sniff(content)
    if content_type is None:
        raise UploadRejected(NOT_ACCEPTED)
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
            raise ValidationError(rejected.message, code="rejected") from None
        name = uploaded.name or "document"
        return IncomingFile(file=ContentFile(checked.content, name=name), name=name,
                                content_type=checked.content_type,
                                required_document_id=self.required_document_id)
