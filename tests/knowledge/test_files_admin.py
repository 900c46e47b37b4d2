"""Attachments (checked uploads, public once the article is live), the staff list's order,
and the admin, read-only and scoped."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minfu.knowledge import selectors, services
from minfu.knowledge.models import ArticleAttachment
from minfu.org.models import Role
from tests.knowledge.factories import agency_unit, author, draft, published, reviewer, submitted
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_are_checked_and_public_with_a_live_article(client):
    unit = agency_unit()
    article = published(unit)
    client.force_login(author(unit))
    client.post(f"/staff/knowledge/{article.pk}/files/",
                {"file": SimpleUploadedFile("申報說明.pdf", PDF, "application/pdf")})
    client.post(f"/staff/knowledge/{article.pk}/files/",
                {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", "application/pdf")})
    attachment = ArticleAttachment.objects.get()
    assert attachment.original_name == "申報說明.pdf" and attachment.sha256
    client.logout()
    assert client.get(f"/kb/files/{attachment.pk}/").status_code == 200
    services.article_archive(actor=reviewer(unit), article=article,
                             expected_version=article.version)
    assert client.get(f"/kb/files/{attachment.pk}/").status_code == 404


def test_staff_list_puts_review_first_then_drafts_then_overdue_reviews():
    unit = agency_unit()
    today = dt.date(2025, 3, 3)
    fresh = published(unit, title_zh="新", review_by=dt.date(2026, 1, 1))
    stale = published(unit, title_zh="舊", review_by=dt.date(2025, 1, 1))
    waiting = submitted(unit, title_zh="待審")
    writing = draft(unit, title_zh="草稿")
    order = list(selectors.staff_list(author(unit), selectors.ArticleFilter(), today=today))
    assert order == [waiting, writing, stale, fresh]


def test_admin_is_read_only_and_scoped(client):
    unit = agency_unit()
    article = published(unit)
    admin_user = staff_user(unit, Role.AGENCY_ADMIN, is_staff=True)
    client.force_login(admin_user)
    assert client.get("/admin/knowledge/article/").status_code == 200
    assert client.get(f"/admin/knowledge/article/{article.pk}/change/").status_code == 200
    client.force_login(staff_user(agency_unit(), Role.AGENCY_ADMIN, is_staff=True))
    assert client.get(f"/admin/knowledge/article/{article.pk}/change/").status_code == 404
