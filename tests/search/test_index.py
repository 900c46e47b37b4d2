"""The index is kept in step by the services that change what the sources offer, in the
same transaction; search_rebuild writes it again from the sources."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from minfu.catalog import services as catalog_services
from minfu.search import index, selectors, text
from minfu.search.models import Entry
from minfu.voice import services as voice_services
from minfu.voice.models import Petition
from tests.cases.factories import service, submit
from tests.catalog.factories import published
from tests.org.factories import UnitFactory
from tests.voice.factories import agency_unit, officer, supervisor
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db


def found(raw: str, source: str = "") -> list[str]:
    return [e.key for e in selectors.public_search(text.parse(raw), source=source)]


def test_publishing_a_service_indexes_it_and_withdrawing_it_takes_it_out():
    version = published(UnitFactory(), name_zh="臺北市護照代辦", name_en="Passport help")
    key = str(version.service_type_id)
    assert found("台北 护照", "service") == [key]
    assert found("passport") == [key]
    entry = Entry.objects.get(source="service", key=key)
    assert entry.public and entry.path.endswith(f"/{version.service_type.code}/")
    catalog_services.service_type_update(service_type=version.service_type, is_active=False)
    assert found("護照") == []


def test_a_draft_is_not_indexed():
    from tests.catalog.factories import draft

    draft(UnitFactory(), name_zh="草稿服務")
    assert found("草稿") == []


def test_a_rolled_back_publication_leaves_no_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        published(UnitFactory(), name_zh="未完成的服務")
        raise RuntimeError
    assert not Entry.objects.exists()


def test_an_application_is_indexed_for_staff_only():
    case, _code = submit(service())
    entry = Entry.objects.get(source="application", key=str(case.pk))
    assert not entry.public and entry.number == case.number
    assert entry.unit_id == case.unit_id and entry.permission == "cases.view"
    assert found("王小明") == []


def test_a_petition_is_indexed_for_staff_and_its_published_reply_for_everyone():
    unit = agency_unit()
    petition, _code = submit_petition(unit)
    assert Entry.objects.get(source="petition", key=str(petition.pk)).public is False
    assert found("路燈") == []
    voice_services.reply_draft(actor=officer(unit), petition=petition,
                               text="路燈已修復，謝謝王小明先生。", publish=True)
    reply = voice_services.reply_approve(actor=supervisor(unit),
                                         petition=Petition.objects.get(pk=petition.pk))
    entry = Entry.objects.get(source="reply", key=str(reply.pk))
    assert "王小明" not in entry.body_zh           # masked, as the published page shows it
    # Public once the rating link closes (or the petitioner is satisfied).
    assert entry.visible_from is not None
    assert found("路燈已修復") == []
    Entry.objects.filter(pk=entry.pk).update(visible_from=timezone.now() - dt.timedelta(1))
    assert found("路燈已修復") == [str(reply.pk)]


def test_an_unsatisfied_rating_takes_the_reply_out_and_a_satisfied_one_shows_it_at_once():
    unit = agency_unit()
    for score, shown in ((5, True), (1, False)):
        petition, _code = submit_petition(unit, subject=f"路燈{score}")
        voice_services.reply_draft(actor=officer(unit), petition=petition,
                                   text=f"已修復第{score}處路燈。", publish=True)
        reply = voice_services.reply_approve(actor=supervisor(unit),
                                             petition=Petition.objects.get(pk=petition.pk))
        rating = reply.ratings.get()
        voice_services.rating_submit(token=voice_services.rating_token(rating), score=score)
        assert (found(f"已修復第{score}處") == [str(reply.pk)]) is shown


def test_a_mailbox_petition_is_never_indexed():
    petition, _code = submit_petition(agency_unit(), channel="mailbox")
    assert not Entry.objects.filter(source="petition", key=str(petition.pk)).exists()


def test_a_fault_of_a_source_is_logged_and_the_write_goes_through(monkeypatch, caplog):

    def broken(key):
        raise ValueError("broken source")

    from minfu.search import sources as sources_module

    original = sources_module.sources()["service"]
    monkeypatch.setitem(sources_module.sources(), "service",
                        original.__class__(**{**original.__dict__, "document": broken}))
    version = published(UnitFactory(), name_zh="照常發布")
    assert version.status == "published"
    assert "could not index service" in caplog.text
    assert not Entry.objects.filter(source="service").exists()


def test_an_unknown_source_is_not_indexed():
    index.document_changed(source="nothing-here", key="1")
    assert not Entry.objects.exists()


def test_rebuild_writes_every_source_again_and_removes_what_is_gone():
    version = published(UnitFactory(), name_zh="重建測試")
    case, _code = submit(service())
    Entry.objects.all().delete()
    Entry.objects.create(source="gone", key="1", title_zh="舊的")
    out, err = io.StringIO(), io.StringIO()
    call_command("search_rebuild", stdout=out, stderr=err)
    assert "Indexed" in out.getvalue()
    assert set(Entry.objects.values_list("source", "key")) >= {
        ("service", str(version.service_type_id)), ("application", str(case.pk))}
    assert not Entry.objects.filter(source="gone").exists()
    call_command("search_rebuild", "--source", "application", "--no-progress", stdout=out)
    assert Entry.objects.filter(source="application").count() == 1


def test_rebuild_refuses_an_unknown_source():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("search_rebuild", "--source", "nope", stdout=io.StringIO())


def test_english_paths_are_kept_without_the_language_prefix():
    from minfu.search.sources import SearchDocument

    fields = index.entry_fields(SearchDocument(source="x", key="1", title_zh="標題",
                                               path="/en/services/A/B/"))
    assert fields["path"] == "/services/A/B/"


def test_a_large_source_is_tokenised_by_a_pool_and_written_alike(monkeypatch):
    from minfu.search.sources import SearchDocument, Source

    documents = [SearchDocument(source="many", key=str(i % 7), title_zh=f"第{i}號 護照",
                                body_zh="臺北 市 ePassport") for i in range(9)]
    source = Source(code="many", label="many", documents=lambda: documents,
                    document=lambda key: None)
    monkeypatch.setattr(index, "BATCH", 2)
    assert index.source_rebuild(source, processes=2) == 7          # keys seen once
    pooled = {e.key: (e.title_zh, e.tokens, e.ranking_tokens)
              for e in Entry.objects.filter(source="many")}
    assert index.source_rebuild(source, processes=1) == 7
    assert {e.key: (e.title_zh, e.tokens, e.ranking_tokens)
            for e in Entry.objects.filter(source="many")} == pooled
    assert pooled["0"][0] == "第0號 護照" and "~北市" in pooled["0"][2].split()
