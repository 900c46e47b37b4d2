"""Citizen accounts in the admin: for the platform's operators (superusers) only, since
accounts belong to no agency; read-only, for support (who signed in how, which records
are linked). Citizens change their own accounts."""

from django.contrib import admin

from minfu.citizens.models import Citizen, CitizenIdentity, RecordLink, SignInLink


class SuperusersOnly:
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


class ReadOnlyInline(SuperusersOnly, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class IdentityInline(ReadOnlyInline):
    model = CitizenIdentity
    fields = ("issuer", "subject", "created_at")
    readonly_fields = fields


class RecordLinkInline(ReadOnlyInline):
    model = RecordLink
    fields = ("kind", "record_id", "how", "created_at")
    readonly_fields = fields


@admin.register(Citizen)
class CitizenAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("__str__", "email", "email_verified", "language", "last_signed_in_at",
                    "closed_at")
    list_filter = ("language", "email_verified", ("closed_at", admin.EmptyFieldListFilter))
    search_fields = ("display_name", "email", "public_id", "identities__subject")
    readonly_fields = ("public_id", "display_name", "email", "email_verified", "phone",
                       "language", "notify_by_email", "notify_by_sms", "last_signed_in_at",
                       "closed_at", "created_at", "version")
    fields = readonly_fields
    inlines = [IdentityInline, RecordLinkInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # closing (citizens.services.citizen_close) keeps the audit trail


@admin.register(SignInLink)
class SignInLinkAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("email", "created_at", "expires_at", "used_at")
    search_fields = ("email",)
    readonly_fields = ("email", "language", "created_at", "expires_at", "used_at")
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
