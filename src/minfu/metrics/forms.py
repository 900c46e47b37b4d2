"""The period picker of the dashboards: one select of recent years, quarters and months
(a plain GET form, works without JavaScript)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.metrics.periods import Grain, ReportingPeriod

RECENT = {Grain.YEAR: 4, Grain.QUARTER: 8, Grain.MONTH: 13}
GRAIN_LABELS = {Grain.YEAR: _("Years"), Grain.QUARTER: _("Quarters"), Grain.MONTH: _("Months")}


def recent_periods(today: dt.date) -> dict[Grain, list[ReportingPeriod]]:
    return {grain: list(reversed(ReportingPeriod.containing(today, grain).trailing(count)))
            for grain, count in RECENT.items()}


def default_period(today: dt.date) -> ReportingPeriod:
    return ReportingPeriod.containing(today, Grain.QUARTER)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        offered = recent_periods(today)
        asked = self._asked()
        if asked and asked not in offered[asked.grain]:
            offered[asked.grain].append(asked)  # an older period from a link
        self.fields["period"].choices = [
            (GRAIN_LABELS[grain], [(one.key, one.label) for one in periods])
            for grain, periods in offered.items()]
        self.fields["period"].initial = default_period(today).key

    def _asked(self) -> ReportingPeriod | None:
        try:
            return ReportingPeriod.from_key(str(self.data.get("period", "")))
        except ValueError:
            return None

    def chosen(self) -> ReportingPeriod:
        """The valid choice, or the current quarter for none or anything else."""
        if self.is_bound and self.is_valid():
            return ReportingPeriod.from_key(self.cleaned_data["period"])
        return default_period(self.today)
