"""The staff home's "your work": what each person has to do, counted from the records
they may see, each count a link to the list that shows exactly those records. The web
shell reads the apps' selectors; no app knows this page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minfu.assessment.selectors import AWAITING_ME, awaiting_signoff_count, item_counts_for
from minfu.cases.selectors import work_counts as application_counts
from minfu.core.templatetags.roc import roc_date
from minfu.org.permissions import can
from minfu.plans.selectors import reports_owed
from minfu.records.due import Due, soon_until
from minfu.voice.selectors import follow_ups_for
from minfu.voice.selectors import work_counts as petition_counts

DUE_LABELS = {Due.OVERDUE: _("Overdue"), Due.TODAY: _("Due today"),
              Due.SOON: _("Due within three working days")}


@dataclass(frozen=True)
class Count:
    label: object
    count: int
    url: str
    urgent: bool = False  # shown as needing attention when not zero


@dataclass(frozen=True)
class Section:
    title: object
    counts: list[Count]


def _link(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _due_counts(counts: dict[str, int], url_of) -> list[Count]:
    return [Count(DUE_LABELS[due], counts[due], url_of(due), urgent=due == Due.OVERDUE)
            for due in Due]


def _applications(user, today: dt.date) -> list[Section]:
    counts = application_counts(user, today=today)
    return [
        Section(_("Applications assigned to me"), _due_counts(
            counts["mine"], lambda due: _link("cases:staff-queue", due=due))),
        Section(_("Applications I can see"), _due_counts(
            counts["all"], lambda due: _link("cases:staff-unit-queue", due=due))),
    ]


def _petitions(user, today: dt.date) -> list[Section]:
    counts = petition_counts(user, today=today)
    mine = _due_counts(counts["mine"],
                       lambda due: _link("voice:staff-queue-view", "mine", due=due))
    mine.append(Count(_("Replies to draft"), counts["steps"]["draft"],
                      _link("voice:staff-queue-view", "mine", state="in_progress")))
    if can(user, "voice.approve_reply"):
        mine.append(Count(_("Replies awaiting my approval"), counts["steps"]["approve"],
                          _link("voice:staff-queue-view", "unit", state="awaiting_approval"),
                          urgent=True))
    mine.append(Count(_("Open follow-ups"), follow_ups_for(user).count(),
                      reverse("voice:staff-follow-ups")))
    return [
        Section(_("My petitions"), mine),
        Section(_("Petitions I can see"), _due_counts(
            counts["all"], lambda due: _link("voice:staff-queue-view", "unit", due=due))),
    ]


def _period_name(period) -> str:
    """A reporting period's label as the plan wrote it (115年第3季) on Chinese pages, its
    dates on others."""
    if (get_language() or "zh").startswith("zh"):
        return period.label
    return f"{roc_date(period.start)}–{roc_date(period.end)}"


def _improvement(user, today: dt.date) -> list[Section]:
    counts = []
    for period, owed in reports_owed(user, until=soon_until(today)):
        counts.append(Count(
            _("Progress reports owed: %(plan)s, %(period)s") % {
                "plan": period.plan.title, "period": _period_name(period)}, owed,
            reverse("plans:staff-period", args=[period.plan_id, period.pk]),
            urgent=period.due < today))
    if can(user, "assessment.view"):
        items = item_counts_for(user, today)
        counts += [Count(_("Open improvement items"), items.open,
                         _link("assessment:staff-items")),
                   Count(_("Overdue improvement items"), items.overdue,
                         _link("assessment:staff-items", overdue="on"), urgent=True)]
        if can(user, "assessment.review_inspection") or \
                can(user, "assessment.approve_inspection"):
            counts.append(Count(_("Inspection reports awaiting my review or approval"),
                                awaiting_signoff_count(user),
                                _link("assessment:staff-inspections", state=AWAITING_ME),
                                urgent=True))
    return [Section(_("Plans and improvement"), counts)] if counts else []


def work_for(user, today: dt.date) -> list[Section]:
    """The sections of the staff home for `user`, each shown only to who may open it."""
    sections = []
    if can(user, "cases.view"):
        sections += _applications(user, today)
    if can(user, "voice.view"):
        sections += _petitions(user, today)
    return sections + _improvement(user, today)
