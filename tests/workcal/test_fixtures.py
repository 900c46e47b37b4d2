"""The shared test set-up gives every database test the shipped office calendar."""

from minfu.workcal.models import OfficeDay


def test_a_test_with_only_the_db_fixture_has_the_calendar(db):
    assert OfficeDay.objects.filter(date__year=2025).count() == 365


def test_a_transactional_test_has_the_calendar(transactional_db):
    assert OfficeDay.objects.filter(date__year=2025).count() == 365
    OfficeDay.objects.filter(date__year=2025).delete()


def test_after_a_transactional_test_the_calendar_is_back(db):
    assert OfficeDay.objects.filter(date__year=2025).count() == 365
