"""Staff pages of metrics: the dashboards of a unit, an agency (its units side by side)
and a ministry (its agencies side by side) for a ROC period, their exports, and the
catalogue of metrics. Reads only, through `metrics.selectors` (scoped: a dashboard of an
organisation or unit the user cannot see is 404)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.core.charts import Series, line_chart
from minfu.core.errors import NotFound
from minfu.core.exports import table_download
from minfu.core.replica import reads_from_replica
from minfu.metrics import selectors
from minfu.metrics.forms import PeriodForm
from minfu.metrics.periods import Grain
from minfu.org.auth import staff_required
from minfu.org.models import Organisation

TREND_COUNT = {Grain.YEAR: 5, Grain.QUARTER: 5, Grain.MONTH: 13}
SCOPES = {"unit": selectors.unit_dashboard_for, "agency": selectors.agency_dashboard_for,
          "ministry": selectors.ministry_dashboard_for}


def _crumbs(*trail):
    return [(_("Metrics"), reverse("metrics:staff-index")), *trail]


@staff_required
def index(request):
    """The dashboards this user may open."""
    organisations = list(selectors.viewable_organisations(request.user))
    units = list(selectors.viewable_units(request.user).exclude(
        organisation_id__in=[organisation.pk for organisation in organisations]))
    return render(request, "metrics/staff/index.html", {
        "ministries": [o for o in organisations if o.kind == Organisation.Kind.MINISTRY],
        "agencies": [o for o in organisations if o.kind != Organisation.Kind.MINISTRY],
        "units": units,
        "breadcrumbs": _crumbs(),
    })


@staff_required
def catalogue(request):
    return render(request, "metrics/staff/catalogue.html", {
        "metrics": selectors.metric_list(),
        "breadcrumbs": _crumbs((_("Catalogue of metrics"), "")),
    })


def _dashboard_data(request, level: str, pk: int):
    if level not in SCOPES:
        raise NotFound(_("No such dashboard."))
    scope = SCOPES[level](request.user, pk)
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    period = form.chosen()
    figures = selectors.dashboard(
        organisation_ids=scope.organisation_ids, period=period,
        unit_id=scope.unit.pk if scope.unit else None,
        trend_count=TREND_COUNT[period.grain], compare=scope.compare,
        compare_units=scope.compare_units)
    return scope, form, period, figures


@staff_required
@reads_from_replica
def dashboard(request, level: str, pk: int):
    scope, form, period, figures = _dashboard_data(request, level, pk)
    charts = [line_chart(title=str(figure.metric.name),
                         labels=[one.label for one, _value in figure.trend],
                         series=[Series(scope.title, [value for _one, value in figure.trend])],
                         unit=str(figure.metric.unit),
                         description=str(figure.metric.description))
              for figure in figures]
    return render(request, "metrics/staff/dashboard.html", {
        "scope": scope, "form": form, "period": period, "previous": period.previous(),
        "rows": list(zip(figures, charts, strict=True)), "figures": figures,
        "query": request.GET.urlencode(),
        "computed_at": selectors.rollups_refreshed_at(),
        "breadcrumbs": _crumbs((scope.title, "")),
    })


def _rounded(value):
    return None if value is None else round(value, 2)


@staff_required
@reads_from_replica
def export(request, level: str, pk: int):
    scope, _form, period, figures = _dashboard_data(request, level, pk)
    header = [_("Code"), _("Metric"), _("Unit of measure"), period.label,
              period.previous().label, *[one.label for one in scope.compare]]
    rows = [[figure.metric.code, str(figure.metric.name), str(figure.metric.unit),
             _rounded(figure.value), _rounded(figure.previous),
             *[_rounded(value) for _one, value in figure.compared]] for figure in figures]
    return table_download(request.GET.get("format", "csv"),
                          filename=f"{_('metrics')}-{scope.title}-{period.label}",
                          sheet=period.label, header=header, rows=rows)
