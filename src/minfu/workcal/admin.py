"""Admin: office days and imports are read-only (they change only through an import);
closures are written through the services (audited, recounted, version-checked).

Any staff member may read the national calendar; non-superusers see the closures of the
localities of their organisations and change those where they may manage closures,
decided by the same selectors as the staff pages."""

from django import forms
from django.contrib import admin, messages

from minfu.core.errors import Conflict, DomainError
from minfu.org.admin_mixins import ReadOnlyAdminMixin
from minfu.org.selectors import is_staff_member
from minfu.workcal import selectors, services
from minfu.workcal.models import Closure, ImportBatch, OfficeDay


class OfficeCalendarAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Says above the list which years are loaded, so a missing year is seen at once."""

    change_list_template = "admin/workcal/change_list_with_loaded_years.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "loaded_years": selectors.loaded_years_summary()}
        return super().changelist_view(request, extra_context)


@admin.register(OfficeDay)
class OfficeDayAdmin(OfficeCalendarAdmin):
    list_display = ["date", "is_day_off", "note", "source_file", "imported_at"]
    list_filter = ["is_day_off", "source_file"]
    search_fields = ["note"]
    date_hierarchy = "date"


@admin.register(ImportBatch)
class ImportBatchAdmin(OfficeCalendarAdmin):
    list_display = ["file_name", "years", "days_total", "days_changed", "imported_at",
                    "imported_by"]
    readonly_fields = ["file_name", "sha256", "years", "days_total", "days_added",
                       "days_changed", "changes", "imported_at", "imported_by"]


class ClosureAdminForm(forms.ModelForm):
    """Carries the version it was read at, so that a stale edit is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Closure
        fields = ["locality", "date", "starts_at", "ends_at", "notice_reference", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("expected_version") != Closure.objects.filter(
                pk=self.instance.pk).values_list("version", flat=True).first():
            raise forms.ValidationError(str(Conflict.default_message), code="conflict")
        return cleaned


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    form = ClosureAdminForm
    list_display = ["date", "locality", "starts_at", "ends_at", "notice_reference", "created_by"]
    list_filter = ["locality"]
    date_hierarchy = "date"
    fields = ["locality", "date", "starts_at", "ends_at", "notice_reference", "note",
              "expected_version"]

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return selectors.closures_for(request.user)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "locality":
            kwargs["choices"] = selectors.locality_choices(
                selectors.closure_localities_for(request.user))
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        if not is_staff_member(request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return bool(selectors.closure_localities_for(request.user))

    def has_change_permission(self, request, obj=None):
        localities = selectors.closure_localities_for(request.user)
        return bool(localities) if obj is None else obj.locality in localities

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in ClosureAdminForm.Meta.fields}
        fields["note"] = fields["note"] or ""
        try:
            if change:
                services.closure_update(
                    closure=Closure.objects.get(pk=obj.pk), actor=request.user,
                    expected_version=form.cleaned_data.get("expected_version"), **fields)
            else:
                saved = services.closure_create(actor=request.user, **fields)
                obj.pk, obj.version = saved.pk, saved.version
        except DomainError as error:  # a race after the form's checks passed
            messages.error(request, str(error.message))

    def delete_model(self, request, obj):
        # The admin's delete confirmation carries no version: it deletes what it just read.
        try:
            services.closure_delete(closure=obj, expected_version=obj.version,
                                    actor=request.user)
        except DomainError as error:
            messages.error(request, str(error.message))

    def delete_queryset(self, request, queryset):
        for closure in queryset:
            self.delete_model(request, closure)
