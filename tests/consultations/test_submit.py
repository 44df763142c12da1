import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditRecord
from gongkai.consultations.intake import QuestionData
from gongkai.consultations.models import Question
from gongkai.consultations.selectors import questions_unanswered
from gongkai.consultations.services import question_submit
from gongkai.rules.consultation import hard_limit

D = dt.date.fromisoformat


def test_submit_stores_the_target_and_the_hard_limit(ask):
    question = ask(today=D("2025-09-26"))
    assert question.respond_by == D("2025-10-10")  # 5 working days across 国庆 2025
    assert question.hard_limit_on == D("2025-12-26") == hard_limit(question.received_on)
    assert question.tracking_code.startswith("Q") and len(question.tracking_code) == 12
    record = AuditRecord.objects.get(action="question.receive", object_id=str(question.pk))
    assert "王小明" not in str(record.summary) and "13912345678" not in str(record.summary)


def test_same_token_twice_creates_one_question(agency):
    data = {"subject": "咨询", "body": "请问周末是否办公？"}
    first, created = question_submit(
        agency=agency, data=QuestionData(**data), idempotency_key="t" * 32, today=D("2025-11-24")
    )
    again, created_again = question_submit(
        agency=agency, data=QuestionData(**data), idempotency_key="t" * 32, today=D("2025-11-24")
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and Question.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"subject": "", "body": "请问周末是否办公？"}, "subject"),
        ({"subject": "咨询", "body": "\x00\x01 "}, "body"),
        ({"subject": "咨询", "body": "长" * 3001}, "body"),
        ({"subject": "咨询", "body": "请问周末是否办公？", "phone": "call me"}, "phone"),
        ({"subject": "咨询", "body": "请问周末是否办公？", "email": "no-at-sign"}, "email"),
    ],
)
def test_bad_input_is_refused_by_field(agency, fields, field):
    with pytest.raises(ValidationError) as caught:
        question_submit(
            agency=agency, data=QuestionData(**fields), idempotency_key="x", today=D("2025-11-24")
        )
    assert field in caught.value.message_dict
    assert not Question.objects.exists()


def test_text_is_cleaned_of_control_characters(ask):
    question = ask(subject="咨询\u200b\x07 事项", body="第一行\r\n\r\n\r\n\r\n第二行\x1b")
    assert question.subject == "咨询 事项"
    assert question.body == "第一行\n\n第二行"


def test_unanswered_selector_is_as_of_a_date(ask, agency):
    old = ask(today=D("2025-01-15"))
    ask(today=D("2025-06-01"))
    rows = questions_unanswered(agency, as_of=D("2025-04-20"))
    assert [row.tracking_code for row in rows] == [old.tracking_code]
    row = rows.get()
    assert (row.received_on, row.respond_by, row.hard_limit_on) == (
        D("2025-01-15"),
        D("2025-01-22"),
        D("2025-04-15"),
    )
    assert row.is_past_hard_limit(D("2025-04-20"))
    assert questions_unanswered(agency, as_of=D("2025-01-14")).count() == 0
