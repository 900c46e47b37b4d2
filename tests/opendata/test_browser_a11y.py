"""axe-core in the system Chromium on the new public pages of open data, in both
languages: a performance page (charts with their tables, withheld cells), the list of
datasets and a dataset's page."""

import pytest

from minfu.opendata import services
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(data):
    dataset = services.dataset_register(actor=None, organisation=data.agency_a,
                                        kind="performance", contact_phone="02-1234-5678",
                                        contact_email="open@example.gov.tw")
    services.dataset_publish(actor=None, dataset=dataset)
    return dataset


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_public_pages_have_no_wcag_violations(live_server, browser_page, published,
                                                  language):
    for name, kwargs in [("opendata:performance-detail", {"code": "AGA"}),
                         ("opendata:performance", {}), ("opendata:list", {}),
                         ("opendata:detail", {"slug": published.slug})]:
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))
