"""Words: the Chinese pages of the demo speak Chinese. A crawl of the demo, signed out and
as staff, fails on English words outside what is marked as English (`lang="en"`, WCAG
3.1.2), code, product names and codes; the English pages carry no Chinese period labels."""

import io
import re
from collections import defaultdict, deque
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the pages are the same on every database; one "
                                          "crawl of the demo is enough")]

PAGES_PER_VISITOR = 160
SKIP = re.compile(r"^/(en/|admin|api/|static/|media/|staff/logout|logout)|"
                  r"\.(pdf|odt|ods|xlsx|csv|json|jsonld|xml|ics|png|svg)(\?|$)|[?&]format=")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]{2,}")
NOT_WORDS = re.compile(
    r"\S+@\S+|https?://\S+|[\w-]*\.(?:pdf|odt|ods|docx|xlsx|csv|png|jpe?g)\b"  # addresses, files
    r"|\b[a-z]+(?:[._-][a-z0-9]+)+\b"  # codes: cases.on_time_rate, tpc-officer
    r"|\bQR ?[Cc]ode\b|\b\w+ \| \w+ \| \w+\b")  # QR Code; "loan | 貸款 | Loan" examples
# Names of products and standards that Chinese text writes in Latin letters.
PROPER_NAMES = {"English",  # a language is named in its own language in a language choice
                "OpenDocument", "Word", "Excel", "JavaScript", "Cookie", "App", "FreeOTP",
                "Google", "Microsoft", "Authenticator", "Big", "Markdown", "Open311",
                "Frictionless", "GeoReport", "OpenID", "Connect", "Swagger", "Unicode"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Words a page must show as they are: the sheet names a spreadsheet import expects.
LITERAL = {"/services/staff/import/": {"services", "documents"}}
HIDDEN = {"script", "style", "code", "kbd", "samp", "title", "svg"}


class ChineseText(HTMLParser):
    """The text people read on the page (with labels in attributes), leaving out what is
    marked as another language or as code, and the links to follow."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.parts: list[str] = []
        self.links: list[str] = []

    def _excluded(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        excluded = self._excluded() or tag in HIDDEN or (
            attrs.get("lang") or "zh").lower().startswith("en")
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        if not excluded:
            self.parts += [attrs[name] for name in ("aria-label", "placeholder", "alt")
                           if attrs.get(name)]
        if tag not in VOID:
            self.stack.append((tag, excluded))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if not self._excluded():
            self.parts.append(data)


def english_words(html: str, allowed: set[str]) -> tuple[set[str], list[str]]:
    parser = ChineseText()
    parser.feed(html)
    text = NOT_WORDS.sub(" ", " ".join(parser.parts))
    words = {word for word in WORD.findall(text)
             if not word.isupper() and not any(char.isdigit() for char in word)
             and word not in PROPER_NAMES and word not in allowed}
    return words, parser.links


def crawl(client: Client, start: list[str], allowed: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    queue = deque(start)
    while queue and len(seen) < PAGES_PER_VISITOR:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        words, links = english_words(response.content.decode(),
                                     allowed | LITERAL.get(url, set()))
        for word in words:
            found[word].add(url)
        queue.extend(link for link in links if link not in seen)
    return found


def test_the_demo_speaks_the_language_of_each_page():
    """One demo load for both checks: Chinese pages without English words, English pages
    without Chinese period labels."""
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects
    usernames = set(users.values_list("username", flat=True)) | {"testserver"}  # the host
    leaks: dict[str, set[str]] = defaultdict(set)
    for username in (None, "admin", "tpc-officer", "ntbt-coordinator"):
        client = Client()
        if username:
            client.force_login(users.get(username=username))
        for word, urls in crawl(client, ["/", "/staff/"] if username else ["/"],
                                usernames).items():
            leaks[word] |= urls
    report = "\n".join(f"{word}: {sorted(urls)[:3]}" for word, urls in sorted(leaks.items()))
    assert not leaks, f"English words on Chinese pages:\n{report}"

    client = Client()
    client.force_login(users.get(username="admin"))
    for url in ("/en/staff/metrics/", "/en/staff/"):
        page = client.get(url, follow=True).content.decode()
        assert not re.search(r"\d{2,3}年(第\d季|\d{1,2}月)", page), url
