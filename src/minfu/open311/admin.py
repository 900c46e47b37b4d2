"""Admin: everything is read-only here (services, keys and requests change through the
services, so the audit trail stays whole); an administrator revokes a key with the
action, which calls the service. Non-superusers see what the staff selectors give them."""

from django.contrib import admin, messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import DomainError
from minfu.core.ids import as_id
from minfu.open311 import selectors, services
from minfu.open311.models import ApiKey, ApiKeyUse, Open311Request, Open311Service
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline


class ScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def scoped(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.get_queryset(request).filter(pk=as_id(object_id)).exists():
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Open311Service)
class ServiceAdmin(ScopedAdmin):
    list_display = ["organisation", "code", "kind", "petition_category", "service_type",
                    "type", "active"]
    list_filter = ["kind", "type", "active"]

    def scoped(self, request):
        return selectors.services_for(request.user)


class UseInline(ReadOnlyInline):
    model = ApiKeyUse
    fields = ["at", "method", "endpoint", "status"]


@admin.register(ApiKey)
class ApiKeyAdmin(ScopedAdmin):
    list_display = ["name", "organisation", "prefix", "rate_per_hour", "created_at",
                    "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    exclude = ["key_hash"]
    inlines = [UseInline]
    actions = ["revoke"]

    def scoped(self, request):
        return selectors.keys_for(request.user)

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for key in queryset:
            try:
                services.api_key_revoke(actor=request.user, key=key,
                                        expected_version=key.version)
            except DomainError as error:
                self.message_user(request, f"{key}: {error.message}", messages.ERROR)

    def has_revoke_permission(self, request):
        # Each key is checked again by the service (open311.manage_keys on its agency).
        return selectors.key_organisations(request.user).exists()


@admin.register(Open311Request)
class RequestAdmin(ScopedAdmin):
    list_display = ["service_request_id", "organisation", "service", "api_key",
                    "requested_at"]
    exclude = ["idempotency_key"]

    def scoped(self, request):
        return selectors.requests_for(request.user)
