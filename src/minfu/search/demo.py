"""Demo data of the search: the index written from every source (after the other apps'
demo data), and a week of public queries, some of which found nothing, for the editors'
list of unanswered questions. Idempotent."""

import datetime as dt

from django.utils import timezone

from minfu.search import index, text
from minfu.search.models import QueryDay

# (days ago, query as typed, searches, results, clicks)
QUERIES = [
    (1, "護照", 12, 3, 7),
    (1, "报关", 5, 2, 3),
    (2, "外送平台 稅", 4, 0, 0),
    (2, "房屋稅 繳納 期限", 3, 0, 0),
    (3, "退稅 多久", 6, 4, 0),
    (4, "EZWAY 報關", 3, 1, 2),
    (5, "牌照稅 身障 免稅", 2, 0, 0),
]


def load() -> None:
    index.rebuild()
    today = timezone.localdate()
    for days_ago, typed, searches, results, clicks in QUERIES:
        QueryDay.objects.update_or_create(
            day=today - dt.timedelta(days=days_ago), normalised=text.parse(typed).normalised,
            defaults={"query": typed, "searches": searches, "results": results,
                      "zero_result_searches": searches if results == 0 else 0,
                      "clicks": clicks})
