"""Accessibility of the knowledge base's public pages in a real browser: axe-core finds no
WCAG 2.1 A/AA violation in either language, the FAQPage data block causes no CSP refusal,
and a reader votes with JavaScript off."""

import pytest

from minfu.knowledge.models import ArticleKind, Vote
from tests.knowledge.factories import agency_unit, published
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, open_page, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _article():
    unit = agency_unit(code="NTBT")
    published(unit, kind=ArticleKind.COMMON_ERROR, title_zh="經常申報錯誤：扶養重複申報",
              body_zh="同一親屬只能由一人申報扶養。", title_en="Common error: dependants "
              "claimed twice", body_en="A dependant may be claimed by **one** taxpayer.")
    return published(unit, body_zh="| 項目 | 期限 |\n|-|-|\n| 申報 | 5月31日 |\n\n- 線上\n- 臨櫃")


@pytest.mark.parametrize("language", LANGUAGES)
def test_knowledge_pages_have_no_wcag_violations(live_server, browser_page, language):
    article = _article()
    for name, kwargs in (("knowledge:public-index", {}),
                         ("knowledge:public-organisation", {"code": "NTBT"}),
                         ("knowledge:public-article", {"pk": article.pk}),
                         ("knowledge:public-version", {"pk": article.pk, "number": 1})):
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))


def test_vote_without_javascript(live_server, chromium):
    article = _article()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        open_page(page, live_server.url + url_in("zh-hant", "knowledge:public-article",
                                                 pk=article.pk))
        page.get_by_role("radio", name="否").check()
        page.get_by_role("button", name="送出").click()
        page.wait_for_load_state()
        assert page.locator(".field-error").count() == 1  # a reason is needed
        page.get_by_role("radio", name="否").check()
        page.fill("textarea[name=reason]", "沒有寫到需要哪些文件")
        page.get_by_role("button", name="送出").click()
        page.wait_for_load_state()
        assert Vote.objects.filter(article=article, helpful=False).count() == 1
    finally:
        context.close()
