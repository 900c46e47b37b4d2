"""The web shell: layout, language switch, statements, components, the CSP and the
Permissions-Policy."""

import re

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext, override

from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db


def url_in(language: str, name: str, **kwargs) -> str:
    with override(language):
        return reverse(name, kwargs=kwargs)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def language_link(html: str, hreflang: str) -> str:
    match = re.search(rf'<a href="([^"]*)" lang="{hreflang}" hreflang="{hreflang}">', html)
    assert match, f"no link to the {hreflang} page"
    return match.group(1).replace("&amp;", "&")


def test_public_home_is_chinese_by_default(client):
    html = page(client, "/")
    assert 'lang="zh-Hant-TW"' in html
    assert "跳到主要內容" in html


def test_english_pages_live_under_the_en_prefix(client):
    html = page(client, "/en/")
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_staff_home_requires_login(client):
    response = client.get(reverse("web:staff-home"))
    assert response.status_code == 302
    assert reverse("web:staff-login") in response["Location"]


@pytest.mark.parametrize("name", ["web:public-home", "web:accessibility", "web:privacy",
                                  "catalog:public-list", "web:staff-login"])
def test_language_switch_links_to_the_same_page_in_the_other_language(client, name):
    chinese = page(client, url_in("zh-hant", name))
    assert language_link(chinese, "en") == url_in("en", name)
    english = page(client, url_in("en", name))
    assert language_link(english, "zh-Hant-TW") == url_in("zh-hant", name)
    assert 'aria-current="true">English' in english


def test_language_switch_keeps_the_query_string(client):
    html = page(client, url_in("zh-hant", "catalog:public-list") + "?q=戶籍&page=2")
    target = language_link(html, "en")
    assert target.startswith(url_in("en", "catalog:public-list") + "?")
    assert "q=%E6%88%B6%E7%B1%8D" in target and "page=2" in target


def test_language_switch_on_a_missing_page_goes_to_the_other_home_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert language_link(response.content.decode(), "en") == "/en/"


def test_layout_has_landmarks_skip_link_and_one_h1(client):
    html = page(client, "/")
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert '<main id="main" tabindex="-1">' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert html.count("<h1") == 1


def test_footer_links_to_the_statements(client):
    html = page(client, "/")
    assert f'href="{reverse("web:accessibility")}">無障礙聲明' in html
    assert f'href="{reverse("web:privacy")}">隱私權及資料安全政策' in html


@pytest.mark.parametrize(("name", "chinese_title", "english_title"), [
    ("web:accessibility", "無障礙聲明", "Accessibility statement"),
    ("web:privacy", "隱私權及資料安全政策", "Privacy and data security policy"),
])
def test_statement_pages_in_both_languages(client, name, chinese_title, english_title):
    chinese = page(client, url_in("zh-hant", name))
    english = page(client, url_in("en", name))
    assert f"<h1>{chinese_title}</h1>" in chinese
    assert f"<h1>{english_title}</h1>" in english
    assert 'aria-label="導覽路徑"' in chinese  # the breadcrumb trail
    assert f'<span aria-current="page">{english_title}</span>' in english


def test_statements_name_the_site(client, settings):
    settings.MINFU_SITE_NAME = "財政部北區國稅局"
    settings.MINFU_SITE_NAME_EN = "National Taxation Bureau of the Northern Area"
    assert "財政部北區國稅局" in page(client, url_in("zh-hant", "web:privacy"))
    english = page(client, url_in("en", "web:accessibility"))
    assert "National Taxation Bureau of the Northern Area" in english
    assert "財政部北區國稅局" not in english


def test_home_search_sends_q_to_the_one_search(client):
    html = page(client, "/en/")
    form = re.search(r'<form class="search-form" role="search" method="get" action="([^"]+)">',
                     html)
    assert form and form.group(1) == url_in("en", "search:public-search")
    assert '<label for="home-search">' in html and 'name="q"' in html


@pytest.mark.django_db
def test_home_search_examples_are_services_the_catalogue_finds(client):
    from tests.catalog.factories import published

    published(code="TAX-CERT")
    html = page(client, "/")
    example = re.search(r'id="home-search-help">[^<]*<a href="([^"]+)">([^<]+)</a>', html)
    assert example, "the home page suggests a service to search for"
    results = page(client, example.group(1).replace("&amp;", "&"))
    assert example.group(2) in results
    with override("zh-hant"):
        assert gettext("No service matches. Try fewer or other words, or clear the "
                       "filters.") not in results


