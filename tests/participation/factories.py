"""Consultations, polls and verified participants for tests."""

from datetime import timedelta

from django.utils import timezone

from minfu.participation.models import Consultation, Moderation, Participant, Poll, Section
from minfu.participation.verification import address_parse
from tests.org.factories import OrganisationFactory


def participant(address: str = "lin@example.org") -> Participant:
    parsed = address_parse(address)
    found, _created = Participant.objects.get_or_create(
        address_hash=parsed.hash,
        defaults={"kind": parsed.kind, "address": parsed.normal, "masked": parsed.masked})
    return found


def consultation(*, organisation=None, moderation=Moderation.AFTER, days_open=14,
                 sections=("第一章 目標", "第二章 作法"), **fields) -> Consultation:
    now = timezone.now()
    made = Consultation.objects.create(
        organisation=organisation or OrganisationFactory(), title="服務躍升計畫草案",
        summary="草案說明", opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=days_open), moderation=moderation, published=True,
        **fields)
    for position, heading in enumerate(sections, start=1):
        Section.objects.create(consultation=made, position=position, heading=heading,
                               question="您的意見？")
    return made


def poll(*, organisation=None, multiple=False, options=("甲", "乙", "丙"), hidden=True,
         **fields) -> Poll:
    now = timezone.now()
    made = Poll.objects.create(
        organisation=organisation or OrganisationFactory(), title="服務時間調查",
        question="您希望延長哪一天的服務時間？", multiple=multiple,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7),
        results_hidden_until_close=hidden, published=True, **fields)
    for position, text in enumerate(options, start=1):
        made.options.create(position=position, text=text)
    return made
