"""Demo letterheads: loaded once, before the applications, whose letters then carry the
agencies' own document numbers; the refused application has its decision letter."""

import pytest

from minfu.cases import demo as cases_demo
from minfu.cases import documents
from minfu.cases.models import Case
from minfu.catalog import demo as catalog_demo
from minfu.documents import demo
from minfu.documents.models import IssuedDocument, Letterhead
from minfu.org import demo as org_demo
from tests.pdf_support import pdf_flat_text

pytestmark = pytest.mark.django_db


def test_letterheads_load_once_and_number_the_demo_letters():
    org_demo.load()
    catalog_demo.load()
    demo.load()
    demo.load()
    assert Letterhead.objects.count() == 2
    cases_demo.load()
    refused = Case.objects.get(idempotency_key=cases_demo.STORY_KEY_PREFIX + "refused")
    number = IssuedDocument.objects.get(kind="decision", subject=f"case:{refused.pk}").number
    assert number.startswith("北關業字第")
    text = pdf_flat_text(documents.decision_letter(refused).render("pdf"))
    assert number in text and "財政部關務署提起訴願" in text and "關稅法" in text
