"""Context every page needs: the site name, the page language and the language switch."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

from minfu.core.models import HTML_LANG, pick_language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    html_lang: str
    url: str
    is_current: bool


def current_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def language_links(request) -> list[LanguageLink]:
    """One link per interface language to the same page in that language.

    The language lives in the URL (`/en/...`; Chinese pages have no prefix), so a plain
    link switches it with JavaScript off and keeps the page and its query string. A page
    whose URL cannot be translated (a 404, say) links to the other language's home page."""
    current = current_language()
    here = request.path_info
    if request.GET:
        here = f"{here}?{request.GET.urlencode()}"
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            url = request.get_full_path()
        else:
            url = translate_url(here, code)
            if url == here:
                with override(code):
                    url = reverse("web:public-home")
        links.append(LanguageLink(code, name, HTML_LANG.get(code, code), url, code == current))
    return links


def site(request):
    current = current_language()
    return {
        "site_name": pick_language(settings.MINFU_SITE_NAME, settings.MINFU_SITE_NAME_EN),
        "html_lang": HTML_LANG.get(current, current),
        "language_links": language_links(request),
    }
