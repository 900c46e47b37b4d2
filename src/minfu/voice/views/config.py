"""Configuration (categories with handling limits, routing rules, head-of-agency mailbox
readers) and the statistics page. Configuration needs voice.configure on the agency."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minfu.core import charts, exports
from minfu.core.errors import DomainError, NotFound, PermissionDenied
from minfu.core.forms import add_domain_error, form_submitted
from minfu.core.roc import ROC_OFFSET
from minfu.org.auth import staff_required
from minfu.org.selectors import active_user_by_username, organisations_for
from minfu.voice import selectors, services, stats
from minfu.voice.forms_staff import (
    CategoryForm,
    MailboxReaderForm,
    RoutingRuleForm,
    StatisticsForm,
)
from minfu.voice.models import Kind, PetitionChannel


def _crumbs(*trail):
    return [(_("Citizen voice"), reverse("voice:staff-queue")), *trail]


def _forms(user, data=None, which: str = ""):
    organisations = selectors.configurable_organisations(user)
    units = selectors.configurable_units(user)
    categories = selectors.categories_for(user)
    return {
        "category": CategoryForm(data if which == "category" else None, prefix="category",
                                 organisations=organisations, units=units),
        "rule": RoutingRuleForm(data if which == "rule" else None, prefix="rule",
                                organisations=organisations, categories=categories,
                                units=units),
        "reader": MailboxReaderForm(data if which == "reader" else None, prefix="reader",
                                    organisations=organisations),
    }


def _render(request, forms, status=200):
    if not selectors.configurable_organisations(request.user).exists():
        raise PermissionDenied(code="forbidden", details={"action": selectors.CONFIGURE})
    return render(request, "voice/staff/config.html", {
        "categories": selectors.categories_for(request.user),
        "rules": selectors.routing_rules_for(request.user),
        "readers": selectors.mailbox_readers_for(request.user),
        "forms": forms, "breadcrumbs": _crumbs((_("Configuration"), "")),
    }, status=status)


@staff_required
def configuration(request):
    return _render(request, _forms(request.user))


@staff_required
@require_POST
def configuration_add(request, which):
    forms = _forms(request.user, request.POST, which)
    form = forms.get(which)
    if form is None:
        raise NotFound()
    if form.is_valid():
        try:
            if which == "category":
                services.category_save(actor=request.user, category=form.save(commit=False))
            elif which == "rule":
                services.routing_rule_save(actor=request.user, rule=form.save(commit=False))
            else:
                user = active_user_by_username(form.cleaned_data["username"])
                if user is None:
                    form.add_error("username", _("No such user."))
                    return _render(request, forms, status=400)
                services.mailbox_reader_add(actor=request.user, user=user,
                                            organisation=form.cleaned_data["organisation"])
        except DomainError as error:
            add_domain_error(form, error)
            return _render(request, forms, status=400)
        messages.success(request, _("Saved."))
        return redirect("voice:staff-config")
    return _render(request, forms, status=400)


@staff_required
@require_POST
def reader_remove(request, pk):
    reader = selectors.mailbox_readers_for(request.user).filter(pk=pk).first()
    if reader is None:
        raise NotFound()
    services.mailbox_reader_remove(actor=request.user, reader=reader)
    messages.success(request, _("Reader removed."))
    return redirect("voice:staff-config")


@staff_required
def category_edit(request, pk):
    category = selectors.categories_for(request.user).filter(pk=pk).first()
    if category is None:
        raise NotFound()
    form = CategoryForm(request.POST or None, instance=category,
                        organisations=selectors.configurable_organisations(request.user),
                        units=selectors.configurable_units(request.user))
    if form_submitted(request, form, lambda: services.category_save(
            actor=request.user, category=form.save(commit=False)), _("Saved.")):
        return redirect("voice:staff-config")
    return render(request, "voice/staff/category_edit.html", {
        "form": form, "category": category,
        "breadcrumbs": _crumbs((_("Configuration"), reverse("voice:staff-config")),
                               (category.name, ""))}, status=400 if form.errors else 200)


@staff_required
def rule_delete(request, pk):
    rule = selectors.routing_rules_for(request.user).filter(pk=pk).first()
    if rule is None or request.method != "POST":
        raise NotFound()
    rule.active = False
    services.routing_rule_save(actor=request.user, rule=rule)
    messages.success(request, _("Rule switched off."))
    return redirect("voice:staff-config")


# ----- statistics ----------------------------------------------------------------------

@staff_required
def statistics(request):
    today = timezone.localdate()
    form = StatisticsForm(request.GET or None, organisations=organisations_for(request.user),
                          initial={"year": today.year - ROC_OFFSET, "by": stats.QUARTER})
    year, by, organisation, breakdown = today.year, stats.QUARTER, None, ""
    if form.is_valid():
        year = form.cleaned_data["year"] + ROC_OFFSET
        by = form.cleaned_data["by"]
        organisation = form.cleaned_data["organisation"]
        breakdown = form.cleaned_data["breakdown"]
    result = selectors.statistics_for(request.user, year=year, by=by,
                                      organisation=organisation, breakdown=breakdown)
    header = [_("Period"), _("Received"), _("Replied"), _("Replied on time"),
              _("On-time reply rate (%)"), _("Ratings"), _("Satisfied"),
              _("Satisfaction (%)")]
    rows = [[row.label, row.received, row.replied, row.on_time, row.on_time_rate, row.rated,
             row.satisfied, row.satisfaction_rate] for row in result.rows]
    fmt = request.GET.get("format")
    if fmt:
        return exports.table_download(fmt, filename=f"petitions-{year - ROC_OFFSET}",
                                      sheet=_("Petitions"), header=header, rows=rows)
    labels = [row.label for row in result.rows]
    volume_chart = charts.bar_chart(
        title=_("Petitions received"), labels=labels,
        series=[charts.Series(_("Received"), [row.received for row in result.rows])],
        unit=_("cases"))
    rate_chart = charts.line_chart(
        title=_("On-time replies and satisfaction"), labels=labels, unit="%",
        series=[charts.Series(_("On-time reply rate"),
                              [row.on_time_rate for row in result.rows]),
                charts.Series(_("Satisfaction"),
                              [row.satisfaction_rate for row in result.rows])],
        maximum=100)
    return render(request, "voice/staff/statistics.html", {
        "form": form, "result": result, "header": header, "rows": rows,
        "volume_chart": volume_chart, "rate_chart": rate_chart,
        "breakdowns": [(_("By kind"), result.by_kind), (_("By channel"), result.by_channel),
                       (_("By category"), result.by_category),
                       (_("By unit"), result.by_unit)],
        "query": request.GET.urlencode(),
        "breadcrumbs": _crumbs((_("Statistics"), "")),
        "kinds": Kind.choices, "channels": PetitionChannel.choices,
    })

