"""Admin: surveys, responses, ratings and follow-ups are read-only here (every change goes
through the services and the staff pages, so versions stay immutable and the audit trail
whole). Non-superusers see what the staff selectors give them, nothing more."""

from django.contrib import admin

from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.surveys import selectors
from minfu.surveys.models import (
    Answer,
    FollowUp,
    Invitation,
    Question,
    Rating,
    Response,
    Survey,
    SurveyVersion,
    Wave,
)


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["order", "key", "kind", "text_zh", "required", "is_overall", "show_if_key",
              "show_if_values"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["question", "number", "choices", "text"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "organisation"]
    search_fields = ["code", "name_zh", "name_en"]

    def get_queryset(self, request):
        return selectors.surveys_for(request.user)


@admin.register(SurveyVersion)
class SurveyVersionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["survey", "number", "status", "published_at"]
    list_filter = ["status"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return SurveyVersion.objects.filter(
            survey__in=selectors.surveys_for(request.user)).select_related("survey")


@admin.register(Wave)
class WaveAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name_zh", "survey", "starts_on", "ends_on", "target_sample"]

    def get_queryset(self, request):
        return selectors.waves_for(request.user)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["wave", "case", "unit", "expires_at", "used_at"]
    exclude = ["token_hash"]

    def get_queryset(self, request):
        return Invitation.objects.filter(wave__in=selectors.waves_for(request.user))


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "wave", "channel", "unit", "submitted_at"]
    list_filter = ["channel"]
    exclude = ["browser_key"]
    inlines = [AnswerInline]

    def get_queryset(self, request):
        return selectors.responses_for(request.user).select_related("wave", "unit")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["submitted_at", "unit", "service_type", "channel", "score"]
    list_filter = ["channel", "score"]
    exclude = ["idempotency_key"]

    def get_queryset(self, request):
        return selectors.ratings_for(request.user)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "organisation", "unit", "status", "created_at", "closed_at"]
    list_filter = ["status"]

    def get_queryset(self, request):
        return selectors.follow_ups_for(request.user)
