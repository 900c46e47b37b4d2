"""Files every record kind receives are stored the same way: size and SHA-256 kept, no
file left behind by a submission that never committed, and a daily sweep of files no row
names."""

import datetime as dt
import hashlib
import os
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from minfu.cases.models import Case
from minfu.records import jobs as record_jobs
from minfu.records.services import files_removed_on_rollback
from minfu.records.uploads import CheckedFileField, IncomingFile
from minfu.voice.models import Petition
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


# ----- files of submissions that never committed ----------------------------------------

def _stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_petition_whose_transaction_rolls_back_leaves_no_file(settings):
    incoming = IncomingFile(file=ContentFile(CONTENT, name="scan.pdf"), name="scan.pdf",
                            content_type="application/pdf")
    with mock.patch("minfu.voice.notices.petition_notice_queue",
                    side_effect=RuntimeError("outbox down")), pytest.raises(RuntimeError):
        submit_petition(agency_unit("KL"), attachments=[incoming])
    assert not Petition.objects.exists()
    assert _stored_files(Path(settings.MEDIA_ROOT)) == []


def test_an_application_whose_transaction_rolls_back_leaves_no_file(settings):
    version = service()
    with mock.patch("minfu.cases.notices.notify_received",
                    side_effect=RuntimeError("outbox down")), pytest.raises(RuntimeError):
        submit_case(version, documents=[document(content=CONTENT), document(content=CONTENT)])
    assert not Case.objects.exists()
    assert _stored_files(Path(settings.MEDIA_ROOT)) == []


def test_the_files_of_a_block_that_commits_inside_a_failing_one_are_removed_too(settings):
    incoming = IncomingFile(file=ContentFile(CONTENT, name="scan.pdf"), name="scan.pdf",
                            content_type="application/pdf")
    with pytest.raises(RuntimeError), files_removed_on_rollback(), transaction.atomic():
        submit_petition(agency_unit("KL"), attachments=[incoming])
        assert len(_stored_files(Path(settings.MEDIA_ROOT))) == 1
        raise RuntimeError("the enclosing work failed")
    assert _stored_files(Path(settings.MEDIA_ROOT)) == []


# ----- the daily sweep -----------------------------------------------------------------

NOW = dt.datetime(2025, 3, 5, 3, 30, tzinfo=dt.UTC)


def _written(name: str, *, hours_ago: float, folder: Path | None = None) -> Path:
    """A file `hours_ago` old, in storage (or in `folder`)."""
    if folder is None:
        path = Path(default_storage.path(default_storage.save(name, ContentFile(CONTENT))))
    else:
        path = folder / name
        path.write_bytes(CONTENT)
    stamp = (NOW - dt.timedelta(hours=hours_ago)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_the_sweep_removes_old_files_no_row_names_and_keeps_the_rest(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    case, _ = submit_case(service(), documents=[document(content=CONTENT)])
    named = Path(case.documents.get().file.path)
    stamp = (NOW - dt.timedelta(days=30)).timestamp()
    os.utime(named, (stamp, stamp))
    old_orphans = [_written("voice/2025/03/left.pdf", hours_ago=25),
                   _written("cases/2025/02/left.png", hours_ago=24 * 9)]
    young_orphan = _written("cases/2025/03/being-written.pdf", hours_ago=2)
    not_a_record_file = _written("plans/evidence/2025/report.pdf", hours_ago=24 * 9)
    temporary = Path(settings.FILE_UPLOAD_TEMP_DIR)
    left_upload = _written("tmpk2j3.upload.pdf", hours_ago=25, folder=temporary)
    someone_elses = _written("notes.txt", hours_ago=25, folder=temporary)

    result = record_jobs.orphan_files_sweep(now=NOW)

    assert result == record_jobs.SweepResult(removed=2, young=1, temporary=1)
    assert not any(path.exists() for path in [*old_orphans, left_upload])
    assert all(path.exists() for path in (named, young_orphan, not_a_record_file,
                                          someone_elses))


def test_the_grace_period_is_a_setting(settings):
    settings.MINFU_ORPHAN_FILE_GRACE_HOURS = 1
    orphan = _written("voice/2025/03/left.pdf", hours_ago=2)
    assert record_jobs.orphan_files_sweep(now=NOW).removed == 1 and not orphan.exists()


def test_the_daily_jobs_command_sweeps_and_says_how_many(settings):
    _written("voice/2020/01/left.pdf", hours_ago=24 * 365 * 6)  # before NOW: old today too
    out = StringIO()
    call_command("run_daily_jobs", "--date", "2025-03-05", stdout=out)
    assert "orphan upload files: 1 removed" in out.getvalue()


def test_an_uploads_temporary_file_is_gone_when_the_request_ends(settings, tmp_path, client):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload waits in a temporary file
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    unit = agency_unit("KL")
    url = reverse("voice:public-submit", args=["KL"])
    token = client.get(url).context["form"].initial["token"]
    seen = []
    original_clean = CheckedFileField.clean

    def clean(field, data, initial=None):
        seen.extend(os.listdir(settings.FILE_UPLOAD_TEMP_DIR))
        return original_clean(field, data, initial)

    with mock.patch.object(CheckedFileField, "clean", clean):
        response = client.post(url, {
            "token": token, "kind": "complaint", "subject": "路燈不亮", "text": "路燈壞了。",
            "anonymous": "on", "language": "zh-hant",
            "attachment_1": SimpleUploadedFile("scan.pdf", CONTENT)})
    assert response.status_code == 302 and unit.organisation.petitions.count() == 1
    assert seen and os.listdir(settings.FILE_UPLOAD_TEMP_DIR) == []
