"""Co-design sessions (體驗會, 座談會): events where citizens try a service or discuss it
with the agency, with registration and a waiting list, reminders, attendance, a feedback
survey afterwards (minfu.surveys), minutes and decisions. Rules in sessions_services.py."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, TimeStampedModel, VersionedModel


class SessionFormat(models.TextChoices):
    EXPERIENCE = "experience", _("Service experience session")  # 體驗會
    FORUM = "forum", _("Public forum")  # 座談會


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Session(VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="participation_sessions",
                                     verbose_name=_("agency"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="participation_sessions", verbose_name=_("unit"))
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices,
                              default=SessionFormat.EXPERIENCE)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    state = models.CharField(_("state"), max_length=20, choices=SessionState.choices,
                             default=SessionState.SCHEDULED)
    published = models.BooleanField(_("published"), default=True)
    feedback_wave = models.ForeignKey("surveys.Wave", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="participation_sessions",
                                      verbose_name=_("feedback survey wave"))
    minutes = models.TextField(_("minutes"), blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-design session")
        verbose_name_plural = _("co-design sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="participation_session_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_url=""),
                                   name="participation_session_has_place"),
        ]

    def __str__(self) -> str:
        return self.title_zh

    title = Bilingual()
    description = Bilingual()


class Registration(models.Model):
    """One participant's place (or place in the queue) at one session. A cancelled place
    goes to the first on the waiting list (sessions_services.registration_cancel)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE,
                                related_name="registrations", verbose_name=_("session"))
    participant = models.ForeignKey("participation.Participant", on_delete=models.PROTECT,
                                    related_name="session_registrations",
                                    verbose_name=_("participant"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("registered at"))
    promoted_at = models.DateTimeField(_("given a place at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        ordering = ["registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "participant"],
                                               name="participation_registration_once")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.participant_id} {self.status}"

    @property
    def online_url(self) -> str:
        """The meeting's link as this registration may see it: only with a place."""
        return self.session.online_url if self.status == RegistrationStatus.CONFIRMED else ""


class SessionDecision(TimeStampedModel):
    """A decision recorded at a session: what the agency will do. Results tracking links
    an adopted decision to a plan action or an improvement item."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("session"))
    text_zh = models.TextField(_("decision (Chinese)"))
    text_en = models.TextField(_("decision (English)"), blank=True)

    class Meta:
        verbose_name = _("session decision")
        verbose_name_plural = _("session decisions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text_zh[:60]

    # A decision is what the agency will do: results tracking may link it to the plan,
    # within the session's agency.
    is_adopted = True

    @property
    def organisation(self):
        return self.session.organisation

    @property
    def organisation_id(self) -> int:
        return self.session.organisation_id

    text = Bilingual()
