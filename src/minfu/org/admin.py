"""Admin for organisations, units and memberships.

Non-superusers (agency administrators with `is_staff`) see and change only what their
memberships cover, decided by the same selectors and permission table as the staff
pages; every save goes through the services (rules, audit events, optimistic locking)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import DomainError
from minfu.core.forms import add_domain_error
from minfu.org import selectors, services
from minfu.org.models import Membership, Organisation, Role, Unit
from minfu.org.permissions import can


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor read so a stale save is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version


class OrganisationAdminForm(VersionedAdminForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["code", "kind", "parent", "name_zh", "name_en", "locality", "is_active",
                  "sort_order", "phone", "email", "website", "address_zh", "address_en"]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.organisation_validate(
                organisation=self.instance, actor=self.request_user,
                expected_version=self.cleaned_data.get("expected_version"))
        except DomainError as error:
            add_domain_error(self, error)


class UnitAdminForm(VersionedAdminForm):
    class Meta:
        model = Unit
        fields = ["organisation", "code", "name_zh", "name_en", "sort_order", "phone", "email",
                  "is_active", "supervisor_assigns"]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            services.unit_validate(unit=self.instance, actor=self.request_user,
                                   expected_version=self.cleaned_data.get("expected_version"))
        except DomainError as error:
            add_domain_error(self, error)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "unit", "role", "scope", "title"]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self.instance.unit_id or not self.instance.user_id:
            return
        try:
            services.membership_validate(
                user=self.instance.user, unit=self.instance.unit, role=self.instance.role,
                scope=self.instance.scope, actor=self.request_user)
        except DomainError as error:
            add_domain_error(self, error)


class ScopedAdmin(admin.ModelAdmin):
    """Shared wiring: the form knows who edits (for the services' permission checks)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request_user": request.user})

    def has_module_permission(self, request):
        return selectors.is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        if not selectors.is_staff_member(request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def _save_through_service(self, request, save) -> None:
        try:
            save()
        except DomainError as error:  # a race after the form's checks passed
            messages.error(request, error.message)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    form = OrganisationAdminForm
    list_display = ["code", "name_zh", "name_en", "kind", "parent", "locality", "is_active"]
    list_filter = ["kind", "locality", "is_active"]
    search_fields = ["code", "name_zh", "name_en"]
    readonly_fields = ["path", "version"]
    _structure_fields = ["code", "kind", "parent", "locality", "is_active"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("parent")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=selectors.visible_scope(request.user).organisation_ids)

    def get_readonly_fields(self, request, obj=None):
        if can(request.user, "org.manage_structure"):
            return self.readonly_fields
        return [*self.readonly_fields, *self._structure_fields]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = selectors.organisations_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return can(request.user, "org.manage_structure")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can(request.user, "org.edit_organisation")
        return can(request.user, "org.edit_organisation", organisation=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: cases, plans and history point at it

    def save_model(self, request, obj, form, change):
        self._save_through_service(request, lambda: services.organisation_save(
            organisation=obj, actor=request.user,
            expected_version=form.cleaned_data.get("expected_version")))


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    form = UnitAdminForm
    list_display = ["code", "name_zh", "name_en", "organisation", "sort_order", "is_active"]
    # Only organisations in the list: the filter must not name other agencies.
    list_filter = ["is_active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_zh", "name_en", "organisation__code"]
    readonly_fields = ["version"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("organisation")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=selectors.visible_scope(request.user).unit_ids)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "organisation"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = selectors.organisations_where(request.user, "org.manage_units")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return can(request.user, "org.manage_units")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can(request.user, "org.manage_units")
        return can(request.user, "org.manage_units", organisation=obj.organisation)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead

    def save_model(self, request, obj, form, change):
        self._save_through_service(request, lambda: services.unit_save(
            unit=obj, actor=request.user,
            expected_version=form.cleaned_data.get("expected_version")))


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    form = MembershipAdminForm
    list_display = ["user", "unit", "role", "scope", "title"]
    list_filter = ["role", "scope"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__code",
                     "unit__organisation__code"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user", "unit__organisation")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=selectors.memberships_for(request.user).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        # Another user, unit or role is another membership: grant that one instead.
        return ["user", "unit", "role"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = selectors.units_where(request.user, "org.manage_memberships")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return can(request.user, "org.manage_memberships")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can(request.user, "org.manage_memberships")
        return can(request.user, "org.manage_memberships", unit=obj.unit)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk and \
                obj.role == Role.AGENCY_ADMIN and not request.user.is_superuser:
            return False  # see membership_revoke: ask another administrator
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        self._save_through_service(request, lambda: services.membership_grant(
            user=obj.user, unit=obj.unit, role=obj.role, scope=obj.scope, title=obj.title,
            actor=request.user))

    def delete_model(self, request, obj):
        self._save_through_service(
            request, lambda: services.membership_revoke(membership=obj, actor=request.user))

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            self.delete_model(request, membership)
