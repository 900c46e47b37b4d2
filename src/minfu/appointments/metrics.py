"""The metrics of appointments (see minfu.metrics.registry for the contract). Slices are
the organisation, the service point's unit, the service and the kind of appointment as
the channel ("counter", "home_visit").

- appointments.bookings: appointments booked or asked for, by the day they were made.
- appointments.no_show_rate: appointments marked as not come among those whose citizen
  came or did not (checked in, served or no-show), by the day of the appointment.
- appointments.waiting_minutes: minutes from check-in to the call to the counter (the
  start of the intake), by the day of the call."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.appointments.models import Appointment
from minfu.appointments.workflow import State
from minfu.core.localtime import TAIPEI, local_bounds
from minfu.metrics.registry import Direction, Fact, Kind, Metric
from minfu.metrics.sources import daily, facts, organisation_and_unit, slice_annotations

_SLICES = organisation_and_unit(unit_id="offer__service_point__unit_id",
                                service_type_id="offer__service_type_id", channel="kind")
_SLICE = slice_annotations(_SLICES)


def _daily(moment: str, start: dt.date, end: dt.date, **aggregates):
    return daily(Appointment.objects.all(), moment, start, end, slices=_SLICES, **aggregates)


def bookings(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(_daily("booked_at", start, end, n=Count("id")))


ATTENDANCE_KNOWN = (State.CHECKED_IN, State.SERVED, State.NO_SHOW)


def no_show_rate(start: dt.date, end: dt.date) -> Iterable[Fact]:
    return facts(_daily("starts_at", start, end, n=Count("id", filter=Q(state=State.NO_SHOW)),
                        d=Count("id", filter=Q(state__in=ATTENDANCE_KNOWN))))


def waiting_minutes(start: dt.date, end: dt.date) -> Iterable[Fact]:
    """Summed in Python: durations aggregate differently on the two databases."""
    low, high = local_bounds(start, end)
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in (Appointment.objects.filter(served_at__gte=low, served_at__lt=high,
                                           checked_in_at__isnull=False)
                .annotate(**_SLICE).values("served_at", "checked_in_at", *_SLICE)):
        key = (timezone.localtime(row["served_at"], TAIPEI).date(),
               row["metric_organisation_id"], row["metric_unit_id"],
               row["metric_service_type_id"], row["metric_channel"])
        sums[key][0] += (row["served_at"] - row["checked_in_at"]).total_seconds() / 60
        sums[key][1] += 1
    for (day, organisation, unit, service, channel), (total, count) in sums.items():
        yield Fact(day=day, organisation_id=organisation, unit_id=unit,
                   service_type_id=service, channel=channel, numerator=total,
                   denominator=count)


METRICS = [
    Metric(code="appointments.bookings", name=_("Appointments booked"),
           description=_("Counter appointments booked and home visits asked for, on the day "
                         "they were made; a month is the sum of its days."),
           kind=Kind.COUNT, unit=_("appointments"),
           direction=Direction.HIGHER_IS_BETTER, source=bookings),
    Metric(code="appointments.no_show_rate", name=_("Appointments not kept"),
           description=_("Share of appointments marked as not come among those whose citizen "
                         "came or was marked as not come, on the day of the appointment."),
           kind=Kind.RATIO, unit="%", direction=Direction.LOWER_IS_BETTER,
           source=no_show_rate),
    Metric(code="appointments.waiting_minutes", name=_("Waiting time at the counter"),
           description=_("Mean minutes from a citizen's check-in to the call to the counter "
                         "that starts the intake, on the day of the call."),
           kind=Kind.MEAN, unit=pgettext_lazy("unit of measure", "minutes"),
           direction=Direction.LOWER_IS_BETTER, source=waiting_minutes),
]
