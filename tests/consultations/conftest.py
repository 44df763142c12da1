import datetime as dt
import uuid

import pytest

ASKER = {"asker_name": "王小明", "phone": "13912345678", "email": "wxm@example.cn"}


@pytest.fixture
def ask(agency):
    """ask(today=..., **fields) -> a question submitted through question_submit."""
    from gongkai.consultations.intake import QuestionData
    from gongkai.consultations.services import question_submit

    def submit(today=dt.date(2025, 11, 24), target=agency, **fields):
        values = {"subject": "办事指南咨询", "body": "请问办理某项业务需要哪些材料？", **ASKER}
        values.update(fields)
        key = uuid.uuid4().hex
        data = QuestionData(**values)
        return question_submit(agency=target, data=data, idempotency_key=key, today=today)[0]

    return submit


@pytest.fixture
def other_agency(db):
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    return agency_create(
        actor=SYSTEM,
        name="测试市另一局",
        slug="other-bureau",
        uscc=demo_uscc("11", 898),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )
