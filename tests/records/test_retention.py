"""Retention and anonymisation (docs/retention.md): closed records past their period lose
their personal data and files, the rest of the row and the statistics stay, legal holds
stop it, dry runs count without writing, every run is logged."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from minfu.cases.models import Case, CaseDocument
from minfu.metrics.models import Rollup
from minfu.records import retention
from minfu.records.anonymisation import retention_daily, retention_run
from minfu.records.kinds import ANONYMISED_TEXT
from minfu.records.models import LegalHold, RetentionRule, RetentionRun
from minfu.records.services import legal_hold_place, legal_hold_release
from minfu.search.models import Entry
from minfu.voice.models import Petition, PetitionAttachment
from tests.cases import factories as case_factories
from tests.voice import factories as voice_factories

NOW = timezone.now()
ELEVEN_YEARS_AGO = NOW - dt.timedelta(days=11 * 366)


# ----- the pure rules ------------------------------------------------------------------------

def test_an_outcome_rule_wins_over_the_kind_rule_and_defaults_are_overridden():
    table = retention.periods({("case", ""): 7})
    assert retention.years_for("case", "closed", table) == 7
    assert retention.years_for("case", "withdrawn", table) == 5  # its own default stays
    assert retention.years_for("unknown", "x", table) == retention.FALLBACK_YEARS


def test_years_before_turns_29_february_into_the_28th():
    moment = dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC)
    assert retention.years_before(moment, 1) == dt.datetime(2027, 2, 28, 12, tzinfo=dt.UTC)


@given(closed=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1),
                           timezones=st.just(dt.UTC)),
       years=st.integers(0, 30), later=st.timedeltas(min_value=dt.timedelta(0),
                                                     max_value=dt.timedelta(days=5000)))
def test_once_past_retention_a_record_stays_past_it(closed, years, later):
    now = dt.datetime(2031, 6, 1, tzinfo=dt.UTC)
    if retention.is_due(closed_at=closed, years=years, now=now):
        assert retention.is_due(closed_at=closed, years=years, now=now + later)
    assert not retention.is_due(closed_at=None, years=years, now=now)
    # Never before the period has run from the closing moment.
    if retention.is_due(closed_at=closed, years=years, now=now):
        assert closed < now - dt.timedelta(days=365 * years - 1)


# ----- the job on applications and petitions -------------------------------------------------

def _closed_case(*, closed_at=ELEVEN_YEARS_AGO, state="closed") -> Case:
    case, _code = case_factories.submit(case_factories.service(),
                                        documents=[case_factories.document()])
    Case.objects.filter(pk=case.pk).update(
        state=state, closed_at=closed_at, assistance_needs=["sign_language", "other"],
        assistance_note="聽障，需手語翻譯")
    case.refresh_from_db()
    return case


def _closed_petition(*, closed_at=ELEVEN_YEARS_AGO) -> Petition:
    petition, _code = voice_factories.submit(
        voice_factories.agency_unit(), attachments=[case_factories.document("photo.pdf")])
    Petition.objects.filter(pk=petition.pk).update(state="closed", closed_at=closed_at)
    petition.refresh_from_db()
    return petition


@pytest.mark.django_db(transaction=True)
def test_a_real_run_clears_personal_data_and_files_and_keeps_the_rest():
    case = _closed_case()
    document = case.documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    rollups = Rollup.objects.count()

    run = retention_run(dry_run=False)

    cleared = Case.objects.get(pk=case.pk)
    assert cleared.applicant_name == ANONYMISED_TEXT
    assert (cleared.applicant_id_number, cleared.contact_email, cleared.answers) == ("", "", {})
    assert (cleared.assistance_needs, cleared.assistance_note) == ([], "")  # health data
    assert cleared.anonymised_at is not None
    # What the statistics read stays.
    assert (cleared.number, cleared.state, cleared.closed_at, cleared.received_at,
            cleared.unit_id) == (case.number, case.state, case.closed_at, case.received_at,
                                 case.unit_id)
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not storage.exists(name)
    assert Rollup.objects.count() == rollups
    assert run.counts["case"] == {"due": 1, "held": 0, "anonymised": 1, "files": 1}
    assert RetentionRun.objects.get(pk=run.pk).finished_at is not None
    # A second run finds nothing more to do.
    assert retention_run(dry_run=False).counts["case"]["due"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_petition_loses_its_words_its_files_and_its_search_entry_text():
    petition = _closed_petition()
    attachment = petition.attachments.get()
    storage, name = attachment.file.storage, attachment.file.name

    run = retention_run(dry_run=False)

    cleared = Petition.objects.get(pk=petition.pk)
    assert (cleared.petitioner_name, cleared.contact_email, cleared.contact_phone) == ("", "", "")
    assert cleared.subject == cleared.text == ANONYMISED_TEXT
    assert not PetitionAttachment.objects.filter(petition=petition).exists()
    assert not storage.exists(name)
    assert run.counts["petition"]["anonymised"] == 1
    entry = Entry.objects.filter(source="petition", key=str(petition.pk)).first()
    assert entry is None or "路燈" not in entry.title_zh + entry.body_zh


@pytest.mark.django_db
def test_a_dry_run_counts_what_a_real_run_would_do_and_changes_nothing():
    case = _closed_case()
    run = retention_run(dry_run=True)
    assert run.dry_run and run.counts["case"] == {"due": 1, "held": 0, "anonymised": 1,
                                                  "files": 1}
    unchanged = Case.objects.get(pk=case.pk)
    assert unchanged.applicant_name == case.applicant_name and unchanged.anonymised_at is None
    assert CaseDocument.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_open_and_recently_closed_records_are_left_alone():
    open_case, _code = case_factories.submit(case_factories.service())
    recent = _closed_case(closed_at=NOW - dt.timedelta(days=365))
    retention_run(dry_run=False)
    for case in (open_case, recent):
        assert Case.objects.get(pk=case.pk).anonymised_at is None


@pytest.mark.django_db
def test_an_outcome_rule_of_the_agency_sets_the_period():
    withdrawn = _closed_case(closed_at=NOW - dt.timedelta(days=800), state="withdrawn")
    closed = _closed_case(closed_at=NOW - dt.timedelta(days=800))
    RetentionRule.objects.create(kind="case", outcome="withdrawn", years=2)
    retention_run(dry_run=False)
    assert Case.objects.get(pk=withdrawn.pk).anonymised_at is not None
    assert Case.objects.get(pk=closed.pk).anonymised_at is None


@pytest.mark.django_db
def test_a_legal_hold_stops_the_job_until_it_is_released(django_user_model):
    case = _closed_case()
    admin = django_user_model.objects.create_superuser("root", "root@example.tw", "x")
    hold = legal_hold_place(actor=admin, kind="case", record_id=case.pk, reason="訴願審理中")

    run = retention_run(dry_run=False)
    assert run.counts["case"] == {"due": 1, "held": 1, "anonymised": 0, "files": 0}
    assert Case.objects.get(pk=case.pk).applicant_name == case.applicant_name

    legal_hold_release(actor=admin, hold=hold)
    assert retention_run(dry_run=False).counts["case"]["anonymised"] == 1
    assert LegalHold.objects.get(pk=hold.pk).released_at is not None


@pytest.mark.django_db
def test_the_daily_job_is_a_dry_run_until_the_agency_turns_it_on(settings):
    case = _closed_case()
    settings.MINFU_RETENTION_APPLY = False
    assert retention_daily().dry_run
    assert Case.objects.get(pk=case.pk).anonymised_at is None
    settings.MINFU_RETENTION_APPLY = True
    assert not retention_daily().dry_run
    assert Case.objects.get(pk=case.pk).anonymised_at is not None


@pytest.mark.django_db
def test_the_command_prints_the_counts_of_a_dry_run():
    _closed_case()
    out = io.StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    assert "case: 1 past retention, 0 under a legal hold; would clear 1 record(s) and 1 " \
           "file(s)" in out.getvalue()
    assert RetentionRun.objects.get().dry_run


@pytest.mark.django_db
def test_the_demo_ages_closed_records_past_retention_once_and_holds_one():
    from minfu.records import demo

    first = _closed_case(closed_at=NOW - dt.timedelta(days=30))
    second = _closed_case(closed_at=NOW - dt.timedelta(days=20))
    events_before = list(first.events.values_list("occurred_at", flat=True))
    demo.load()
    demo.load()  # safe to run again: nothing moves twice

    aged = Case.objects.get(pk=first.pk)
    assert aged.closed_at == first.closed_at - demo.AGE
    assert aged.received_at == first.received_at - demo.AGE
    assert list(aged.events.values_list("occurred_at", flat=True)) == [
        moment - demo.AGE for moment in events_before]
    assert Case.objects.get(pk=second.pk).closed_at == second.closed_at - demo.AGE
    run = retention_run(dry_run=True)
    assert run.counts["case"] == {"due": 2, "held": 1, "anonymised": 1, "files": 1}