def test_home_links_to_the_main_areas(client):
    html = page(client, "/")
    for name in ("catalog:public-list", "catalog:public-periods", "web:accessibility",
                 "web:privacy"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize("url", ["/", "/en/", "/accessibility/", "/en/privacy/",
                                 "/staff/login/"])
def test_pages_need_no_inline_script_or_style(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert "<style" not in html
    assert re.search(r'<script src="/static/web/vendor/htmx\.min\.js" defer></script>', html)
    assert '"includeIndicatorStyles": false' in html  # htmx would inject a <style>


@pytest.mark.parametrize("url", ["/", "/staff/login/", "/no-such-page/",
                                 "/api/v1/records/lookup/", "/static/web/minfu.css"])
def test_every_response_denies_device_features(client, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_staff_layout_shows_navigation_and_sign_out_when_signed_in(client):
    user = staff_user(username="officer-wang")
    client.force_login(user)
    html = page(client, url_in("en", "web:staff-home"))
    assert 'aria-label="Staff"' in html
    assert "Sign out (officer-wang)" in html
    assert f'action="{url_in("en", "web:staff-logout")}" method="post"' in html


@pytest.mark.parametrize(("role", "sees_surveys"), [("officer", False), ("supervisor", True)])
def test_staff_menu_links_only_to_pages_the_user_may_open(client, role, sees_surveys):
    client.force_login(staff_user(role=role))
    surveys = url_in("en", "surveys:staff-surveys")
    assert (f'href="{surveys}"' in page(client, url_in("en", "web:staff-home"))) == sees_surveys
    assert client.get(surveys).status_code == (200 if sees_surveys else 403)


def _render_with_request(template: str, context: dict, path: str = "/services/") -> str:
    request = RequestFactory().get(path)
    return render_to_string(template, {"request": request, **context})


def test_breadcrumbs_link_every_step_but_the_current_page():
    html = render_to_string("web/_breadcrumbs.html", {
        "breadcrumbs": [("Home", "/"), ("Services", "/services/"), ("Birth registration", None)],
    })
    assert '<a href="/">Home</a>' in html and '<a href="/services/">Services</a>' in html
    assert '<span aria-current="page">Birth registration</span>' in html
    assert "<ol>" in html


def test_pagination_keeps_the_query_and_marks_the_current_page():
    page_obj = Paginator(range(200), 10).page(6)
    with override("en"):
        html = _render_with_request("web/_pagination.html", {"page_obj": page_obj},
                                    "/services/?q=tax&page=6")
    assert 'aria-label="Pagination"' in html
    assert "Page 6 of 20 (200 items)" in html
    assert 'href="?q=tax&amp;page=5" rel="prev"' in html
    assert 'href="?q=tax&amp;page=7" rel="next"' in html
    assert re.search(r'href="\?q=tax&amp;page=6" aria-current="page">'
                     r'<span class="visually-hidden">Page </span>6</a>', html)
    assert 'href="?q=tax&amp;page=20"' in html and "…" in html
    assert 'page=12"' not in html


def test_pagination_is_absent_for_a_single_page():
    page_obj = Paginator(range(3), 10).page(1)
    assert "<nav" not in _render_with_request("web/_pagination.html", {"page_obj": page_obj})


def test_messages_say_their_kind_in_words():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.error(request, "The file is empty.")
    messages.success(request, "Saved.")
    with override("en"):
        html = render_to_string("web/_messages.html", {"messages": messages.get_messages(request)})
    assert 'role="status" aria-live="polite"' in html
    assert re.search(r'role="alert">\s*<strong class="message-kind">Error:</strong>\s*'
                     r"The file is empty\.", html)
    assert re.search(r"<strong class=\"message-kind\">Done:</strong>\s*Saved\.", html)


def test_form_fields_label_inputs_and_group_choices_in_a_fieldset():
    class ExampleForm(forms.Form):
        name = forms.CharField(label="Name", help_text="As on your ID card.")
        channel = forms.ChoiceField(label="Channel", widget=forms.RadioSelect,
                                    choices=[("online", "Online"), ("counter", "Counter")])

    form = ExampleForm(data={"name": ""})
    with override("en"):
        html = render_to_string("web/_form_fields.html", {"form": form})
    assert '<label for="id_name">Name <span class="required">(required)</span></label>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'id="id_name_error"' in html and 'aria-invalid="true"' in html
    assert re.search(r'<fieldset class="field field-error" aria-describedby="id_channel_error">'
                     r'\s*<legend>Channel', html)
    assert html.count("<fieldset") == html.count("</fieldset>") == 1
