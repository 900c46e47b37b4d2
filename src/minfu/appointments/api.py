"""The appointments API: the public directory and free slots, booking (with an
Idempotency-Key), the citizen's appointment by its manage token (move, cancel), and the
staff list with one `POST .../<step>/` per step (minfu.appointments.steps)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.appointments import limits, selectors, services
from minfu.appointments.models import Accessibility, AppointmentKind, AppointmentState, Weekday
from minfu.appointments.steps import STEPS
from minfu.core.api import (
    IDEMPOTENCY_PARAMETER,
    created_or_repeated,
    idempotency_key,
    read_input,
    read_query,
)
from minfu.core.client_ip import client_ip
from minfu.core.errors import ValidationFailed
from minfu.notify.models import Language
from minfu.org.api_permissions import StaffReadViewSet
from minfu.records.step_api import add_step_routes

MAX_DAYS = 31


class HoursOutput(serializers.Serializer):
    weekday = serializers.ChoiceField(choices=Weekday.choices,
                                      help_text="0 Monday .. 6 Sunday, 7 make-up working day.")
    # Local wall-clock times: JSON Schema's "time" format demands an offset, so a plain string.
    opens = serializers.CharField(help_text="HH:MM:SS, Taipei time.")
    closes = serializers.CharField(help_text="HH:MM:SS, Taipei time.")
    on_days_off = serializers.BooleanField()
    extended = serializers.BooleanField()


class OfferOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_type = serializers.IntegerField(source="service_type_id")
    service_code = serializers.CharField(source="service_type.code")
    service_name = serializers.SerializerMethodField()
    capacity = serializers.IntegerField()
    home_visits = serializers.BooleanField()

    def get_service_name(self, offer) -> str:
        return selectors.offer_name(offer)


class ServicePointOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    address_zh = serializers.CharField()
    address_en = serializers.CharField()
    locality = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    accessibility = serializers.ListField(child=serializers.ChoiceField(
        choices=Accessibility.choices))
    slot_minutes = serializers.IntegerField()
    hours = HoursOutput(many=True, source="hours.all")
    offers = OfferOutput(many=True, source="active_offers")


class SlotsQuery(serializers.Serializer):
    offer = serializers.IntegerField(min_value=1)
    start = serializers.DateField(required=False, help_text="First day; today by default.")
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=7)


class SlotOutput(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField()
    free = serializers.IntegerField()


class BookingInput(serializers.Serializer):
    offer = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=AppointmentKind.choices,
                                   default=AppointmentKind.COUNTER)
    starts_at = serializers.DateTimeField(required=False,
                                          help_text="A free slot's start (counter).")
    preferred_date = serializers.DateField(required=False, help_text="Home visits.")
    home_address = serializers.CharField(required=False, default="", allow_blank=True,
                                         max_length=200)
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(required=False, default="", allow_blank=True, max_length=40)
    language = serializers.ChoiceField(choices=Language.choices,
                                       default="zh-hant")
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=1000)


class AppointmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.ChoiceField(choices=AppointmentKind.choices)
    state = serializers.ChoiceField(choices=AppointmentState.choices)
    version = serializers.IntegerField()
    service_point = serializers.IntegerField(source="offer.service_point_id")
    offer = serializers.IntegerField(source="offer_id")
    starts_at = serializers.DateTimeField(allow_null=True)
    preferred_date = serializers.DateField(allow_null=True)


class StaffAppointmentOutput(AppointmentOutput):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    note = serializers.CharField()
    home_address = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    served_at = serializers.DateTimeField(allow_null=True)


class BookedOutput(AppointmentOutput):
    access_code = serializers.CharField(
        allow_null=True, help_text="Shown once, on the first (201) answer; null on a retry.")
    manage_token = serializers.CharField(
        help_text="The secret of the manage link: GET/POST /bookings/<token>/.")


class RescheduleInput(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    expected_version = serializers.IntegerField(min_value=0)


class CancelInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)


# ----- public ------------------------------------------------------------------------------

@extend_schema(auth=[])
class ServicePointViewSet(viewsets.ReadOnlyModelViewSet):
    """The public directory of service points, with their hours and services."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ServicePointOutput

    def get_queryset(self):
        return selectors.public_service_points()

    def get_object(self):
        return selectors.public_service_point(self.kwargs["pk"])

    @extend_schema(parameters=[SlotsQuery], responses={200: SlotOutput(many=True)})
    @action(detail=True, methods=["get"])
    def slots(self, request, pk=None):
        """Free slots of one service offered here (closed days and closures have none)."""
        point = self.get_object()
        query = read_query(SlotsQuery, request)
        offer = selectors.public_offer(point, query["offer"])
        today = timezone.localdate()
        first = min(max(query.get("start") or today, today), today + dt.timedelta(days=366))
        found = selectors.free_slots(offer, first=first,
                                     last=first + dt.timedelta(days=query["days"] - 1))
        return Response(SlotOutput([slot for slot in found if slot.free], many=True).data)


