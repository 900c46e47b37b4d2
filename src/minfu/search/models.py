"""The search index and the query log. Tables only; the rules are in text.py (pure),
index.py (keeping the index in step), selectors.py (reads) and services.py (the log).

Each `Entry` is one document a source offers. Its `tokens` (text.index_tokens of its titles
and bodies) are matched through a full-text index that the migration adds per database:
an FTS5 table `search_entry_fts` kept by triggers on SQLite, a generated `tsvector` column
`tsv` (the tokens and the ranking tokens) with a GIN index on PostgreSQL
(docs/adr/0011-chinese-search.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual


class Entry(models.Model):
    source = models.CharField(_("source"), max_length=40)
    key = models.CharField(_("key"), max_length=100)
    title_zh = models.TextField(_("title (Chinese)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    # Plain ids, not foreign keys: the index is rebuilt from the sources, never the truth.
    organisation_id = models.IntegerField(_("organisation id"), null=True, blank=True)
    unit_id = models.IntegerField(_("unit id"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=True)
    visible_from = models.DateTimeField(_("public from"), null=True, blank=True)
    permission = models.CharField(_("permission needed by staff"), max_length=60, blank=True)
    number = models.CharField(_("record number"), max_length=40, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recency = models.IntegerField(_("day of publication (days since 1970)"), default=0)
    helpful = models.FloatField(_("helpfulness"), default=0.0)
    title_text = models.TextField(_("normalised titles"), blank=True)
    body_text = models.TextField(_("normalised text"), blank=True)
    tokens = models.TextField(_("index tokens"), blank=True)
    # Marked tokens of where a term can be (text.ranking_tokens): PostgreSQL's tsvector
    # holds them beside the index tokens, so the search ranks a bounded set of candidates.
    ranking_tokens = models.TextField(_("ranking tokens"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="search_entry_unique_key"),
        ]
        indexes = [
            models.Index(fields=["public", "source"], name="search_entry_public"),
            # The ranking's tie order (more helpful, newer, later): the static windows of
            # selectors.bounded_top.
            models.Index(fields=["helpful", "recency", "id"], name="search_entry_static"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.key} {self.title_zh}"

    title = Bilingual()
    body = Bilingual()


class QueryDay(models.Model):
    """One normalised query of the public search on one day: how often it was searched,
    how many results it had, and how often a result was opened. Queries are stored
    without personal data (text.without_personal_data) and without who asked."""

    day = models.DateField(_("day"))
    normalised = models.CharField(_("normalised query"), max_length=200)
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("searches with no result"), default=0)
    results = models.PositiveIntegerField(_("results (last search)"), default=0)
    clicks = models.PositiveIntegerField(_("results opened"), default=0)

    class Meta:
        verbose_name = _("search query of a day")
        verbose_name_plural = _("search queries of a day")
        ordering = ["-day", "-searches"]
        constraints = [
            models.UniqueConstraint(fields=["day", "normalised"], name="search_query_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


class ResultClick(models.Model):
    """Which result of a query was opened, counted per day."""

    day = models.DateField(_("day"))
    normalised = models.CharField(_("normalised query"), max_length=200)
    source = models.CharField(_("source"), max_length=40)
    key = models.CharField(_("key"), max_length=100)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("opened search result")
        verbose_name_plural = _("opened search results")
        constraints = [
            models.UniqueConstraint(fields=["day", "normalised", "source", "key"],
                                    name="search_click_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.normalised} → {self.source}:{self.key}"
