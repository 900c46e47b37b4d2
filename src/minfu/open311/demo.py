"""Demo data of the Open311 server; `manage.py load_demo` calls `load()`, which is safe to
run again.

Every active petition category of Taipei Customs (TPC) and the National Taxation Bureau
of Taipei (NTBT) is opened to Open311 clients (realtime), and TPC's copies of customs
declarations (DECL-COPY, applied for online) as a batch service; one client key for TPC,
whose value is published in docs/demo.md and docs/open311.md (DEMO_KEY)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model

from minfu.catalog.models import ServiceType
from minfu.open311 import services
from minfu.open311.models import ApiKey, Open311Service, RequestType, ServiceKind
from minfu.open311.selectors import key_hash
from minfu.org.models import Organisation
from minfu.voice.models import Category

logger = logging.getLogger(__name__)

DEMO_KEY = "m311_demo-TPC-Minfu-2026"
ADMINS = {"TPC": "tpc-admin", "NTBT": "ntbt-admin"}
APPLICATIONS = {"TPC": [("decl-copy", "DECL-COPY")]}


def _admin(code: str):
    return get_user_model().objects.filter(username=ADMINS[code]).first()


def _open_categories(organisation: Organisation, actor) -> None:
    for category in Category.objects.filter(organisation=organisation, active=True):
        if Open311Service.objects.filter(organisation=organisation, code=category.code).exists():
            continue
        services.open311_service_save(actor=actor, service=Open311Service(
            organisation=organisation, code=category.code, kind=ServiceKind.PETITION,
            petition_category=category, type=RequestType.REALTIME, group_zh="陳情",
            group_en="Petitions", keywords="陳情, petition",
            description_zh=f"向{organisation.name_zh}反映：{category.name_zh}",
            description_en=f"Write to {organisation.name_en or organisation.name_zh}: "
                           f"{category.name_en or category.name_zh}"))


def _open_applications(organisation: Organisation, actor) -> None:
    for code, service_code in APPLICATIONS.get(organisation.code, []):
        service_type = ServiceType.objects.filter(organisation=organisation,
                                                  code=service_code).first()
        if service_type is None or Open311Service.objects.filter(
                organisation=organisation, code=code).exists():
            continue
        services.open311_service_save(actor=actor, service=Open311Service(
            organisation=organisation, code=code, kind=ServiceKind.APPLICATION,
            service_type=service_type, type=RequestType.BATCH, group_zh="申辦",
            group_en="Applications", keywords="報單, declaration"))


def load() -> None:
    for code in ADMINS:
        organisation = Organisation.objects.filter(code=code).first()
        actor = _admin(code)
        if organisation is None or actor is None:
            logger.info("open311 demo: %s or its administrator is missing; skipped", code)
            continue
        _open_categories(organisation, actor)
        _open_applications(organisation, actor)
        if code == "TPC" and not ApiKey.objects.filter(key_hash=key_hash(DEMO_KEY)).exists():
            services.api_key_issue(actor=actor, organisation=organisation,
                                   name="示範市民通報 App", contact="demo@example.org",
                                   rate_per_hour=600, plaintext=DEMO_KEY)
