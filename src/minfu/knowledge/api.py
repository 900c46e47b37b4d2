"""REST API of the knowledge base, under /api/v1/knowledge/.

- `knowledge/articles`: public, no sign-in: live articles (not the call centre's internal
  answers) as their current published version, with the text as Markdown and as safe
  HTML; filters `organisation` (code), `kind`, `service` (service type id);
- `knowledge/staff-articles`: staff, scoped like the pages (another agency's article is
  404): the working copies; `POST` creates a draft, `PUT` changes a draft (give
  `expected_version`), and one `POST .../<id>/<step>/` per step of the life cycle
  (submit, return with `note`, approve, revise, archive, restore), each with
  `expected_version`;
- `knowledge/calls`: the call-centre log; `POST` logs a call (repeat the
  `Idempotency-Key` header on a retry).
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.core.api import (
    IDEMPOTENCY_PARAMETER,
    created_or_repeated,
    idempotency_key,
    read_input,
)
from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.ids import as_id
from minfu.knowledge import markup, selectors, services
from minfu.knowledge.models import ArticleKind, CallOutcome

# Output ---------------------------------------------------------------------------------


class PublicArticleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    kind = serializers.CharField(help_text="faq, common_error, how_to or announcement.")
    version = serializers.IntegerField(source="current_version.number",
                                       help_text="The published version's number.")
    title_zh = serializers.CharField(source="current_version.title_zh")
    title_en = serializers.CharField(source="current_version.title_en")
    body_zh = serializers.CharField(source="current_version.body_zh",
                                    help_text="Markdown.")
    body_en = serializers.CharField(source="current_version.body_en")
    html_zh = serializers.SerializerMethodField(help_text="The text as sanitised HTML.")
    html_en = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="current_version.published_at")
    url = serializers.SerializerMethodField(help_text="The article's public page (Chinese).")

    def get_html_zh(self, article) -> str:
        return str(markup.render(article.current_version.body_zh))

    def get_html_en(self, article) -> str:
        return str(markup.render(article.current_version.body_en))

    def get_url(self, article) -> str:
        return services.public_path(article)


class StaffArticleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    kind = serializers.CharField()
    state = serializers.CharField(help_text="draft, in_review, scheduled, published or "
                                            "archived.")
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    body_zh = serializers.CharField()
    body_en = serializers.CharField()
    service_types = serializers.SerializerMethodField(help_text="Service type ids.")
    categories = serializers.SerializerMethodField(help_text="Petition category ids.")
    related = serializers.SerializerMethodField(help_text="Related article ids.")
    review_by = serializers.DateField(allow_null=True)
    publish_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()
    published_version = serializers.IntegerField(source="current_version.number",
                                                 allow_null=True, default=None)
    version = serializers.IntegerField(help_text="Give it as `expected_version`.")

    def get_service_types(self, article) -> list[int]:
        return [service.pk for service in article.service_types.all()]

    def get_categories(self, article) -> list[int]:
        return [category.pk for category in article.categories.all()]

    def get_related(self, article) -> list[int]:
        return [other.pk for other in article.related.all()]


class CallOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    question = serializers.CharField()
    outcome = serializers.CharField()
    article = serializers.IntegerField(source="article_id", allow_null=True)
    petition = serializers.CharField(source="petition.number", allow_null=True, default=None,
                                     help_text="The petition's number when registered as one.")
    taken_at = serializers.DateTimeField()


# Input ----------------------------------------------------------------------------------

class ArticleInput(serializers.Serializer):
    organisation = serializers.CharField(required=False, help_text="Code (on create).")
    unit = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Unit code; empty: the whole organisation.")
    kind = serializers.ChoiceField(choices=ArticleKind.values)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")
    body_zh = serializers.CharField(max_length=100_000)
    body_en = serializers.CharField(max_length=100_000, required=False, allow_blank=True,
                                    default="")
    service_types = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                          required=False, default=list, max_length=100)
    categories = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                       required=False, default=list, max_length=100)
    related = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                    required=False, default=list, max_length=100)
    review_by = serializers.DateField(required=False, allow_null=True, default=None)
    publish_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    expected_version = serializers.IntegerField(required=False, allow_null=True,
                                                help_text="Required on change.")


class StepInput(serializers.Serializer):
    expected_version = serializers.IntegerField(help_text="The article's `version` you read.")


class ReturnInput(StepInput):
    note = serializers.CharField(max_length=5000, help_text="What should change.")


class CallInput(serializers.Serializer):
    organisation = serializers.CharField(help_text="Code of the agency.")
    question = serializers.CharField(max_length=300)
    outcome = serializers.ChoiceField(choices=CallOutcome.values)
    article = serializers.IntegerField(required=False, allow_null=True, default=None,
                                       min_value=1)
    category = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        min_value=1)
    details = serializers.CharField(required=False, allow_blank=True, default="",
                                    max_length=5000)


# Views ----------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(auth=[], parameters=[
        OpenApiParameter("organisation", str, description="Organisation code."),
        OpenApiParameter("kind", str, description="faq, common_error, how_to or announcement."),
        OpenApiParameter("service", int, description="Service type id.")]),
    retrieve=extend_schema(auth=[]))
class PublicArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles of every agency (internal answers excluded)."""

    permission_classes = [AllowAny]
    serializer_class = PublicArticleOutput

    def get_queryset(self):
        params = self.request.query_params
        articles = selectors.public_articles().order_by("pk")
        if params.get("organisation"):
            articles = articles.filter(organisation__code=params["organisation"][:40])
        if params.get("kind"):
            articles = articles.filter(kind=params["kind"][:20])
        if params.get("service"):
            articles = articles.filter(service_types=as_id(params["service"]))
        return articles

    def get_object(self):
        return selectors.public_article(self.kwargs["pk"])


