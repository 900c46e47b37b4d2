import pytest

from minfu.participation import verification
from tests.org.factories import OrganisationFactory

KEY = "trial:1"


@pytest.fixture
def activity(db):
    """A stand-in activity "trial:1" (the real kinds register themselves the same way)."""
    organisation = OrganisationFactory()
    found = verification.Activity(key=KEY, title="Trial", organisation=organisation,
                                  url="/somewhere/")
    verification.activity_kind_register("trial", lambda pk: found if pk == 1 else None)
    yield found
    verification._RESOLVERS.pop("trial", None)


@pytest.fixture
def fixed_code(monkeypatch):
    codes = iter(["123456", "654321", "111111", "222222", "333333"] * 4)
    monkeypatch.setattr(verification, "new_code", lambda: next(codes))
