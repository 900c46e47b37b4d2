"""How often citizens may ask for sign-in links and try to claim records
(records.intake_limits windows). A claim also counts against the lookup limit of its
client address (records.throttle): a claim is a lookup by number and access code."""

from django.utils.translation import gettext_lazy as _

from minfu.records.intake_limits import Limit

SIGN_IN_LINKS = Limit(
    "citizen-sign-in-links", "MINFU_CITIZEN_LINK_RATE", "5/3600",
    _("Too many sign-in links were asked for. Try again later."), "too_many_links")
CLAIMS = Limit(
    "citizen-claims", "MINFU_CITIZEN_CLAIM_RATE", "10/600",
    _("Too many tries to add a record. Try again later."), "too_many_claims")
