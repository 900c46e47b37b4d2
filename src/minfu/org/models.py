"""Organisations (ministry > agency > branch office), their units, and staff memberships."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, BilingualNameMixin, TimeStampedModel, VersionedModel


class Locality(models.TextChoices):
    """Taiwan's cities and counties: the level that declares typhoon closures."""

    TAIPEI = "taipei", _("Taipei City")
    NEW_TAIPEI = "new_taipei", _("New Taipei City")
    TAOYUAN = "taoyuan", _("Taoyuan City")
    TAICHUNG = "taichung", _("Taichung City")
    TAINAN = "tainan", _("Tainan City")
    KAOHSIUNG = "kaohsiung", _("Kaohsiung City")
    KEELUNG = "keelung", _("Keelung City")
    HSINCHU_CITY = "hsinchu_city", _("Hsinchu City")
    CHIAYI_CITY = "chiayi_city", _("Chiayi City")
    HSINCHU_COUNTY = "hsinchu_county", _("Hsinchu County")
    MIAOLI = "miaoli", _("Miaoli County")
    CHANGHUA = "changhua", _("Changhua County")
    NANTOU = "nantou", _("Nantou County")
    YUNLIN = "yunlin", _("Yunlin County")
    CHIAYI_COUNTY = "chiayi_county", _("Chiayi County")
    PINGTUNG = "pingtung", _("Pingtung County")
    YILAN = "yilan", _("Yilan County")
    HUALIEN = "hualien", _("Hualien County")
    TAITUNG = "taitung", _("Taitung County")
    PENGHU = "penghu", _("Penghu County")
    KINMEN = "kinmen", _("Kinmen County")
    LIENCHIANG = "lienchiang", _("Lienchiang County")


class Organisation(BilingualNameMixin, VersionedModel, TimeStampedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        BRANCH = "branch", _("Branch office")

    code = models.CharField(_("code"), max_length=20, unique=True,
                            help_text=_("Short code used in case numbers, e.g. KL."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent"))
    # Materialised path "/MOF/TPC/" so that a subtree is one indexed prefix query.
    path = models.CharField(_("path"), max_length=255, editable=False, db_index=True)
    locality = models.CharField(_("locality"), max_length=20, choices=Locality.choices,
                                help_text=_("City or county whose closures apply."))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(
        _("sort order"), default=0,
        help_text=_("Lower numbers come first among organisations with the same parent."))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=200, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    @property
    def depth(self) -> int:
        """0 for a top-level organisation, 1 for its children, and so on."""
        return self.path.count("/") - 2

    address = Bilingual()


class Unit(BilingualNameMixin, VersionedModel, TimeStampedModel):
    """A unit of an organisation: 組, 室, 科, 分關."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units",
                                     verbose_name=_("organisation"))
    code = models.CharField(_("code"), max_length=20)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(
        _("sort order"), default=0,
        help_text=_("Lower numbers come first within the organisation."))
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    supervisor_assigns = models.BooleanField(
        _("a supervisor assigns accepted records"), default=False,
        help_text=_("Off: whoever accepts an application or starts handling a petition "
                    "becomes its officer. On: records wait for a supervisor to assign them."))

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__path", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_org")
        ]


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    QUALITY_COORDINATOR = "quality_coordinator", _("Quality coordinator")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    MINISTRY_EVALUATOR = "ministry_evaluator", _("Ministry evaluator")


class Scope(models.TextChoices):
    UNIT = "unit", _("Own unit")
    ORGANISATION = "organisation", _("Whole organisation")
    SUBTREE = "subtree", _("Organisation and the organisations under it")


# The scope a role gets unless the membership says otherwise.
DEFAULT_SCOPE = {
    Role.OFFICER: Scope.UNIT,
    Role.SUPERVISOR: Scope.UNIT,
    Role.QUALITY_COORDINATOR: Scope.ORGANISATION,
    Role.AGENCY_ADMIN: Scope.SUBTREE,
    Role.MINISTRY_EVALUATOR: Scope.SUBTREE,
}


class Membership(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    title = models.CharField(_("job title"), max_length=80, blank=True,
                             help_text=_("As shown in the staff directory, e.g. 科員."))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__organisation__path", "unit__sort_order", "unit__code", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.get_role_display()})"
