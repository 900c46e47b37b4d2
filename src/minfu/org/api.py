"""REST API of this app: thin DRF views with explicit serializers. `routes` is read by
minfu.api.urls: (prefix, viewset, basename).

Read-only and scoped: organisations, units and memberships the user may see, `me`, and
the audit trail for holders of `audit.view`."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from minfu.core.api import query_filters
from minfu.core.errors import PermissionDenied
from minfu.org import selectors
from minfu.org.api_permissions import StaffAPIMixin, StaffReadViewSet
from minfu.org.auth import confirmed_totp_device
from minfu.org.models import Organisation, Role, Scope


class OrganisationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    parent_id = serializers.IntegerField(allow_null=True)
    path = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    locality = serializers.CharField()
    is_active = serializers.BooleanField()
    sort_order = serializers.IntegerField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    address_zh = serializers.CharField()
    address_en = serializers.CharField()
    version = serializers.IntegerField()


class UnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation_id = serializers.IntegerField()
    organisation_code = serializers.CharField(source="organisation.code")
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    is_active = serializers.BooleanField()
    sort_order = serializers.IntegerField()
    phone = serializers.CharField()
    email = serializers.CharField()
    version = serializers.IntegerField()


class MembershipOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.get_full_name")
    unit_id = serializers.IntegerField()
    unit_code = serializers.CharField(source="unit.code")
    organisation_id = serializers.IntegerField(source="unit.organisation_id")
    organisation_code = serializers.CharField(source="unit.organisation.code")
    role = serializers.ChoiceField(choices=Role.choices)
    scope = serializers.ChoiceField(choices=Scope.choices)
    title = serializers.CharField()


# One object, although `me` is mounted as a list route (GET .../me/).
@extend_schema_serializer(many=False)
class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.CharField()
    is_superuser = serializers.BooleanField()
    two_factor_enabled = serializers.BooleanField()
    roles = serializers.ListField(child=serializers.CharField())
    memberships = MembershipOutput(many=True)
    visible_organisation_ids = serializers.ListField(child=serializers.IntegerField())
    visible_unit_ids = serializers.ListField(child=serializers.IntegerField())


# The filters' sources are the lookups on the lists (ScopedViewSetMixin).
class OrganisationFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
    parent = serializers.IntegerField(required=False, source="parent_id")
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class UnitFilter(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, source="organisation_id")
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class MembershipFilter(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, source="unit__organisation_id")
    unit = serializers.IntegerField(required=False, source="unit_id")
    role = serializers.ChoiceField(choices=Role.choices, required=False)


@extend_schema_view(list=extend_schema(parameters=[OrganisationFilter]))
class OrganisationViewSet(StaffReadViewSet):
    """Organisations the user may see. Filters: `kind`, `parent` (id), `is_active`."""

    serializer_class = OrganisationOutput
    filter_class = OrganisationFilter
    list_for = selectors.organisations_for
    get_for = selectors.organisation_get_for


@extend_schema_view(list=extend_schema(parameters=[UnitFilter]))
class UnitViewSet(StaffReadViewSet):
    """Units the user may see. Filters: `organisation` (id), `is_active`."""

    serializer_class = UnitOutput
    filter_class = UnitFilter
    list_for = selectors.units_for
    get_for = selectors.unit_get_for


@extend_schema_view(list=extend_schema(parameters=[MembershipFilter]))
class MembershipViewSet(StaffReadViewSet):
    """The user's own memberships, and for administrators those of the units they
    administer. Filters: `organisation`, `unit` (ids), `role`."""

    serializer_class = MembershipOutput
    filter_class = MembershipFilter
    list_for = selectors.memberships_for
    get_for = selectors.membership_get_for


class MeViewSet(StaffAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """`GET /api/v1/org/me/`: who the caller is, their memberships and what they may see."""

    serializer_class = MeOutput
    pagination_class = None

    @extend_schema(responses=MeOutput)
    def list(self, request, *args, **kwargs):
        user = request.user
        scope = self.scope
        return Response(MeOutput({
            "id": user.pk,
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "email": user.email,
            "is_superuser": user.is_superuser,
            "two_factor_enabled": confirmed_totp_device(user) is not None,
            "roles": sorted(scope.roles),
            "memberships": selectors.own_memberships(user).order_by("unit__organisation__path",
                                                                    "unit__code", "role"),
            "visible_organisation_ids": sorted(scope.organisation_ids),
            "visible_unit_ids": sorted(scope.unit_ids),
        }).data)


class AuditEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    action = serializers.CharField(help_text="`<thing>.<past participle>`, e.g. unit.saved.")
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    organisation_id = serializers.IntegerField(allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class AuditEventFilter(serializers.Serializer):
    object_type = serializers.CharField(required=False, max_length=80)
    object_id = serializers.CharField(required=False, max_length=64)
    actor = serializers.CharField(required=False, max_length=150, help_text="A username.")
    since = serializers.DateField(required=False, help_text="First local day (ISO date).")
    until = serializers.DateField(required=False, help_text="Last local day (ISO date).")


@extend_schema_view(list=extend_schema(parameters=[AuditEventFilter]))
class AuditEventViewSet(StaffAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit trail of the organisations where the caller holds `audit.view`, newest
    first. Filters: `object_type`, `object_id`, `actor` (username), `since`, `until`."""

    serializer_class = AuditEventOutput

    def get_queryset(self):
        if not selectors.may_view_audit(self.request.user):
            raise PermissionDenied(details={"action": selectors.AUDIT_VIEW})
        filters = selectors.AuditFilter(**query_filters(AuditEventFilter, self.request))
        return selectors.audit_events_for(self.request.user, filters)


routes: list = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("units", UnitViewSet, "unit"),
    ("memberships", MembershipViewSet, "membership"),
    ("me", MeViewSet, "me"),
    ("audit-events", AuditEventViewSet, "audit-event"),
]
