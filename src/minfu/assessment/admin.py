"""Admin: assessment records are read-only here (every change goes through the services,
so that the rules, the sheet versions and the audit trail stay whole). Non-superusers see
what the staff selectors give them."""

from django.contrib import admin

from minfu.assessment import selectors
from minfu.assessment.models import (
    AwardAssignment,
    AwardCategory,
    AwardEntry,
    AwardRound,
    AwardStage,
    AwardStageEntry,
    AwardTier,
    CourtesyTest,
    Evidence,
    Finding,
    ImprovementItem,
    Inspection,
    InspectionPublication,
    Meeting,
    MeetingItem,
    Nomination,
    Proposal,
    ScoreCard,
    ScoreItem,
    ScoreLine,
    ScoreSection,
    ScoreSheet,
    ScoreTier,
    SignoffEntry,
)
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline


class SectionInline(ReadOnlyInline):
    model = ScoreSection
    fields = ["position", "title_zh", "title_en"]


class TierInline(ReadOnlyInline):
    model = ScoreTier
    fields = ["name_zh", "name_en", "lower_bound"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name_zh", "organisation", "kind", "code", "sheet_version", "is_current"]
    list_filter = ["kind", "is_current"]
    inlines = [SectionInline, TierInline]

    def get_queryset(self, request):
        return selectors.score_sheets_for(request.user)


@admin.register(ScoreItem)
class ScoreItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title_zh", "section", "max_points"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            section__sheet__in=selectors.score_sheets_for(request.user))


class LineInline(ReadOnlyInline):
    model = ScoreLine
    fields = ["item", "points", "comment"]


@admin.register(ScoreCard)
class ScoreCardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sheet", "scorer", "inspection", "courtesy_test", "award_entry", "total"]
    inlines = [LineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            sheet__in=selectors.score_sheets_for(request.user))


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = ["text", "owner_unit"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "content_type", "size", "uploaded_by"]


class SignoffInline(ReadOnlyInline):
    model = SignoffEntry
    fields = ["at", "step", "from_state", "to_state", "actor", "comment"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "unit", "kind", "inspected_on", "state", "total",
                    "tier", "improvement_required"]
    list_filter = ["state", "kind", "improvement_required"]
    inlines = [FindingInline, EvidenceInline, SignoffInline]

    def get_queryset(self, request):
        return selectors.inspections_for(request.user)


@admin.register(InspectionPublication)
class InspectionPublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title_zh", "inspection", "show_total", "show_sections", "is_published",
                    "published_on", "unpublished_on"]
    list_filter = ["is_published"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            inspection__in=selectors.inspections_for(request.user))


@admin.register(ImprovementItem)
class ImprovementItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "owner_unit", "source", "status", "due_on",
                    "closed_on"]
    list_filter = ["status", "source"]
    search_fields = ["title"]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        return selectors.items_for(request.user)


class MeetingItemInline(ReadOnlyInline):
    model = MeetingItem
    fields = ["item", "status", "progress"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "held_on"]
    inlines = [MeetingItemInline]

    def get_queryset(self, request):
        return selectors.meetings_for(request.user)


@admin.register(CourtesyTest)
class CourtesyTestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["called_at", "organisation", "unit", "answered_by_name", "rings", "total",
                    "below_threshold"]
    list_filter = ["below_threshold"]
    exclude = ["idempotency_key"]

    def get_queryset(self, request):
        return selectors.courtesy_tests_for(request.user)


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["nominee", "unit", "kind", "period_start", "selected"]
    list_filter = ["kind", "selected"]

    def get_queryset(self, request):
        return selectors.nominations_for(request.user)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "unit", "submitted_on", "status", "decided_on"]
    list_filter = ["status"]
    exclude = ["idempotency_key"]

    def get_queryset(self, request):
        return selectors.proposals_for(request.user)


class EntryInline(ReadOnlyInline):
    model = AwardEntry
    fields = ["category", "organisation", "title", "submitted_at", "total", "rank", "tier",
              "recommended_reward"]


class CategoryInline(ReadOnlyInline):
    model = AwardCategory
    fields = ["position", "kind", "name_zh", "name_en", "sheet"]


class StageInline(ReadOnlyInline):
    model = AwardStage
    fields = ["position", "kind", "name_zh", "state", "starts_on", "ends_on", "decided_by",
              "decided_at"]


@admin.register(AwardRound)
class AwardRoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "ministry", "year", "state", "published_on"]
    inlines = [CategoryInline, StageInline, EntryInline]

    def get_queryset(self, request):
        return selectors.award_rounds_for(request.user)


class AwardTierInline(ReadOnlyInline):
    model = AwardTier
    fields = ["position", "name_zh", "name_en", "prizes", "min_mean", "prize_zh"]


@admin.register(AwardCategory)
class AwardCategoryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name_zh", "award_round", "kind", "sheet"]
    inlines = [AwardTierInline]

    def get_queryset(self, request):
        return AwardCategory.objects.filter(
            award_round__in=selectors.award_rounds_for(request.user))


class StageEntryInline(ReadOnlyInline):
    model = AwardStageEntry
    fields = ["entry", "mean", "rank", "advanced", "tier"]


@admin.register(AwardStage)
class AwardStageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name_zh", "award_round", "position", "kind", "state", "decided_at"]
    list_filter = ["state", "kind"]
    inlines = [StageEntryInline]

    def get_queryset(self, request):
        return AwardStage.objects.filter(
            award_round__in=selectors.award_rounds_for(request.user))


@admin.register(AwardAssignment)
class AwardAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["stage_entry", "judge", "conflict", "declared_at"]
    list_filter = ["conflict"]

    def get_queryset(self, request):
        return AwardAssignment.objects.filter(
            stage_entry__stage__award_round__in=selectors.award_rounds_for(request.user))
