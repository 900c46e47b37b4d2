"""The meeting record as documents: ODT (editable, odfpy) and PDF (final, core.pdf); the
inspection report as PDF."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from minfu.assessment import selectors
from minfu.assessment.models import Inspection, Meeting
from minfu.assessment.selectors import meeting_lines
from minfu.core import odt, pdf, roc


def _rows(meeting: Meeting) -> list[tuple[str, str, str, str, str]]:
    return [(line.item.title, line.item.owner_unit.name_zh, roc.format_roc_slash(line.item.due_on),
             line.get_status_display(), line.progress or "—") for line in meeting_lines(meeting)]


def _header() -> list[str]:
    return [_("Improvement item"), _("Owner unit"), _("Due on"), _("Status"), _("Progress")]


def meeting_odt(meeting: Meeting) -> bytes:
    return odt.render(title=meeting.title, sections=[pdf.Section(
        facts=[(_("Held on"), roc.format_roc_long(meeting.held_on)),
               (_("Organisation"), meeting.organisation.name_zh)],
        paragraphs=(meeting.minutes or "").splitlines(),
        table=[_header(), *_rows(meeting)])])


def meeting_pdf(meeting: Meeting) -> bytes:
    items = [f"{title}（{unit}，{_('due')} {due}，{status}）：{progress}"
             for title, unit, due, status, progress in _rows(meeting)]
    return pdf.render(title=meeting.title, sections=[
        pdf.Section(facts=[(_("Organisation"), meeting.organisation.name_zh),
                           (_("Held on"), roc.format_roc_long(meeting.held_on))],
                    paragraphs=[p for p in (meeting.minutes or "").splitlines() if p.strip()]),
        pdf.Section(heading=_("Open improvement items and their progress"),
                    items=items or [_("None.")]),
    ])


# ----- the inspection report -----------------------------------------------------------------

def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else "—"


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def inspection_report_pdf(inspection: Inspection) -> bytes:
    """The report as signed off: the result, the scores by section and item, the summary,
    the findings and the sign-off history. For staff (it names the task force)."""
    inspected = inspection.organisation.name_zh + (
        f" {inspection.unit.name_zh}" if inspection.unit_id else "")
    facts = [(_("Inspected"), inspected),
             (_("Date of the inspection"), roc.format_roc_long(inspection.inspected_on)),
             (_("Kind"), inspection.get_kind_display()),
             (_("Score sheet"), str(inspection.sheet)),
             (_("State"), inspection.get_state_display()),
             (_("Convener"), _person(inspection.convener)),
             (_("Approving official"), _person(inspection.approver))]
    if inspection.total is not None:
        facts += [(_("Total (mean of the inspectors)"), str(inspection.total)),
                  (_("Tier"), inspection.tier or "—"),
                  (_("Improvement plan required"), _yes_no(inspection.improvement_required))]
    if inspection.reply_due_on:
        facts.append((_("Reply due on"), roc.format_roc_long(inspection.reply_due_on)))
    sections = [pdf.Section(facts=facts)]
    scores = [[_("Section"), _("Points"), _("Maximum")]] + [
        [row.title_zh, str(row.points), str(row.maximum)]
        for row in selectors.section_scores(inspection)]
    sections.append(pdf.Section(heading=_("Scores by section"), table=scores))
    items = [[_("Item"), _("Maximum"), _("Mean")]] + [
        [row.item.title_zh, str(row.item.max_points),
         str(row.mean) if row.mean is not None else "—"]
        for row in selectors.inspection_item_means(inspection)]
    sections.append(pdf.Section(heading=_("Scores by item"), table=items))
    if inspection.summary:
        sections.append(pdf.Section(heading=_("Summary"),
                                    paragraphs=[p for p in inspection.summary.splitlines()
                                                if p.strip()]))
    findings = [finding.text + (f"（{finding.owner_unit.name_zh}）" if finding.owner_unit_id
                                else "")
                for finding in inspection.findings.select_related("owner_unit")]
    sections.append(pdf.Section(heading=_("Findings"), items=findings or [_("None.")]))
    history = [f"{roc.format_roc_slash(timezone.localtime(entry.at).date())} "
               f"{entry.step_label}：{_person(entry.actor)}"
               + (f"（{entry.comment}）" if entry.comment else "")
               for entry in selectors.signoff_history(inspection)]
    if history:
        sections.append(pdf.Section(heading=_("Sign-off"), items=history))
    return pdf.render(title=inspection.title, sections=sections)