def _organisation(request, code: str):
    organisation = selectors.editable_organisations(request.user).filter(code=code).first()
    if organisation is None:
        raise NotFound(_("No such organisation."))
    return organisation


def _content(organisation, data: dict) -> dict:
    unit = None
    if data["unit"]:
        unit = selectors.units_of_organisation(organisation).filter(code=data["unit"]).first()
        if unit is None:
            raise ValidationFailed(details={"unit": [str(_("No such unit."))]})
    return {
        "kind": data["kind"], "title_zh": data["title_zh"], "title_en": data["title_en"],
        "body_zh": data["body_zh"], "body_en": data["body_en"], "unit": unit,
        "service_types": _all(selectors.service_types_of(organisation), data["service_types"],
                              "service_types"),
        "categories": _all(selectors.categories_of(organisation), data["categories"],
                           "categories"),
        "related": _all(selectors.related_choices(organisation), data["related"], "related"),
        "review_by": data["review_by"], "publish_at": data["publish_at"]}


def _all(choices, ids: list[int], field: str) -> list:
    found = list(choices.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(details={field: [str(_("Choose among the organisation's own."))]})
    return found


def _stepper(name: str, service, input_class=StepInput, **extra):
    def step(self, request, pk=None):
        data = read_input(input_class, request)
        arguments = {name: data[name] for name in extra}
        article = service(actor=request.user, article=self.get_object(),
                          expected_version=data["expected_version"], **arguments)
        return Response(StaffArticleOutput(selectors.article_get_for(request.user,
                                                                      article.pk)).data)
    step.__name__ = name
    step.__doc__ = (service.__doc__ or "").split("\n\n")[0] or f"The step {name}."
    return step


class StaffArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """The articles of the organisations the user sees, what needs someone first."""

    serializer_class = StaffArticleOutput

    @property
    def permission_classes(self):
        from minfu.org.api_permissions import IsStaffMember

        return [IsStaffMember]

    def get_queryset(self):
        return selectors.staff_list(self.request.user, selectors.ArticleFilter()) \
            .prefetch_related("service_types", "categories", "related")

    def get_object(self):
        return selectors.article_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ArticleInput, responses={201: StaffArticleOutput})
    def create(self, request):
        """A new draft."""
        data = read_input(ArticleInput, request)
        organisation = _organisation(request, data.get("organisation", ""))
        article = services.article_create(actor=request.user, organisation=organisation,
                                          **_content(organisation, data))
        return created_or_repeated(StaffArticleOutput(article).data, created=True)

    @extend_schema(request=ArticleInput, responses={200: StaffArticleOutput})
    def update(self, request, pk=None):
        """Change a draft (409 otherwise: start a revision first)."""
        article = self.get_object()
        data = read_input(ArticleInput, request)
        article = services.article_update(actor=request.user, article=article,
                                          expected_version=data.get("expected_version"),
                                          **_content(article.organisation, data))
        return Response(StaffArticleOutput(article).data)

    _step_schema = extend_schema(request=StepInput, responses={200: StaffArticleOutput})
    submit = _step_schema(action(detail=True, methods=["post"])(
        _stepper("submit", services.article_submit)))
    approve = _step_schema(action(detail=True, methods=["post"])(
        _stepper("approve", services.article_approve)))
    revise = _step_schema(action(detail=True, methods=["post"])(
        _stepper("revise", services.article_revise)))
    archive = _step_schema(action(detail=True, methods=["post"])(
        _stepper("archive", services.article_archive)))
    restore = _step_schema(action(detail=True, methods=["post"])(
        _stepper("restore", services.article_restore)))
    return_ = extend_schema(request=ReturnInput, responses={200: StaffArticleOutput})(
        action(detail=True, methods=["post"], url_path="return", url_name="return")(
            _stepper("return_", services.article_return, ReturnInput, note=True)))


class CallViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Hotline calls of the organisations the user sees, the latest first."""

    serializer_class = CallOutput

    @property
    def permission_classes(self):
        from minfu.org.api_permissions import IsStaffMember

        return [IsStaffMember]

    def get_queryset(self):
        return selectors.calls_for(self.request.user, limit=None)

    @extend_schema(request=CallInput, responses={200: CallOutput, 201: CallOutput},
                   parameters=[IDEMPOTENCY_PARAMETER])
    def create(self, request):
        """Log a call: answered with an article, answered without one, or escalated (a
        petition of the hotline channel is registered)."""
        data = read_input(CallInput, request)
        organisation = selectors.console_organisations(request.user).filter(
            code=data["organisation"]).first()
        if organisation is None:
            raise NotFound(_("No such organisation."))
        article = None
        if data["article"]:
            article = selectors.live_articles_of(organisation).filter(pk=data["article"]).first()
            if article is None:
                raise ValidationFailed(details={"article": [str(_("No such article."))]})
        category = None
        if data["category"]:
            category = selectors.categories_of(organisation).filter(pk=data["category"]).first()
            if category is None:
                raise ValidationFailed(details={"category": [str(_("No such category."))]})
        key = idempotency_key(request, caller=f"knowledge-call:{request.user.pk}")
        existed = bool(key) and selectors.call_with_key(key) is not None
        call = services.call_log(actor=request.user, organisation=organisation,
                                 question=data["question"], outcome=data["outcome"],
                                 article=article, category=category, details=data["details"],
                                 idempotency_key=key)
        return created_or_repeated(CallOutput(call).data, created=not existed)


routes: list = [
    ("articles", PublicArticleViewSet, "knowledge-article"),
    ("staff-articles", StaffArticleViewSet, "knowledge-staff-article"),
    ("calls", CallViewSet, "knowledge-call"),
]
