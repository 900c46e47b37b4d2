import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from minfu.core.models import AuditEvent
from minfu.org import demo
from minfu.org.models import Membership, Organisation, Role, Unit
from minfu.org.permissions import can

pytestmark = pytest.mark.django_db
User = get_user_model()


def counts():
    return (Organisation.objects.count(), Unit.objects.count(), User.objects.count(),
            Membership.objects.count(), AuditEvent.objects.count())


def test_demo_tree_and_codes():
    demo.load()
    paths = dict(Organisation.objects.values_list("code", "path"))
    assert paths == {"MOF": "/MOF/", "TPC": "/MOF/TPC/", "NTBT": "/MOF/NTBT/",
                     "NTBT-DA": "/MOF/NTBT/NTBT-DA/"}
    assert Organisation.objects.get(code="TPC").locality == "taoyuan"
    assert Organisation.objects.get(code="NTBT-DA").kind == Organisation.Kind.BRANCH
    tpc_units = set(Unit.objects.filter(organisation__code="TPC").values_list("code", flat=True))
    assert {"BUS1", "SEC", "SS"} <= tpc_units
    assert set(Unit.objects.filter(organisation__code="NTBT").values_list("code", flat=True)) \
        == {"IIT", "VAT", "SVC", "SEC"}
    assert Unit.objects.get(organisation__code="NTBT-DA", code="SVC").name_zh == "服務課"
    assert Unit.objects.get(organisation__code="MOF", code="PLAN").name_zh == "綜合規劃司"


def test_demo_staff_have_every_role_and_the_demo_password():
    demo.load()
    roles = dict(Membership.objects.values_list("user__username", "role"))
    for prefix in ("tpc", "ntbt"):
        assert roles[f"{prefix}-officer"] == Role.OFFICER
        assert roles[f"{prefix}-supervisor"] == Role.SUPERVISOR
        assert roles[f"{prefix}-coordinator"] == Role.QUALITY_COORDINATOR
        assert roles[f"{prefix}-admin"] == Role.AGENCY_ADMIN
    assert roles["mof-evaluator"] == Role.MINISTRY_EVALUATOR
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(demo.DEMO_PASSWORD)
    tpc_admin = User.objects.get(username="tpc-admin")
    assert tpc_admin.check_password(demo.DEMO_PASSWORD) and tpc_admin.is_staff
    assert can(tpc_admin, "org.manage_units", organisation=Organisation.objects.get(code="TPC"))
    evaluator = User.objects.get(username="mof-evaluator")
    assert can(evaluator, "assessment.evaluate",
               organisation=Organisation.objects.get(code="NTBT-DA"))


def test_loading_twice_changes_nothing():
    demo.load()
    before = counts()
    demo.load()
    assert counts() == before


def test_existing_data_and_passwords_are_kept():
    demo.load()
    user = User.objects.get(username="tpc-officer")
    user.set_password("Changed-by-the-officer-1")
    user.save()
    Organisation.objects.filter(code="TPC").update(phone="03-000-0000")
    demo.load()
    assert User.objects.get(username="tpc-officer").check_password("Changed-by-the-officer-1")
    assert Organisation.objects.get(code="TPC").phone == "03-000-0000"


def test_missing_password_is_set():
    User.objects.create(username="ntbt-admin", password="")
    demo.load()
    assert User.objects.get(username="ntbt-admin").check_password(demo.DEMO_PASSWORD)


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="production"):
        demo.load()
    assert not Organisation.objects.exists()
