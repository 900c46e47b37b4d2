"""REST API of assessment, under /api/v1/assessment/. Thin DRF views with explicit
serializers over the same selectors (scoped: another agency's record is 404) and services
as the pages. Errors are {"error": {"code", "message", "details"}} (minfu.api.errors).

- `score-sheets`: the sheets the user may use (read).
- `inspections`: read; `POST .../<id>/score/` records the caller's scores (task force);
  the report's sign-off `POST .../<id>/submit/`, `.../review/`, `.../return/`,
  `.../approve/` (`{"expected_version", "comment"}`, submit also `summary`).
- `items`: improvement items (read; filter `status`); `POST .../reply/`, `.../review/`.
- `courtesy-tests`: read.
- `proposals`: read, submit (`POST`, with an `Idempotency-Key` header), `POST .../decide/`.
- `award-results`: published award rounds with their ranked entries (public).
- `inspection-results`: published summaries of inspection results (public; filters
  `organisation` code and `year`).
- `award-rounds`: rounds the user sees, with categories, tiers and stages (read).
- `award-stages`: a stage with its entries; `POST .../decide/` (the convener).
- `award-assignments`: the caller's judge assignments; `POST .../declare/` (conflict of
  interest), `POST .../score/`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.assessment import inspection_signoff, selectors, services
from minfu.assessment.models import ItemSource, ItemStatus
from minfu.core.api import IDEMPOTENCY_PARAMETER, created_or_repeated, idempotency_key, read_input
from minfu.core.errors import NotFound, ValidationFailed
from minfu.org.api_permissions import StaffAPIMixin, StaffReadViewSet

# ----- output ----------------------------------------------------------------------------

class AssessmentScoreSheetOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    kind = serializers.CharField(help_text="inspection, courtesy or award.")
    code = serializers.CharField()
    sheet_version = serializers.IntegerField()
    name = serializers.CharField()
    is_current = serializers.BooleanField()
    improvement_below = serializers.DecimalField(max_digits=7, decimal_places=2,
                                                 allow_null=True)


class AssessmentInspectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.CharField(source="organisation.code")
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    sheet = serializers.IntegerField(source="sheet_id")
    kind = serializers.CharField()
    state = serializers.CharField(
        help_text="planned, submitted, reviewed, returned or approved.")
    inspected_on = serializers.DateField()
    total = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    tier = serializers.CharField()
    improvement_required = serializers.BooleanField()
    reply_due_on = serializers.DateField(allow_null=True)
    approver = serializers.IntegerField(
        source="approver_id", allow_null=True,
        help_text="User id of the official designated to approve the report.")
    submitted_by = serializers.IntegerField(source="submitted_by_id", allow_null=True)
    reviewed_by = serializers.IntegerField(source="reviewed_by_id", allow_null=True)
    notified_at = serializers.DateTimeField(
        allow_null=True, help_text="When the inspected party was told of the approved result.")


class AssessmentItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    organisation = serializers.CharField(source="organisation.code")
    owner_unit = serializers.CharField(source="owner_unit.code")
    source = serializers.CharField()
    survey_follow_up = serializers.IntegerField(
        source="survey_follow_up_id", allow_null=True,
        help_text="The survey follow-up this item tracks, if it came from one.")
    petition_follow_up = serializers.IntegerField(
        source="petition_follow_up_id", allow_null=True,
        help_text="The petition follow-up this item tracks, if it came from one.")
    status = serializers.CharField(help_text="open, replied, returned or closed.")
    opened_on = serializers.DateField()
    due_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    reply = serializers.CharField()
    review_note = serializers.CharField()


class AssessmentCourtesyTestOutput(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    called_at = serializers.DateTimeField()
    number_called = serializers.CharField()
    answered_by_name = serializers.CharField()
    rings = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=7, decimal_places=2)
    below_threshold = serializers.BooleanField()


class AssessmentProposalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    unit = serializers.CharField(source="unit.code")
    title = serializers.CharField()
    description = serializers.CharField()
    expected_benefit = serializers.CharField()
    status = serializers.CharField(
        help_text="submitted, adopted, not_adopted or implemented.")
    submitted_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    decision_reason = serializers.CharField()


class AssessmentAwardEntryOutput(serializers.Serializer):
    agency = serializers.CharField(source="organisation.name_zh")
    agency_code = serializers.CharField(source="organisation.code")
    category = serializers.IntegerField(source="category_id", allow_null=True)
    project = serializers.CharField(source="title")
    rank = serializers.IntegerField()
    tier = serializers.CharField()
    total = serializers.DecimalField(max_digits=7, decimal_places=2)
    recommended_reward = serializers.CharField(help_text="The prize of the tier.")
    citation_zh = serializers.CharField()
    citation_en = serializers.CharField()


class AssessmentAwardTierOutput(serializers.Serializer):
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    prizes = serializers.IntegerField()
    min_mean = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    prize_zh = serializers.CharField()
    prize_en = serializers.CharField()


class AssessmentAwardCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="overall or project.")
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    sheet = serializers.IntegerField(source="sheet_id")
    tiers = AssessmentAwardTierOutput(many=True, source="tiers.all")


class AssessmentAwardResultOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    ministry = serializers.CharField(source="ministry.code")
    published_on = serializers.DateField()
    categories = AssessmentAwardCategoryOutput(many=True, source="categories.all")
    entries = serializers.SerializerMethodField()

    @extend_schema_field(AssessmentAwardEntryOutput(many=True))
    def get_entries(self, award_round) -> list[dict]:
        return AssessmentAwardEntryOutput(selectors.published_results(award_round),
                                          many=True).data


class AssessmentAwardStageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="self, review or final.")
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    state = serializers.CharField(help_text="pending, open or decided.")
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reasons = serializers.CharField()


class AssessmentAwardRoundOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    ministry = serializers.CharField(source="ministry.code")
    state = serializers.CharField(help_text="open, evaluating, decided or published.")
    categories = AssessmentAwardCategoryOutput(many=True, source="categories.all")
    stages = AssessmentAwardStageOutput(many=True, source="stages.all")


class AssessmentAwardStageEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry_id")
    agency_code = serializers.CharField(source="entry.organisation.code")
    category = serializers.IntegerField(source="entry.category_id", allow_null=True)
    project = serializers.CharField(source="entry.title")
    mean = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    advanced = serializers.BooleanField(allow_null=True)
    tier = serializers.CharField()


class AssessmentAwardStageDetailOutput(AssessmentAwardStageOutput):
    award_round = serializers.IntegerField(source="award_round_id")
    entries = serializers.SerializerMethodField()

    @extend_schema_field(AssessmentAwardStageEntryOutput(many=True))
    def get_entries(self, stage) -> list[dict]:
        return AssessmentAwardStageEntryOutput(
            selectors.award_stage_entries_for(self.context["request"].user, stage),
            many=True).data


class AssessmentAwardAssignmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    award_round = serializers.IntegerField(source="stage_entry.stage.award_round_id")
    stage = serializers.IntegerField(source="stage_entry.stage_id")
    entry = serializers.IntegerField(source="stage_entry.entry_id")
    agency_code = serializers.CharField(source="stage_entry.entry.organisation.code")
    project = serializers.CharField(source="stage_entry.entry.title")
    conflict = serializers.CharField(help_text="pending, none or declared.")
    conflict_reason = serializers.CharField()
    self_evaluation = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_self_evaluation(self, assignment) -> str | None:
        """Shown only once the judge has declared no conflict of interest."""
        if assignment.conflict != "none":
            return None
        return assignment.stage_entry.entry.self_evaluation


# ----- input -----------------------------------------------------------------------------

class AssessmentScoreInput(serializers.Serializer):
    points = serializers.DictField(child=serializers.DecimalField(max_digits=7,
                                                                  decimal_places=2),
                                   help_text="Item id to points.")
    comments = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                     required=False, default=dict)


class AssessmentReplyInput(serializers.Serializer):
    expected_version = serializers.IntegerField()
    reply = serializers.CharField()


class AssessmentReviewInput(serializers.Serializer):
    expected_version = serializers.IntegerField()
    close = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentProposalInput(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Unit id.")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentDecideInput(serializers.Serializer):
    expected_version = serializers.IntegerField()
    adopted = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentSectionScoreOutput(serializers.Serializer):
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    points = serializers.DecimalField(max_digits=9, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=9, decimal_places=2)


class AssessmentInspectionResultOutput(serializers.Serializer):
    """A published summary: only the parts the coordinator chose (null when hidden)."""

    id = serializers.IntegerField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    organisation = serializers.CharField(source="inspection.organisation.code")
    organisation_name = serializers.CharField(source="inspection.organisation.name_zh")
    unit_name = serializers.CharField(source="inspection.unit.name_zh", allow_null=True,
                                      default=None)
    kind = serializers.CharField(source="inspection.kind")
    inspected_on = serializers.DateField(source="inspection.inspected_on")
    published_on = serializers.DateField()
    total = serializers.SerializerMethodField()
    tier = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()
    strengths_zh = serializers.CharField()
    strengths_en = serializers.CharField()
    findings_zh = serializers.CharField()
    findings_en = serializers.CharField()

    @extend_schema_field(serializers.DecimalField(max_digits=7, decimal_places=2,
                                                  allow_null=True))
    def get_total(self, publication):
        total = publication.inspection.total
        return f"{total:.2f}" if publication.show_total and total is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_tier(self, publication):
        return publication.inspection.tier if publication.show_total else None

    @extend_schema_field(AssessmentSectionScoreOutput(many=True, allow_null=True))
    def get_sections(self, publication):
        if not publication.show_sections:
            return None
        return AssessmentSectionScoreOutput(
            selectors.section_scores(publication.inspection), many=True).data


class AssessmentSignoffInput(serializers.Serializer):
    expected_version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=4000,
                                    help_text="Required to return the report (the reason).")


class AssessmentSubmitReportInput(AssessmentSignoffInput):
    summary = serializers.CharField(required=False, allow_blank=True, default="")
class AssessmentAwardDecisionInput(serializers.Serializer):
    expected_version = serializers.IntegerField()
    reasons = serializers.CharField()
    advancing = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      default=list,
                                      help_text="Entry ids that advance (not at the final).")
    citations = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                                                  max_length=2000),
                                      required=False, default=dict,
                                      help_text="Entry id to its citation (final judging).")


class AssessmentConflictInput(serializers.Serializer):
    conflict = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# ----- views -----------------------------------------------------------------------------

class ScoreSheetViewSet(StaffReadViewSet):
    """Score sheets the user may see (their organisations' and those above)."""

    serializer_class = AssessmentScoreSheetOutput

    list_for = selectors.score_sheets_for
    get_for = selectors.score_sheet_get_for


class InspectionViewSet(StaffReadViewSet):
    serializer_class = AssessmentInspectionOutput

    list_for = selectors.inspections_for
    get_for = selectors.inspection_get_for

    @extend_schema(request=AssessmentScoreInput, responses={200: AssessmentInspectionOutput})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """Record or correct the caller's scores (task-force members only)."""
        inspection = self.get_object()
        data = read_input(AssessmentScoreInput, request)
        services.inspection_score(actor=request.user, inspection=inspection,
                                  points=data["points"], comments=data["comments"])
        return Response(AssessmentInspectionOutput(self.get_object()).data)

    def _step(self, request, service, input_class=AssessmentSignoffInput):
        data = read_input(input_class, request)
        inspection = service(actor=request.user, inspection=self.get_object(), **{
            key: value for key, value in data.items() if key != "expected_version"},
            expected_version=data["expected_version"])
        return Response(AssessmentInspectionOutput(inspection).data)

    @extend_schema(request=AssessmentSubmitReportInput,
                   responses={200: AssessmentInspectionOutput})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the report for review (the task force's convener or secretary)."""
        return self._step(request, inspection_signoff.inspection_submit,
                          AssessmentSubmitReportInput)

    @extend_schema(request=AssessmentSignoffInput, responses={200: AssessmentInspectionOutput})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Pass the review (assessment.review_inspection; not who submitted it)."""
        return self._step(request, inspection_signoff.inspection_review)

    @extend_schema(request=AssessmentSignoffInput, responses={200: AssessmentInspectionOutput})
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, pk=None):
        """Return the report with the reason (`comment`): the reviewer, or the approver."""
        return self._step(request, inspection_signoff.inspection_return)

    @extend_schema(request=AssessmentSignoffInput, responses={200: AssessmentInspectionOutput})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the report (the designated official): the inspected party is told."""
        return self._step(request, inspection_signoff.inspection_approve)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", str, enum=ItemStatus.values),
    OpenApiParameter("source", str, enum=ItemSource.values)]))
