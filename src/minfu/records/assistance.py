"""Assistance needs (特殊或弱勢族群適性服務): what a citizen asks of the agency so that
they can be served, declared on any citizen record (an application, a petition, an
appointment...). A record kind gets the columns from `models.AssistanceNeedsModel`, the
form fields from `forms.AssistanceFields`, the API field from
`serializers.AssistanceInput`, the officers' badge from `records/staff/_assistance.html`
and the easy-read notices from `notice_event`. Pure: no ORM here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

EASY_READ_SUFFIX = ".easy_read"


class AssistanceNeed(models.TextChoices):
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreting")
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    INTERPRETER = "interpreter", _("Interpreter (say the language)")
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy-read replies")
    HOME_VISIT = "home_visit", _("Home visit")
    OTHER = "other", _("Other (say what in the note)")


@dataclass(frozen=True)
class Assistance:
    """The needs declared on one record: codes of AssistanceNeed, the interpreting
    language (with `interpreter`) and a free note."""

    needs: tuple[str, ...] = ()
    language: str = ""
    note: str = ""

    @classmethod
    def of(cls, needs: Iterable[str] = (), language: str = "", note: str = "") -> Assistance:
        """Known codes once each, in the order of AssistanceNeed; text stripped."""
        chosen = set(needs or ())
        return cls(needs=tuple(code for code in AssistanceNeed.values if code in chosen),
                   language=(language or "").strip(), note=(note or "").strip())

    def errors(self, given: Iterable[str] = ()) -> dict[str, list[str]]:
        """Problems, keyed by the field: an unknown code, an interpreter without a
        language, "other" without a note."""
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(given or ()) - set(AssistanceNeed.values))
        if unknown:
            errors["assistance_needs"] = [str(_("Unknown assistance need: %(codes)s.")
                                              % {"codes": ", ".join(unknown)})]
        if AssistanceNeed.INTERPRETER in self.needs and not self.language:
            errors["assistance_language"] = [str(_("Say which language to interpret."))]
        if AssistanceNeed.OTHER in self.needs and not self.note:
            errors["assistance_note"] = [str(_("Say in the note what you need."))]
        return errors

    def __bool__(self) -> bool:
        return bool(self.needs or self.note)

    @property
    def easy_read(self) -> bool:
        return AssistanceNeed.EASY_READ in self.needs

    @property
    def labels(self) -> list[str]:
        return [str(AssistanceNeed(code).label) for code in self.needs]


def notice_events(event: str, assistance: Assistance) -> list[str]:
    """The template events to try, in order, for a notice of `event` to a citizen who
    declared `assistance`: the easy-read variant (`case.decided.easy_read`) first when
    they asked for easy-read replies, then the usual text."""
    return [event + EASY_READ_SUFFIX, event] if assistance.easy_read else [event]


# What the retention job leaves of a record's assistance needs (records.kinds.PersonalData):
# nothing, since they speak of a person's health or disability (個資法 §6).
ASSISTANCE_CLEARED = {"assistance_needs": [], "assistance_language": "", "assistance_note": ""}
