"""Files every record kind receives are stored the same way: size and SHA-256 kept."""

import hashlib

import pytest
from django.core.files.base import ContentFile

from minfu.records.uploads import IncomingFile
from tests.cases.factories import document, service
from tests.cases.factories import submit as submit_case
from tests.voice.factories import agency_unit
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db
CONTENT = b"%PDF-1.4 a scanned form"


def test_an_application_document_keeps_its_size_and_digest():
    case, _ = submit_case(service(), documents=[document(content=CONTENT)])
    stored = case.documents.get()
    assert (stored.size, stored.sha256) == (len(CONTENT), hashlib.sha256(CONTENT).hexdigest())
    assert stored.file.read() == CONTENT


def test_a_petition_attachment_keeps_its_size_and_digest():
    incoming = IncomingFile(file=ContentFile(CONTENT, name="scan.pdf"), name="scan.pdf",
                            content_type="application/pdf")
    petition, _ = submit_petition(agency_unit("KL"), attachments=[incoming])
    stored = petition.attachments.get()
    assert (stored.size, stored.sha256) == (len(CONTENT), hashlib.sha256(CONTENT).hexdigest())
    assert (stored.original_name, stored.content_type) == ("scan.pdf", "application/pdf")
    assert stored.file.read() == CONTENT
