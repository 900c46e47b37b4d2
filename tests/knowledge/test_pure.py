"""The pure modules: Markdown rendering and sanitising, personal-data scrubbing, the
declared life cycle, the FAQPage data block."""

import json

from hypothesis import given
from hypothesis import strategies as st

from minfu.knowledge import markup, scrub, structured_data, workflow


def test_sanitising_removes_script_handlers_and_javascript_links():
    html = markup.render('<script>alert(1)</script>\n\n[x](javascript:alert(1)) '
                         '<img src=x onerror=alert(1)> **ok**')
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "<strong>ok</strong>" in html
    assert "<script" not in markup.clean('<p onclick="x()">a</p><script>b</script>')


def test_markdown_tables_links_and_headings():
    html = markup.render("# 標題\n\n|a|b|\n|-|-|\n|1|2|\n\n[官網](https://www.mof.gov.tw/)")
    assert "<h2>標題</h2>" in html and "<h1>" not in html
    assert "<table>" in html and 'href="https://www.mof.gov.tw/"' in html


@given(st.text())
def test_rendering_never_lets_a_script_through(text):
    html = markup.render(text)
    assert "<script" not in html.lower() and " on" not in html.lower().split(">")[0]


def test_scrub_masks_ids_phones_and_emails():
    text = scrub.scrub("身分證A123456789，電話0912-345-678，信箱ming@example.tw，112年度申報")
    assert "A123456789" not in text and "0912-345-678" not in text
    assert "ming@example.tw" not in text and "112年度" in text


@given(st.from_regex(r"[A-Z][12][0-9]{8}", fullmatch=True), st.text(alphabet="申報護照稅 ", max_size=20))
def test_scrub_never_keeps_a_national_id(number, words):
    assert number not in scrub.scrub(f"{words}{number}{words}")


def test_every_state_can_reach_publication_or_is_archived():
    machine = workflow.MACHINE
    assert machine.next_state("draft", "submit") == "in_review"
    assert machine.next_state("in_review", "approve", choice="later") == "scheduled"
    assert machine.next_state("scheduled", "go_live") == "published"
    assert machine.next_state("published", "archive") == "archived"


def test_faq_json_ld_cannot_close_its_script():
    block = structured_data.ld_json(structured_data.faq_page(
        [("問</script><script>", "答", "https://x/kb/1/")], language="zh-hant"))
    assert block.count("</script>") == 1
    data = json.loads(block.removeprefix('<script type="application/ld+json">')
                      .removesuffix("</script>"))
    assert data["@type"] == "FAQPage" and data["mainEntity"][0]["@type"] == "Question"
