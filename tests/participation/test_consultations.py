from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.org.models import Role
from minfu.participation import selectors, services
from minfu.participation.models import CommentState, Moderation
from minfu.participation.report import report_odt, report_parts, report_pdf
from minfu.records.workflow import StepRefused
from tests.org.factories import UnitFactory, staff_user

from . import factories

pytestmark = pytest.mark.django_db


def moderator(consultation, role=Role.OFFICER):
    return staff_user(UnitFactory(organisation=consultation.organisation), role)


def test_comment_is_a_numbered_record_with_history():
    item = factories.consultation()
    comment, code = services.comment_submit(consultation=item,
                                            participant=factories.participant(), body="很好")
    assert comment.number.startswith(f"{item.organisation.code}-C") and len(code) == 10
    assert comment.state == CommentState.PUBLISHED  # moderated after publication
    assert [event.action for event in comment.events.all()] == ["comment.submitted"]


def test_pre_moderation_holds_comments_until_published():
    item = factories.consultation(moderation=Moderation.BEFORE)
    comment, _code = services.comment_submit(consultation=item,
                                              participant=factories.participant(), body="意見")
    assert comment.state == CommentState.PENDING
    assert selectors.public_thread(item) == []
    services.comment_publish(comment=comment, actor=moderator(item),
                             expected_version=comment.version)
    assert [c.pk for c in selectors.public_thread(item)] == [comment.pk]


def test_double_submit_makes_one_comment():
    item = factories.consultation()
    person = factories.participant()
    first, code = services.comment_submit(consultation=item, participant=person,
                                          body="一則意見", idempotency_key="k1")
    again, no_code = services.comment_submit(consultation=item, participant=person,
                                             body="一則意見", idempotency_key="k1")
    assert first == again and code and no_code is None
    assert item.comments.count() == 1


def test_hidden_comment_shows_only_its_reason_and_the_reports_are_handled():
    item = factories.consultation()
    comment, _code = services.comment_submit(consultation=item,
                                             participant=factories.participant(), body="髒話")
    report = services.comment_report(comment=comment, reason="abuse")
    services.comment_hide(comment=comment, actor=moderator(item), reason="abuse",
                          note="違反留言規範", expected_version=comment.version)
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.state == CommentState.HIDDEN and comment.hidden_note == "違反留言規範"
    assert report.handled_at is not None
    [shown] = selectors.public_thread(item)
    assert shown.state == CommentState.HIDDEN


def test_hiding_needs_a_reason_and_a_moderator_of_the_agency():
    item = factories.consultation()
    comment, _code = services.comment_submit(consultation=item,
                                             participant=factories.participant(), body="x!")
    with pytest.raises(ValidationFailed):
        services.comment_hide(comment=comment, actor=moderator(item), reason="",
                              expected_version=comment.version)
    stranger = staff_user(role=Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, actor=stranger, reason="abuse",
                              expected_version=comment.version)


def test_a_stale_version_is_refused():
    item = factories.consultation()
    comment, _code = services.comment_submit(consultation=item,
                                             participant=factories.participant(), body="意見")
    services.comment_hide(comment=comment, actor=moderator(item), reason="abuse",
                          expected_version=1)
    with pytest.raises(Conflict):
        services.comment_answer(comment=comment, actor=moderator(item), answer="謝謝",
                                verdict="noted", expected_version=1)


def test_only_the_author_withdraws_and_withdrawn_is_final():
    item = factories.consultation()
    author = factories.participant()
    comment, _code = services.comment_submit(consultation=item, participant=author, body="意見")
    with pytest.raises(PermissionDenied):
        services.comment_withdraw(comment=comment,
                                  participant=factories.participant("other@example.org"))
    services.comment_withdraw(comment=comment, participant=author)
    assert selectors.public_thread(item) == []
    with pytest.raises(StepRefused):
        services.comment_publish(comment=comment, actor=moderator(item),
                                 expected_version=comment.version)


def test_comments_only_while_open():
    item = factories.consultation(days_open=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)), pytest.raises(Conflict):
        services.comment_submit(consultation=item, participant=factories.participant(),
                                body="太晚了")


def test_replies_take_the_section_of_their_comment():
    item = factories.consultation()
    section = item.sections.first()
    parent, _code = services.comment_submit(consultation=item,
                                            participant=factories.participant(),
                                            body="章節意見", section_id=section.pk)
    reply, _code = services.comment_submit(
        consultation=item, participant=factories.participant("b@example.org"), body="同意",
        parent_id=parent.pk)
    assert reply.section == section
    [top] = selectors.public_thread(item)
    assert top.shown_replies == [reply]


def test_report_needs_closing_and_every_response_then_renders_pdf_and_odt():
    item = factories.consultation()
    section = item.sections.first()
    comment, _code = services.comment_submit(consultation=item,
                                             participant=factories.participant(),
                                             body="建議延長服務時間", section_id=section.pk)
    manager = moderator(item, Role.QUALITY_COORDINATOR)
    with pytest.raises(Conflict):
        services.consultation_report_publish(consultation=item, actor=manager,
                                             expected_version=item.version)
    services.consultation_close(consultation=item, actor=manager,
                                expected_version=item.version)
    with pytest.raises(Conflict) as error:
        services.consultation_report_publish(consultation=item, actor=manager,
                                             expected_version=item.version)
    assert error.value.code == "unanswered"
    services.comment_answer(comment=comment, actor=manager, answer="將於明年試辦",
                            verdict="adopted", expected_version=comment.version)
    services.consultation_report_publish(consultation=item, actor=manager,
                                         expected_version=item.version)
    assert item.report_published_at is not None
    assert report_pdf(item).startswith(b"%PDF")
    assert report_odt(item)[:2] == b"PK"
    facts = dict(report_parts(item)[0].facts)
    assert list(facts.values())[2:] == ["1", "已採納 1"]  # comments, then how answered
    assert any(row[0] == comment.number and row[3] == "將於明年試辦"
               for part in report_parts(item) for row in part.table[1:])


def test_officers_may_not_close():
    item = factories.consultation()
    with pytest.raises(PermissionDenied):
        services.consultation_close(consultation=item, actor=moderator(item),
                                    expected_version=item.version)
