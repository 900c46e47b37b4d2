"""The kinds of activity a participant verifies for, registered with verification so
that a key such as "consultation:12" finds its title, agency and page. Imported by
AppConfig.ready; each kind's resolver is registered here."""

from django.urls import reverse

from minfu.participation import kind  # noqa: F401 (registers the comment record kind)
from minfu.participation.models import Consultation, Poll
from minfu.participation.verification import Activity, activity_kind_register


def _consultation(pk: int) -> Activity | None:
    consultation = (Consultation.objects.select_related("organisation")
                    .filter(pk=pk, published=True).first())
    if consultation is None:
        return None
    return Activity(key=consultation.activity_key, title=consultation.title,
                    organisation=consultation.organisation, is_open=consultation.is_open(),
                    url=reverse("participation:public-consultation", kwargs={"pk": pk}))


def _poll(pk: int) -> Activity | None:
    poll = Poll.objects.select_related("organisation").filter(pk=pk, published=True).first()
    if poll is None:
        return None
    return Activity(key=poll.activity_key, title=poll.title, organisation=poll.organisation,
                    is_open=poll.is_open(),
                    url=reverse("participation:public-poll", kwargs={"pk": pk}))


activity_kind_register("consultation", _consultation)
activity_kind_register("poll", _poll)

# Proposals and co-design sessions register theirs in their own modules.
from minfu.participation import proposals_activities, sessions_activities  # noqa: E402, F401
