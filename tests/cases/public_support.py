"""Helpers of the citizens' page tests: a service open online, and the application form
filled in as a citizen would."""

import datetime as dt
import io
import re
import struct
import zipfile
import zlib

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minfu.catalog.models import ServiceTypeVersion
from tests.cases.factories import VALID_NATIONAL_ID, at, service

MONDAY = dt.date(2025, 3, 3)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def travel(day: dt.date = MONDAY, hour: int = 10):
    return time_machine.travel(at(day, hour), tick=False)


def online_service() -> ServiceTypeVersion:
    return service()


def apply_url(version: ServiceTypeVersion) -> str:
    return reverse("cases:public-apply", kwargs={
        "organisation_code": version.service_type.organisation.code,
        "service_code": version.service_type.code})


def mandatory_item(version: ServiceTypeVersion):
    return version.documents.get(requirement="mandatory", fetched_by_agency=False)


def pdf_upload(name: str = "form.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x010E] = "home address here"  # ImageDescription
    output = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 12000, height: int = 12000) -> bytes:
    """A grey PNG whose header says `width` x `height` pixels, in under 2 KB: its data holds
    only the first rows (nothing may decode it, so nothing reads them)."""
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows)
            + _png_chunk(b"IEND", b""))


def zip_bytes(members: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_STORED
                             if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return output.getvalue()


def fresh_token(client, version) -> str:
    return token_on(client.get(apply_url(version)))


def token_on(page) -> str:
    """The one-time token of the blank form on `page`, as the browser sees it."""
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)


def application_data(version, token: str, **overrides) -> dict:
    data = {"token": token, "applicant_kind": "person", "applicant_name": "王小明",
            "national_id": VALID_NATIONAL_ID, "business_number": "",
            "contact_email": "ming@example.tw", "contact_phone": "", "language": "zh-hant",
            "consent": "on", f"document_{mandatory_item(version).pk}": pdf_upload()}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
