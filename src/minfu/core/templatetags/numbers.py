"""`{% load numbers %}`: `{{ share|percent }}` writes a share in [0, 1] as a whole
percentage rounded half up (12.5 % is 13 %, as readers expect; Python's round() and
`{% widthratio %}` round half to even and would print 12 %)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def percent(share) -> str:
    if share is None or share == "":
        return "–"
    # Through str() so that a float such as 0.145 is read as written, not as 0.14499…
    whole = (Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{whole}%"
