"""Admin: service points, saved through `services.service_point_save` so the change is
audited and checked against their units. Their hours, special days and services offered
are shown here read-only: they change on the staff pages (views/points.py), whose
services check them and move the booked appointments a change takes. Appointments are read-only here: they change through the
citizen's link and the staff steps. Non-superusers see what the staff selectors give
them; another agency's point is 404."""

from django.contrib import admin
from django.http import Http404

from minfu.appointments import selectors, services
from minfu.appointments.models import (
    Appointment,
    OpeningHours,
    ServiceOffer,
    ServicePoint,
    SpecialDay,
)
from minfu.core.ids import as_id
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline


class HoursInline(ReadOnlyInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes", "on_days_off", "extended"]


class SpecialDayInline(ReadOnlyInline):
    model = SpecialDay
    fields = ["date", "closed", "opens", "closes", "note_zh", "note_en"]


class OfferInline(ReadOnlyInline):
    model = ServiceOffer
    fields = ["service_type", "capacity", "home_visits", "active"]


class ScopedChangeMixin:
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.get_queryset(request).filter(pk=as_id(object_id)).exists():
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ServicePoint)
class ServicePointAdmin(ScopedChangeMixin, admin.ModelAdmin):
    list_display = ["name_zh", "organisation", "unit", "locality", "active"]
    list_filter = ["active", "locality"]
    search_fields = ["name_zh", "name_en", "code", "address_zh"]
    raw_id_fields = ["organisation", "unit"]
    inlines = [HoursInline, SpecialDayInline, OfferInline]

    def get_queryset(self, request):
        return selectors.service_points_for(request.user, selectors.MANAGE_POINTS)

    def has_module_permission(self, request):
        return request.user.is_superuser or self.get_queryset(request).exists()

    def save_model(self, request, obj, form, change):
        services.service_point_save(point=obj, actor=request.user,
                                    expected_version=obj.version if change else None)


@admin.register(Appointment)
class AppointmentAdmin(ScopedChangeMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "kind", "state", "starts_at"]
    list_filter = ["state", "kind"]
    search_fields = ["number"]
    exclude = ["access_code_hmac", "token_hash", "idempotency_key"]

    def get_queryset(self, request):
        return selectors.appointments_for(request.user)
