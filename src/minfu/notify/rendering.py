"""Render message templates: Django template syntax, no HTML escaping (mail and SMS are
plain text), in the message's language so that `roc_date` and friends format dates for
the reader. No ORM."""

from dataclasses import dataclass
from functools import lru_cache

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ENGINE = Engine(autoescape=False, builtins=["minfu.core.templatetags.roc"],
                libraries={"i18n": "django.templatetags.i18n"})


# What the stored message says in place of a secret (events.SECRET_KEYS): staff read it,
# and so does a recipient who gets the message again once the sealed text is gone.
WITHHELD = _("[not repeated here, for your security; if you have lost it, please contact us]")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@lru_cache(maxsize=512)
def compiled(text: str) -> Template:
    """`text` compiled once per process: the same few texts render every message, and a
    compiled template is safe to render from several threads."""
    return ENGINE.from_string(text)


def syntax_error(text: str) -> str | None:
    """The template syntax error in `text`, or None when it compiles."""
    try:
        compiled(text)
    except TemplateSyntaxError as error:
        return str(error)
    return None


def render_error(text: str, context: dict, language: str) -> str | None:
    """What goes wrong when `text` is rendered with `context` (a tag such as url that
    fails), or None. Staff type these texts, so failures are reported, not raised."""
    try:
        render_text(text, context, language)
    except Exception as error:  # any template failure is reported to the editor
        return f"{type(error).__name__}: {error}"
    return None


def render_text(text: str, context: dict, language: str) -> str:
    with translation.override(language):
        return compiled(text).render(Context(context, autoescape=False))


def pick_texts(template, language: str) -> tuple[str, str]:
    """Subject and body in `language`, Chinese where the English text is missing."""
    if language.startswith("en") and template.body_en:
        return template.subject_en or template.subject_zh, template.body_en
    return template.subject_zh, template.body_zh


def render_message(template, context: dict, language: str) -> Rendered:
    subject, body = pick_texts(template, language)
    # A subject is one line: collapse any line breaks a template produced.
    rendered_subject = " ".join(render_text(subject, context, language).split())
    return Rendered(rendered_subject, render_text(body, context, language).strip())


def withheld_text(language: str) -> str:
    """WITHHELD in the reader's language."""
    with translation.override(language):
        return str(WITHHELD)


def preview(template, context: dict) -> dict[str, Rendered]:
    """The message in both languages, as a reader of each would get it."""
    return {language: render_message(template, context, language)
            for language in ("zh-hant", "en")}
