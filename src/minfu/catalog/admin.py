"""Admin for the catalogue. Non-superusers see only the records of their organisations.

Drafts are written in the staff pages (with the checklist formset and its checks); the
admin shows every version read-only and offers publishing and new drafts as actions, so
that every change still goes through the services and leaves an audit event."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from minfu.catalog import services
from minfu.catalog.models import (
    ClassificationTag,
    CrossAgencyOpening,
    RequiredDocument,
    ServiceQuestion,
    ServiceType,
    ServiceTypeVersion,
)
from minfu.core.errors import DomainError
from minfu.org.admin_mixins import NoWritesAdminMixin
from minfu.org.selectors import visible_scope


def _organisation_ids(request):
    return visible_scope(request.user).organisation_ids


@admin.register(ClassificationTag)
class ClassificationTagAdmin(admin.ModelAdmin):
    list_display = ["scheme", "code", "name_zh", "name_en", "is_active"]
    list_filter = ["scheme", "is_active"]
    search_fields = ["code", "name_zh", "name_en"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # versions keep their tags; retire a tag by clearing "active"

    def save_model(self, request, obj, form, change):
        services.classification_tag_save(tag=obj, actor=request.user)


class VersionInline(NoWritesAdminMixin, admin.TabularInline):
    model = ServiceTypeVersion
    fields = ["number", "name_zh", "status", "effective_from", "effective_to"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


class CrossAgencyOpeningInline(NoWritesAdminMixin, admin.TabularInline):
    """Read-only: openings change through catalog.services.cross_agency_openings_set."""

    model = CrossAgencyOpening
    fields = ["receiving_organisation", "opened_at", "opened_by"]
    readonly_fields = fields
    extra = 0


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "organisation", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["code", "versions__name_zh", "versions__name_en"]
    fields = ["organisation", "code", "is_active"]
    readonly_fields = ["organisation", "code"]
    inlines = [VersionInline, CrossAgencyOpeningInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("organisation").distinct()
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation_id__in=_organisation_ids(request))

    def has_add_permission(self, request):
        return False  # a service type starts in the staff pages, with its first draft

    def has_delete_permission(self, request, obj=None):
        return False  # cases refer to its versions; withdraw it instead

    def save_model(self, request, obj, form, change):
        try:
            services.service_type_update(service_type=obj, is_active=obj.is_active,
                                         actor=request.user)
        except DomainError as error:
            self.message_user(request, str(error.message), messages.ERROR)


class DocumentInline(NoWritesAdminMixin, admin.TabularInline):
    model = RequiredDocument
    fields = ["order", "name_zh", "name_en", "requirement", "condition_zh", "fetched_by_agency"]
    readonly_fields = fields
    extra = 0


class QuestionInline(NoWritesAdminMixin, admin.TabularInline):
    """Read-only like the checklist: questions are written with the draft in the staff
    pages or the API, where the services check them."""

    model = ServiceQuestion
    fields = ["position", "code", "kind", "label_zh", "label_en", "required", "choices",
              "min_value", "max_value"]
    readonly_fields = fields
    extra = 0


@admin.register(ServiceTypeVersion)
class ServiceTypeVersionAdmin(admin.ModelAdmin):
    list_display = ["service_type", "number", "name_zh", "status", "effective_from",
                    "effective_to"]
    list_filter = ["status", "service_type__organisation"]
    search_fields = ["service_type__code", "name_zh", "name_en"]
    inlines = [DocumentInline, QuestionInline]
    actions = ["publish_today", "start_new_draft"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(
            "service_type__organisation", "responsible_unit")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(service_type__organisation_id__in=_organisation_ids(request))

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _each(self, request, queryset, act, done_message):
        done = 0
        for version in queryset:
            try:
                act(version)
            except DomainError as error:
                self.message_user(request, f"{version}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Publish the selected drafts from today"))
    def publish_today(self, request, queryset):
        self._each(
            request, queryset,
            lambda version: services.service_type_version_publish(
                version=version, expected_version=version.version, actor=request.user),
            lambda count: ngettext("%(count)d version published.",
                                   "%(count)d versions published.", count) % {"count": count})

    @admin.action(description=_("Start a new draft from the selected versions"))
    def start_new_draft(self, request, queryset):
        self._each(
            request, queryset,
            lambda version: services.service_type_version_new_draft(
                service_type=version.service_type, source=version, actor=request.user),
            lambda count: ngettext("%(count)d draft started.",
                                   "%(count)d drafts started.", count) % {"count": count})


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    list_display = ["name_zh", "version", "requirement", "fetched_by_agency"]
    list_filter = ["requirement", "fetched_by_agency"]
    search_fields = ["name_zh", "name_en", "version__service_type__code"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related(
            "version__service_type__organisation")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            version__service_type__organisation_id__in=_organisation_ids(request))
