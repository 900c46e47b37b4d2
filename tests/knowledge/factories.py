"""Knowledge-base test data, built through the services like real data."""

from minfu.knowledge import services
from minfu.knowledge.models import Article, ArticleKind
from minfu.org.models import Role, Unit
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user


def agency_unit(code: str = "", unit_code: str = "SVC") -> Unit:
    organisation = OrganisationFactory(code=code) if code else OrganisationFactory()
    return UnitFactory(organisation=organisation, code=unit_code)


def author(unit: Unit):
    return staff_user(unit, Role.OFFICER)


def reviewer(unit: Unit):
    return staff_user(unit, Role.SUPERVISOR)


def draft(home: Unit, *, by=None, **overrides) -> Article:
    values = {"organisation": home.organisation, "kind": ArticleKind.FAQ,
              "title_zh": "護照遺失如何補發？", "body_zh": "請攜帶**身分證**至櫃檯申請。",
              "title_en": "How do I replace a lost passport?",
              "body_en": "Bring your **ID card** to the counter."}
    values.update(overrides)
    return services.article_create(actor=by or author(home), **values)


def submitted(home: Unit, *, by=None, **overrides) -> Article:
    article = draft(home, by=by, **overrides)
    return services.article_submit(actor=article.author, article=article,
                                   expected_version=article.version)


def published(home: Unit, *, by=None, reviewed_by=None, **overrides) -> Article:
    article = submitted(home, by=by, **overrides)
    return services.article_approve(actor=reviewed_by or reviewer(home), article=article,
                                    expected_version=article.version)
