"""Template tags other apps' pages load to show knowledge-base content without importing
the app: `{% load knowledge %}{% service_articles service_type %}` on the service page."""

from django import template

from minfu.knowledge import selectors

register = template.Library()


@register.inclusion_tag("knowledge/public/_service_articles.html")
def service_articles(service_type):
    """The FAQ, common errors and how-tos of one service, by kind."""
    return {"groups": selectors.by_kind(selectors.for_service(service_type))}
