import pytest

from tests.assessment.factories import World


@pytest.fixture
def world(db):
    return World()
