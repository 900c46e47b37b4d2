"""Permissions and a base for staff API views, shared by every app's api.py.

`IsStaffMember`: signed in (token or session), active, a superuser or holder of at least
one membership; a session must also have passed the second factor when MINFU_REQUIRE_2FA
is on (a token is its own credential, issued by an administrator).

`StaffAPIMixin`: puts that permission on a view and offers `scope` (the user's
VisibleScope) and `require(action, ...)` (permissions.require, refused as HTTP 403 in the
standard error body). Scope reads go through the app's selectors, so a record outside
the scope is simply not found (404).

`ScopedViewSetMixin`: `get_queryset` and `get_object` through the app's scoped selectors,
named as class attributes `list_for` and `get_for`; `StaffReadViewSet` is a staff list and
detail built on both."""

from collections.abc import Callable
from typing import Any

from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from minfu.core.api import DetailSerializerMixin, query_filters
from minfu.org.auth import is_verified, two_factor_required
from minfu.org.permissions import require
from minfu.org.selectors import VisibleScope, is_staff_member, visible_scope


class IsStaffMember(BasePermission):
    message = "Staff membership required."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not is_staff_member(user):
            return False
        by_session = isinstance(request.successful_authenticator, SessionAuthentication)
        return not (by_session and two_factor_required() and not is_verified(user))


class StaffAPIMixin:
    permission_classes = [IsStaffMember]

    @property
    def scope(self) -> VisibleScope:
        return visible_scope(self.request.user)

    def require(self, action: str, **target) -> None:
        require(self.request.user, action, **target)


# A viewset that reads through the app's scoped selectors: `list_for(user)` for the list,
# `get_for(user, pk)` for one record (outside the user's scope: not found), declared as
# plain class attributes: `get_for = selectors.plan_get_for`. With `filter_class`, the
# list's query parameters are validated by it (a 400 names a wrong one) and passed on as
# `list_for(user, filter_type(**filters))`; without a `filter_type`, each field's source
# is a lookup on the list (`source="parent_id"`). (Comments, not a docstring: the API
# schema would take it as the description of every such viewset.)
class ScopedViewSetMixin:
    filter_class: type[serializers.Serializer] | None = None
    filter_type: Callable[..., Any] | None = None

    def get_queryset(self):
        viewset = type(self)
        if self.filter_class is None or self.action != "list":
            return viewset.list_for(self.request.user)
        filters = query_filters(self.filter_class, self.request)
        if viewset.filter_type is None:
            return viewset.list_for(self.request.user).filter(**filters)
        return viewset.list_for(self.request.user, viewset.filter_type(**filters))

    def get_object(self):
        return type(self).get_for(self.request.user, self.kwargs["pk"])


# The staff list and detail of one kind of record, read through the app's scoped
# selectors (`list_for`, `get_for`), the detail by `detail_serializer_class` if it says
# more; actions are added by the subclass. (No docstring:
# see ScopedViewSetMixin.)
class StaffReadViewSet(StaffAPIMixin, ScopedViewSetMixin, DetailSerializerMixin,
                       mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    pass
