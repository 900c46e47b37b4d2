import datetime as dt
import importlib.util
import re
from io import StringIO

import pytest
from django.core.management import call_command

from minfu.search import selectors, text
from minfu.web.management.commands import load_demo
from minfu.workcal.models import Closure


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in load_demo.DEMO_MODULES),
    reason="an app's demo module is not written yet",
)
def test_running_twice_creates_no_duplicates():
    first_output = run_load_demo()
    after_first = load_demo.row_counts()
    second_output = run_load_demo()

    assert load_demo.row_counts() == after_first
    assert after_first["org.Organisation"] > 0 and after_first["catalog.ServiceType"] > 0
    assert re.search(r"\(\+[1-9]", first_output)
    assert not re.search(r"\(\+[1-9]", second_output)
    # Whoever just typed `make run` learns where to go and whom to sign in as.
    assert "Staff sign-in: http://127.0.0.1:8000/staff/login/" in first_output
    assert "Minfu-demo-2026" in first_output and "tpc-officer" in first_output


@pytest.mark.django_db
def test_demo_records_the_typhoon_closure_for_the_demo_agencies_localities():
    run_load_demo()
    assert set(Closure.objects.filter(date=dt.date(2024, 10, 31)).values_list(
        "locality", flat=True)) == {"taipei", "taoyuan"}


@pytest.mark.django_db
def test_the_demo_search_finds_a_passport_taipei_and_customs_declarations():
    run_load_demo()
    for typed in ("護照", "台北", "报关", "EZWAY 報關", "進口"):
        assert selectors.capped_count(selectors.public_search(text.parse(typed))) > 0, typed


@pytest.mark.django_db
def test_reports_what_each_module_added(monkeypatch, tmp_path):
    package = tmp_path / "probe_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "demo.py").write_text(
        "from django.contrib.auth import get_user_model\n"
        "def load():\n"
        "    get_user_model().objects.get_or_create(username='demo-visitor')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(load_demo, "DEMO_MODULES", ("probe_app.demo",))
    first = run_load_demo()
    second = run_load_demo()
    assert "(+1)" in first and "(+1)" not in second