class ItemViewSet(StaffReadViewSet):
    """Improvement items (列管), earliest due date first."""

    serializer_class = AssessmentItemOutput

    def get_queryset(self):
        items = selectors.items_for(self.request.user)
        status = self.request.query_params.get("status", "")
        source = self.request.query_params.get("source", "")
        items = items.filter(status=status) if status in ItemStatus.values else items
        return items.filter(source=source) if source in ItemSource.values else items

    get_for = selectors.item_get_for

    @extend_schema(request=AssessmentReplyInput, responses={200: AssessmentItemOutput})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The owner unit's reply (assessment.reply)."""
        data = read_input(AssessmentReplyInput, request)
        item = services.improvement_item_reply(actor=request.user, item=self.get_object(),
                                               expected_version=data["expected_version"],
                                               reply=data["reply"])
        return Response(AssessmentItemOutput(item).data)

    @extend_schema(request=AssessmentReviewInput, responses={200: AssessmentItemOutput})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Close the item or return it to the unit (assessment.review_items)."""
        data = read_input(AssessmentReviewInput, request)
        item = services.improvement_item_review(actor=request.user, item=self.get_object(),
                                                expected_version=data["expected_version"],
                                                close=data["close"], note=data["note"])
        return Response(AssessmentItemOutput(item).data)


class CourtesyTestViewSet(StaffReadViewSet):
    serializer_class = AssessmentCourtesyTestOutput

    list_for = selectors.courtesy_tests_for
    get_for = selectors.courtesy_test_get_for


class ProposalViewSet(StaffReadViewSet):
    serializer_class = AssessmentProposalOutput

    list_for = selectors.proposals_for
    get_for = selectors.proposal_get_for

    @extend_schema(request=AssessmentProposalInput, responses={201: AssessmentProposalOutput, 200: AssessmentProposalOutput},
                   parameters=[IDEMPOTENCY_PARAMETER])
    def create(self, request):
        """Submit an innovation proposal for one of the caller's units."""
        data = read_input(AssessmentProposalInput, request)
        unit = selectors.units_for_action(request.user, "assessment.propose").filter(
            pk=data["unit"]).first()
        if unit is None:
            raise NotFound()
        key = idempotency_key(request, caller=request.user.pk)
        existed = bool(key) and selectors.proposals_for(request.user).filter(
            idempotency_key=key).exists()
        proposal = services.proposal_submit(
            actor=request.user, unit=unit, title=data["title"], description=data["description"],
            expected_benefit=data["expected_benefit"], idempotency_key=key)
        return created_or_repeated(AssessmentProposalOutput(proposal).data, created=not existed)

    @extend_schema(request=AssessmentDecideInput, responses={200: AssessmentProposalOutput})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Adopt or not (with a reason) (assessment.review_proposals)."""
        data = read_input(AssessmentDecideInput, request)
        proposal = services.proposal_decide(actor=request.user, proposal=self.get_object(),
                                            expected_version=data["expected_version"],
                                            adopted=data["adopted"], reason=data["reason"])
        return Response(AssessmentProposalOutput(proposal).data)


class AwardRoundViewSet(StaffAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """Award rounds the user sees (the ministry's, an agency's own, a judge's), with their
    categories, tiers and stages."""

    serializer_class = AssessmentAwardRoundOutput

    def get_queryset(self):
        return selectors.award_rounds_for(self.request.user).prefetch_related(
            "categories__tiers", "stages")

    def get_object(self):
        return selectors.award_round_get_for(self.request.user, self.kwargs["pk"])


class AwardStageViewSet(StaffAPIMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A stage with its entries (scoped) and its decision (the convener)."""

    serializer_class = AssessmentAwardStageDetailOutput

    def get_queryset(self):
        return selectors.award_stages_for(self.request.user)

    def get_object(self):
        return selectors.award_stage_get_any_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=AssessmentAwardDecisionInput,
                   responses={200: AssessmentAwardStageDetailOutput})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Record the stage's decision: who advances, or the tiers at the final judging
        (assessment.award_manage)."""
        data = read_input(AssessmentAwardDecisionInput, request)
        stage = services.award_stage_decide(
            actor=request.user, stage=self.get_object(),
            expected_version=data["expected_version"], reasons=data["reasons"],
            advancing=data["advancing"], citations=data["citations"])
        return Response(self.get_serializer(stage).data)


class AwardAssignmentViewSet(StaffAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """The caller's own judge assignments: declare a conflict of interest, then score."""

    serializer_class = AssessmentAwardAssignmentOutput

    def get_queryset(self):
        return selectors.award_assignments_for(self.request.user)

    def get_object(self):
        return selectors.award_assignment_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=AssessmentConflictInput,
                   responses={200: AssessmentAwardAssignmentOutput})
    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        """No conflict of interest, or a conflict with its reason (excluded, replaced)."""
        data = read_input(AssessmentConflictInput, request)
        services.award_conflict_declare(actor=request.user, assignment=self.get_object(),
                                        conflict=data["conflict"], reason=data["reason"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=AssessmentScoreInput, responses={200: AssessmentAwardAssignmentOutput})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """The judge's points per criterion (item id) in the open stage."""
        data = read_input(AssessmentScoreInput, request)
        services.award_entry_score(actor=request.user, assignment=self.get_object(),
                                   points=data["points"], comments=data["comments"])
        return Response(self.get_serializer(self.get_object()).data)


class AwardResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """Published award rounds and their ranked entries (public)."""

    permission_classes = [AllowAny]
    serializer_class = AssessmentAwardResultOutput

    def get_queryset(self):
        return selectors.published_rounds()

    def get_object(self):
        return selectors.published_round_get(self.kwargs["pk"])

    @extend_schema(auth=[])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(auth=[])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


def _year(value: str) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 1912 <= int(value) <= 9999:
        raise ValidationFailed(details={"year": [_("Give a year, e.g. 2025.")]})
    return int(value)


@extend_schema_view(list=extend_schema(auth=[], parameters=[
    OpenApiParameter("organisation", str, description="Organisation code, e.g. TPC."),
    OpenApiParameter("year", int, description="Year (AD) of the inspection.")]),
    retrieve=extend_schema(auth=[]))
class InspectionResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              viewsets.GenericViewSet):
    """Published summaries of inspection results (public): the parts the coordinator
    chose to show, never the scorers or their comments."""

    permission_classes = [AllowAny]
    serializer_class = AssessmentInspectionResultOutput

    def get_queryset(self):
        params = self.request.query_params
        results = selectors.published_inspection_results(year=_year(params.get("year", "")))
        code = params.get("organisation", "")
        return results.filter(inspection__organisation__code=code) if code else results

    def get_object(self):
        return selectors.published_inspection_result_get(self.kwargs["pk"])


routes: list = [
    ("score-sheets", ScoreSheetViewSet, "assessment-score-sheet"),
    ("inspections", InspectionViewSet, "assessment-inspection"),
    ("items", ItemViewSet, "assessment-item"),
    ("courtesy-tests", CourtesyTestViewSet, "assessment-courtesy-test"),
    ("proposals", ProposalViewSet, "assessment-proposal"),
    ("award-results", AwardResultViewSet, "assessment-award-result"),
    ("inspection-results", InspectionResultViewSet, "assessment-inspection-result"),
    ("award-rounds", AwardRoundViewSet, "assessment-award-round"),
    ("award-stages", AwardStageViewSet, "assessment-award-stage"),
    ("award-assignments", AwardAssignmentViewSet, "assessment-award-assignment"),
]
