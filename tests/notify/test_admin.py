from django.contrib.admin.sites import site
from django.test import RequestFactory

from minfu.notify.models import MessageTemplate, OutboxMessage
from tests.notify.helpers import queue, template


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_admin_lists_only_the_users_organisations(world):
    mine = queue(world.tpc, dedupe_key="mine")
    queue(world.ntbt, dedupe_key="theirs")
    other = template(organisation=world.ntbt, body_zh="他機關")
    request = _request(world.tpc_admin)
    assert list(site._registry[OutboxMessage].get_queryset(request)) == [mine]
    templates = site._registry[MessageTemplate].get_queryset(request)
    assert world.default_template in templates and other not in templates


def test_only_superusers_change_default_templates(world, admin_user):
    template_admin = site._registry[MessageTemplate]
    assert not template_admin.has_change_permission(_request(world.tpc_officer),
                                                    world.default_template)
    assert template_admin.has_change_permission(_request(admin_user), world.default_template)