def _offer(offer_id: int):
    offer = selectors.public_offer_by_id(offer_id)
    if offer is None:
        raise ValidationFailed(details={"offer": [str(_("No such service offered."))]})
    return offer


def _book(data: dict, key: str | None) -> services.Booked:
    offer = _offer(data["offer"])
    contact = services.Contact(name=data["name"], email=data["email"], phone=data["phone"],
                               language=data["language"])
    if data["kind"] == AppointmentKind.HOME_VISIT:
        if not data.get("preferred_date"):
            raise ValidationFailed(details={"preferred_date": [str(_("Give a day."))]})
        return services.home_visit_request(
            offer=offer, preferred_date=data["preferred_date"],
            home_address=data["home_address"], contact=contact, note=data["note"],
            idempotency_key=key)
    if not data.get("starts_at"):
        raise ValidationFailed(details={"starts_at": [str(_("Choose a time."))]})
    return services.appointment_book(offer=offer, starts_at=data["starts_at"], contact=contact,
                                     note=data["note"], idempotency_key=key)


class BookingViewSet(viewsets.GenericViewSet):
    """Book a counter appointment or ask for a home visit, and manage it by its token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = BookedOutput
    lookup_field = "token"
    lookup_value_regex = "[A-Za-z0-9_-]{1,64}"

    @extend_schema(request=BookingInput, auth=[], parameters=[IDEMPOTENCY_PARAMETER],
                   responses={201: BookedOutput, 200: BookedOutput,
                              409: OpenApiResponse(description="The slot is full or gone "
                                                   "(`slot_full`, `slot_gone`)."),
                              429: OpenApiResponse(description="Too many bookings; see "
                                                   "Retry-After.")})
    def create(self, request):
        data = read_input(BookingInput, request)
        limits.booking_checks(client_ip(request), email=data["email"], phone=data["phone"])
        booked = _book(data, idempotency_key(request, caller="appointments"))
        body = AppointmentOutput(booked.appointment).data | {
            "access_code": booked.access_code, "manage_token": booked.token}
        return created_or_repeated(body, created=booked.created)

    def get_object(self):
        return selectors.appointment_by_token(self.kwargs["token"])

    @extend_schema(auth=[], responses={200: AppointmentOutput})
    def retrieve(self, request, token=None):
        return Response(AppointmentOutput(self.get_object()).data)

    @extend_schema(auth=[], request=RescheduleInput, responses={200: AppointmentOutput})
    @action(detail=True, methods=["post"])
    def reschedule(self, request, token=None):
        """Move a counter appointment to another free slot."""
        data = read_input(RescheduleInput, request)
        appointment = services.appointment_reschedule(
            appointment=self.get_object(), starts_at=data["starts_at"],
            expected_version=data["expected_version"])
        return Response(AppointmentOutput(appointment).data)

    @extend_schema(auth=[], request=CancelInput, responses={200: AppointmentOutput})
    @action(detail=True, methods=["post"])
    def cancel(self, request, token=None):
        data = read_input(CancelInput, request)
        appointment = services.appointment_cancel(appointment=self.get_object(),
                                                  expected_version=data["expected_version"])
        return Response(AppointmentOutput(appointment).data)


# ----- staff ----------------------------------------------------------------------------------

@extend_schema(parameters=[OpenApiParameter("state", str, enum=AppointmentState.values),
                           OpenApiParameter("service_point", int)])
class StaffAppointmentViewSet(StaffReadViewSet):
    """The appointments of the service points the user may see, by time."""

    serializer_class = StaffAppointmentOutput
    get_for = selectors.appointment_get_for

    def get_queryset(self):
        params = self.request.query_params
        rows = selectors.appointments_for(self.request.user).order_by("starts_at", "id")
        if params.get("state") in AppointmentState.values:
            rows = rows.filter(state=params["state"])
        if params.get("service_point", "").isdigit():
            rows = rows.filter(offer__service_point_id=int(params["service_point"]))
        return rows


# One POST .../<step>/ per step declared in minfu.appointments.steps.
add_step_routes(StaffAppointmentViewSet, STEPS, output=StaffAppointmentOutput)

routes: list = [
    ("service-points", ServicePointViewSet, "appointments-service-point"),
    ("bookings", BookingViewSet, "appointments-booking"),
    ("appointments", StaffAppointmentViewSet, "appointments-appointment"),
]
