"""Polls (網路投票/網路民調): one question, single or multiple choice, scheduled; one
ballot per verified participant."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.models import TimeStampedModel, VersionedModel
from minfu.participation.models.participants import Participant


class Poll(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="polls", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    multiple = models.BooleanField(_("multiple choice"), default=False)
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many choices"), null=True, blank=True,
        help_text=_("For multiple choice; empty for no limit."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_hidden_until_close = models.BooleanField(_("results hidden until it closes"),
                                                     default=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_key(self) -> str:
        return f"poll:{self.pk}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.published and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def results_visible(self, now=None) -> bool:
        return self.published and (not self.results_hidden_until_close
                                   or self.is_closed(now))


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options",
                             verbose_name=_("poll"))
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("option"), max_length=200)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["poll", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Ballot(models.Model):
    """One participant's vote in one poll: a second vote (or a replayed form) finds this
    row instead of making another."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots",
                             verbose_name=_("poll"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT,
                                    related_name="ballots", verbose_name=_("participant"))
    options = models.ManyToManyField(PollOption, related_name="ballots",
                                     verbose_name=_("options"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["poll", "participant"],
                                               name="participation_one_ballot")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.participant_id}"
