"""Reads of open data. Public reads (performance reports, listed datasets and their
publications) need no user; staff reads start from `visible_scope(user)`: a dataset of an
organisation the user does not see is NotFound."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.opendata import performance
from minfu.opendata.models import Dataset, Publication
from minfu.org.models import Organisation
from minfu.org.selectors import organisations_where, visible_scope
from minfu.voice.models import Category, Kind, PetitionChannel

MANAGE = "opendata.manage"


# Performance -----------------------------------------------------------------------------

def public_organisations() -> QuerySet[Organisation]:
    """Active organisations in tree order: the agencies with a performance page."""
    return Organisation.objects.filter(is_active=True).order_by("path")


def public_organisation(code: str) -> Organisation:
    organisation = public_organisations().filter(code=code).first()
    if organisation is None:
        raise NotFound(_("No such agency."))
    return organisation


def subtree_ids(organisation: Organisation | None) -> frozenset[int]:
    """The organisation and those under it (every active one for None)."""
    rows = public_organisations()
    if organisation is not None:
        rows = rows.filter(path__startswith=organisation.path)
    return frozenset(rows.values_list("id", flat=True))


def _names(organisation_ids: frozenset[int]) -> dict[str, dict[str, str]]:
    categories: dict[str, str] = {}
    english = (translation.get_language() or "").startswith("en")
    for code, zh, en in (Category.objects.filter(organisation_id__in=organisation_ids)
                         .order_by("code").values_list("code", "name_zh", "name_en")):
        categories.setdefault(code, en if english and en else zh)
    return {"category_names": categories,
            "kind_names": {code: str(label) for code, label in Kind.choices},
            "channel_names": {code: str(label) for code, label in PetitionChannel.choices}}


def performance_report(organisation: Organisation | None, *, cached: bool = True
                       ) -> performance.Report:
    """The public report of an organisation (with those under it), or of every agency."""
    def compute() -> performance.Report:
        ids = subtree_ids(organisation)
        title = organisation.name if organisation else _("All agencies")
        return performance.build_report(
            title=title, organisation_code=organisation.code if organisation else "",
            organisation_ids=ids, today=timezone.localdate(), **_names(ids))

    if not cached:
        return compute()
    return performance.cached_report(
        organisation_code=organisation.code if organisation else "", compute=compute)


# Datasets: public ------------------------------------------------------------------------

def _with_latest(rows: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return (rows.select_related("organisation")
            .prefetch_related(Prefetch("publications",
                                       queryset=Publication.objects.order_by("-published_on"))))


def public_datasets() -> QuerySet[Dataset]:
    """Listed datasets of active organisations with at least one publication."""
    return _with_latest(Dataset.objects.filter(is_listed=True, organisation__is_active=True,
                                               publications__isnull=False).distinct()
                        .order_by("organisation__path", "kind"))


def public_dataset(slug: str) -> Dataset:
    dataset = public_datasets().filter(slug=slug).first()
    if dataset is None:
        raise NotFound(_("No such dataset."))
    return dataset


def latest_publication(dataset: Dataset) -> Publication | None:
    """From the prefetched publications when there are some (newest first)."""
    publications = list(dataset.publications.all())
    return publications[0] if publications else None


def publication_on(dataset: Dataset, day) -> Publication:
    publication = next((one for one in dataset.publications.all()
                        if one.published_on == day), None)
    if publication is None:
        raise NotFound(_("No publication of this dataset on that day."))
    return publication


# Datasets: staff -------------------------------------------------------------------------

def datasets_for(user) -> QuerySet[Dataset]:
    return _with_latest(Dataset.objects.filter(
        organisation_id__in=visible_scope(user).organisation_ids))


def dataset_get_for(user, pk) -> Dataset:
    dataset = datasets_for(user).filter(pk=as_id(pk)).first()
    if dataset is None:
        raise NotFound(_("No such dataset."))
    return dataset


def manageable_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose datasets the user may register, edit and publish."""
    return organisations_where(user, MANAGE).order_by("path")


def datasets_to_publish() -> QuerySet[Dataset]:
    """What the scheduled publication goes through: every listed dataset."""
    return Dataset.objects.filter(is_listed=True, organisation__is_active=True
                                  ).select_related("organisation").order_by("pk")
