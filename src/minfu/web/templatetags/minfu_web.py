"""Template helpers for the shared components: `{% load minfu_web %}`."""

from django import template

from minfu.web.paging import page_window

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, e.g. a page link that keeps
    the search terms: `href="?{% query_with page=3 %}"`. A value of None drops the key."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def page_numbers(page) -> list[int | None]:
    """The page numbers (None for a gap) to show for a Django `Page`."""
    return page_window(page.number, page.paginator.num_pages)
