import datetime as dt

import pytest

from gongkai.rules import consultation
from gongkai.rules.calendar import default_calendar

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("received", "workdays", "expected"),
    [
        ("2025-11-24", 5, "2025-12-01"),  # Mon → next Mon: the weekend does not count
        ("2025-11-28", 1, "2025-12-01"),  # Fri → Mon
        # 国庆节、中秋节 2025 (国办发明电〔2024〕12号): 9月28日（周日）上班, 10月1日至8日放假,
        # 10月11日（周六）上班
        ("2025-09-26", 1, "2025-09-28"),  # the working Sunday counts
        ("2025-09-26", 5, "2025-10-10"),
        ("2025-09-26", 6, "2025-10-11"),  # the working Saturday counts
        ("2025-09-30", 3, "2025-10-11"),
        ("2025-09-30", 5, "2025-10-14"),
        # 春节 2026 (国办发明电〔2025〕7号): 2月15日至23日放假, 2月14日、28日（周六）上班
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-13", 5, "2026-02-27"),
    ],
)
def test_respond_by_counts_working_days_with_adjusted_weekends(received, workdays, expected):
    assert consultation.respond_by(D(received), workdays, default_calendar()) == D(expected)


@pytest.mark.parametrize("workdays", [0, -1, consultation.MAX_RESPOND_WORKDAYS + 1])
def test_respond_by_refuses_a_target_out_of_range(workdays):
    with pytest.raises(ValueError, match="working days"):
        consultation.respond_by(D("2025-11-24"), workdays, default_calendar())


@pytest.mark.parametrize(
    ("received", "limit"),
    [
        ("2025-01-15", "2025-04-15"),  # same day number three months on
        ("2025-11-30", "2026-02-28"),  # February is shorter: its last day
        ("2023-11-30", "2024-02-29"),  # leap year
        ("2025-10-31", "2026-01-31"),  # across the year end
        ("2025-12-31", "2026-03-31"),
    ],
)
def test_hard_limit_is_three_calendar_months(received, limit):
    assert consultation.hard_limit(D(received)) == D(limit)


@pytest.mark.parametrize(
    ("received", "answered", "as_of", "past"),
    [
        ("2025-01-15", None, "2025-04-15", False),  # the last day is still within
        ("2025-01-15", None, "2025-04-16", True),  # 100 days
        ("2025-01-15", "2025-04-15", "2025-06-01", False),
        ("2025-01-15", "2025-04-16", "2025-06-01", True),  # answered, but late
        ("2025-01-15", "2025-05-20", "2025-04-20", True),  # not yet answered on as_of
        ("2025-01-15", "2025-05-20", "2025-04-10", False),
    ],
)
def test_is_past_hard_limit(received, answered, as_of, past):
    answered_on = D(answered) if answered else None
    assert consultation.is_past_hard_limit(D(received), answered_on, as_of=D(as_of)) is past


def test_inspection_window_is_the_year_before():
    assert consultation.inspection_window_start(D("2026-06-30")) == D("2025-06-30")


@pytest.mark.parametrize(
    ("text", "known", "allow", "published"),
    [
        ("身份证11010519491231002X怎么补办", (), (), "身份证110105********002X怎么补办"),
        ("请回电13912345678", (), (), "请回电139****5678"),
        ("我叫王小明，想问…", ("王小明",), (), "我叫王**，想问…"),
        ("邮箱 wxm@example.cn", ("wxm@example.cn",), (), "邮箱 w**@example.cn"),
        ("贵单位电话0412-5551234对吗", (), ("0412-5551234",), "贵单位电话0412-5551234对吗"),
        ("没有个人信息", ("",), (), "没有个人信息"),
    ],
)
def test_public_text_masks_personal_data(text, known, allow, published):
    assert consultation.public_text(text, known=known, allow=allow) == published
