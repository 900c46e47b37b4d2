"""The demo citizen: signed in by the demo provider's subject, holding the demo's records
of her address; loading again adds nothing."""

import pytest

from minfu.citizens import demo
from minfu.citizens.demo_identity import DEMO_CLAIMS, DEMO_EMAIL, DEMO_ISSUER, DEMO_SUBJECT
from minfu.citizens.models import Citizen, RecordLink
from minfu.citizens.services import citizen_for_identity
from tests.cases import factories as case_factories

pytestmark = pytest.mark.django_db


def test_the_demo_citizen_holds_her_application_and_loads_once():
    version = case_factories.service()
    hers, _ = case_factories.submit(version, applicant=case_factories.person(email=DEMO_EMAIL))
    case_factories.submit(version)  # someone else's
    demo.load()
    demo.load()
    account = Citizen.objects.get()
    assert account.email == DEMO_EMAIL == DEMO_CLAIMS["email"]
    assert list(RecordLink.objects.values_list("record_id", flat=True)) == [hers.pk]
    # What the demo provider answers signs her in.
    assert citizen_for_identity(issuer=DEMO_ISSUER, subject=DEMO_SUBJECT) == account
