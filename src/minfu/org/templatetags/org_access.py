"""What a staff user may open, for menus: `{% load org_access %}`."""

from django import template

from minfu.org.permissions import can
from minfu.org.selectors import may_view_audit as _may_view_audit

register = template.Library()


@register.filter
def may_view_audit(user) -> bool:
    return _may_view_audit(user)


@register.filter
def may(user, action: str) -> bool:
    """Whether `user` holds `action` anywhere: a menu links only to what opens."""
    return can(user, action)
