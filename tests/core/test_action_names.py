"""Every action name, of audit events and record events, follows one rule:
`<thing>.<past participle>`, and code writes only registered names."""

import re
from pathlib import Path

import pytest

from minfu.core import audit
from minfu.org.models import Organisation

THING = re.compile(r"^[a-z][a-z_]*[a-z](\.[a-z][a-z_]*[a-z])*$")
PARTICIPLE = re.compile(r"^[a-z]+$")
IRREGULAR = frozenset({
    "sent", "resent", "withdrawn", "taken", "begun", "made", "set", "reset", "read", "held",
    "given", "done", "written", "chosen", "rung", "built", "rebuilt", "paid", "kept", "left",
    "shown", "hidden",
})
SRC = Path(__file__).resolve().parents[2] / "src" / "minfu"


def follows_the_rule(name: str) -> bool:
    thing, _, participle = name.rpartition(".")
    return (bool(THING.match(thing)) and bool(PARTICIPLE.match(participle))
            and (participle.endswith("ed") or participle in IRREGULAR))


def test_every_registered_name_is_a_thing_and_a_past_participle():
    names = audit.registered_actions()
    assert len(names) > 80
    assert sorted(name for name in names if not follows_the_rule(name)) == []


@pytest.mark.parametrize("name", ["case.accept", "cases.notice_not_sent", "Case.accepted",
                                  "accepted", "plan.node_add", "case.withdrawing"])
def test_the_rule_refuses_names_that_break_it(name):
    assert not follows_the_rule(name)


def test_the_rule_accepts_nested_things_and_irregular_participles():
    assert all(map(follows_the_rule, ["petition.reply.approved", "deficiency_notice.issued",
                                      "case.withdrawn", "plan.level.set"]))


@pytest.mark.django_db
def test_an_unregistered_name_is_refused():
    organisation = Organisation(pk=1)
    with pytest.raises(ValueError, match="unregistered action name"):
        audit.record(actor=None, action="case.teleported", obj=organisation)


def test_no_code_writes_an_action_as_a_string_literal():
    """Names are written through their constants (each app's actions.py), so every name
    written is registered; a literal would slip past that."""
    literal = re.compile(r"""\baction=f?["'][a-z_.{}]+["']""")
    offenders = [f"{path.relative_to(SRC)}:{number}"
                 for path in SRC.rglob("*.py") if "migrations" not in path.parts
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if literal.search(line) and "add_argument" not in line]
    assert offenders == []
