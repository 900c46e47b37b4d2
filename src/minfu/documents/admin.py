"""Admin for official documents. Non-superusers see only their organisations' rows;
letterheads and wordings are written through the services (permission, checks, audit),
issued numbers are read-only."""

from django.contrib import admin, messages

from minfu.core.errors import DomainError
from minfu.documents import selectors, services
from minfu.documents.models import DocumentWording, IssuedDocument, Letterhead
from minfu.org.admin_mixins import ReadOnlyAdminMixin
from minfu.org.selectors import organisations_for


class _OwnOrganisationsAdmin(admin.ModelAdmin):
    readonly_fields = ["version"]

    def get_queryset(self, request):
        return selectors.rows_for(request.user, self.model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = organisations_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            self.save_through_service(obj, request.user)
        except DomainError as error:
            messages.error(request, f"{error.message} {error.details or ''}".strip())


@admin.register(Letterhead)
class LetterheadAdmin(_OwnOrganisationsAdmin):
    list_display = ["organisation", "title_zh", "number_pattern", "appeal_days"]
    search_fields = ["organisation__name_zh", "title_zh"]

    def save_through_service(self, obj, user):
        services.letterhead_save(letterhead=obj, actor=user)


@admin.register(DocumentWording)
class DocumentWordingAdmin(_OwnOrganisationsAdmin):
    list_display = ["organisation", "kind", "updated_at"]
    list_filter = ["kind"]

    def save_through_service(self, obj, user):
        services.wording_save(wording=obj, actor=user)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "kind", "subject", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["number", "subject"]

    def get_queryset(self, request):
        return selectors.rows_for(request.user, IssuedDocument)
