"""The statutory clock of an application (条例 Arts. 30–35), counted by hand.

Each expected date was counted day by day from the holiday notice named in
the row's comment: the receipt day is not counted, 调休 weekends are counted,
days off are not.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.rules.calendar import NATURAL_DAYS, OfficialSchedule, WorkCalendar, default_calendar
from gongkai.rules.clock import (
    ART_30,
    ART_33_2,
    START_DAY_BASIS,
    Channel,
    ClockError,
    ClockRules,
    ConsultationAnswered,
    ConsultationSent,
    ConsultedParty,
    CorrectionReceived,
    CorrectionRequested,
    ExtensionApproved,
    ReasonablePeriodSet,
    Received,
    Replied,
    Status,
    Withdrawn,
    compute_clock,
    deadline_change,
    period_end,
    period_origin,
    receipt_date,
)

D = dt.date.fromisoformat
CAL = default_calendar()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 国办发明电〔2018〕15号: 9/27 is day 1, 9/29（星期日）2, 9/30 3, 10/1–7 off,
        # 10/8–11 4–7, 10/12（星期六）8, 10/14–18 9–13, 10/21–25 14–18, 10/28 19, 10/29 20.
        ("2019-09-26", "2019-10-29"),
        # 国办发明电〔2018〕15号: 12/21–28 1–6, 12/29（星期六）7, 12/30–1/1 off, 1/2–4 8–10,
        # 1/7–11 11–15, 1/14–18 16–20.
        ("2018-12-20", "2019-01-18"),
        # 国办发明电〔2019〕3号 (劳动节 5月1日至4日): 4/23–26 1–4, 4/28（星期日）5,
        # 4/29–30 6–7, 5/5（星期日）8, 5/6–10 9–13, 5/13–17 14–18, 5/20 19, 5/21 20.
        ("2019-04-22", "2019-05-21"),
        # 国办发明电〔2020〕1号 (春节 extended to 2月2日, so 2月1日 is no longer worked):
        # 1/19（星期日）1, 1/20–23 2–5, 1/24–2/2 off, 2/3–7 6–10, 2/10–14 11–15, 2/17–21 16–20.
        ("2020-01-17", "2020-02-21"),
        # 国办发明电〔2022〕16号: 9/21–22 1–2, 9/25–28 3–6, 9/29–10/6 off, 10/7（星期六）7,
        # 10/8（星期日）8, 10/9–13 9–13, 10/16–20 14–18, 10/23 19, 10/24 20.
        ("2023-09-20", "2023-10-24"),
        # 国办发明电〔2024〕12号: 1/21–24 1–4, 1/26（周日）5, 1/27 6, 1/28–2/4 off, 2/5–7 7–9,
        # 2/8（周六）10, 2/10–14 11–15, 2/17–21 16–20.
        ("2025-01-20", "2025-02-21"),
        # 国办发明电〔2025〕7号: 2/9–13 1–5, 2/14（周六）6, 2/15–23 off, 2/24–27 7–10,
        # 2/28（周六）11, 3/2–6 12–16, 3/9–12 17–20.
        ("2026-02-06", "2026-03-12"),
        # 国办发明电〔2025〕7号: no holiday in November 2026; 11/3–6 1–4, … 11/30 20.
        ("2026-11-02", "2026-11-30"),
    ],
)
def test_twenty_working_days_around_holidays(received, due):
    clock = compute_clock([Received(D(received))])
    assert clock.due == D(due)
    assert clock.provisional is False


def test_the_2019_national_day_explanation():
    clock = compute_clock([Received(D("2019-09-26"))])
    assert [(s.date.isoformat(), s.basis.zh) for s in clock.steps] == [
        ("2019-09-26", "《政府信息公开条例》第三十一条第（一）项"),
        ("2019-09-27", START_DAY_BASIS.zh),
        ("2019-09-29", "《国务院办公厅关于2019年部分节假日安排的通知》（国办发明电〔2018〕15号）"),
        ("2019-10-01", "《国务院办公厅关于2019年部分节假日安排的通知》（国办发明电〔2018〕15号）"),
        ("2019-10-12", "《国务院办公厅关于2019年部分节假日安排的通知》（国办发明电〔2018〕15号）"),
        ("2019-10-29", "《政府信息公开条例》第三十三条第二款"),
    ]
    assert clock.steps[2].event.zh == "星期日为国庆节调休上班日，计为工作日"
    assert "2019-10-01 — 2019-10-07" in clock.steps[3].event.zh
    assert clock.steps[-1].event.en == "answer due: working day 20"
    assert clock.steps[0].as_dict("en") == {
        "date": "2019-09-26",
        "event": "application received (handed in)",
        "basis": "OGI Regulations Art. 31(1)",
    }


def test_the_start_day_rule_is_configurable():
    # Counting 9/26 itself as day 1 moves every day of the count back by one.
    rules = ClockRules(start_day_counted=True)
    assert compute_clock([Received(D("2019-09-26"))], rules=rules).due == D("2019-10-28")
    assert period_origin(D("2019-09-26")) == D("2019-09-26")
    assert period_origin(D("2019-09-26"), start_day_counted=True) == D("2019-09-25")


def test_period_end_serves_other_clocks():
    # Art. 26 (主动公开 within 20 working days) uses the same count as Art. 33.
    assert period_end(D("2019-09-26"), 20) == D("2019-10-29")
    # A period in 日 (e.g. a trading notice) counts every day: 9/27 is day 1.
    assert period_end(D("2019-09-26"), 20, calendar=NATURAL_DAYS) == D("2019-10-16")


@pytest.mark.parametrize(
    ("channel", "dates", "expected", "late"),
    [
        (Channel.IN_PERSON, {"arrived": "2019-09-26"}, "2019-09-26", False),  # Art. 31(1)
        (Channel.MAIL, {"arrived": "2019-09-26", "signed": "2019-09-27"}, "2019-09-27", False),
        (
            Channel.MAIL_CONFIRMED,
            {"arrived": "2019-09-26", "confirmed": "2019-09-26"},
            "2019-09-26",
            False,
        ),
        # Art. 31(2): ordinary letters are to be confirmed 当日; a later confirmation is late.
        (
            Channel.MAIL_CONFIRMED,
            {"arrived": "2019-09-26", "confirmed": "2019-09-27"},
            "2019-09-27",
            True,
        ),
        (Channel.ONLINE, {"arrived": "2019-09-26", "confirmed": "2019-09-30"}, "2019-09-30", False),
        (Channel.FAX, {"confirmed": "2019-09-30"}, "2019-09-30", False),  # Art. 31(3)
    ],
)
def test_receipt_date_by_channel(channel, dates, expected, late):
    receipt = receipt_date(channel, **{k: D(v) for k, v in dates.items()})
    assert receipt.date == D(expected)
    assert receipt.confirmation_late is late


@pytest.mark.parametrize(
    ("channel", "dates", "code"),
    [
        (Channel.MAIL, {"arrived": "2019-09-26"}, "receipt-date-missing"),
        (Channel.ONLINE, {"arrived": "2019-09-26"}, "receipt-date-missing"),
        (
            Channel.FAX,
            {"arrived": "2019-09-26", "confirmed": "2019-09-25"},
            "receipt-before-arrival",
        ),
    ],
)
def test_receipt_date_errors(channel, dates, code):
    with pytest.raises(ClockError) as raised:
        receipt_date(channel, **{k: D(v) for k, v in dates.items()})
    assert raised.value.code == code


# 补正 (Art. 30), 2024 (国办发明电〔2023〕7号). Received Thursday 2024-02-01; the notice is due
# 7 working days later: 2/2 1, 2/4（星期日）2, 2/5–8 3–6, 2/9 (除夕, worked) 7.
RECEIVED_2024 = Received(D("2024-02-01"))


def test_correction_notice_due_in_seven_working_days():
    clock = compute_clock([RECEIVED_2024])
    assert clock.correction_notice_due == D("2024-02-09")
    assert clock.correction_notice_late is False


@pytest.mark.parametrize(("asked", "late"), [("2024-02-09", False), ("2024-02-18", True)])
def test_a_late_correction_notice_is_flagged(asked, late):
    clock = compute_clock([RECEIVED_2024, CorrectionRequested(D(asked))])
    assert clock.correction_notice_late is late
    assert clock.due is None  # the answer period waits for the corrected application


def test_the_answer_period_restarts_from_the_corrected_application():
    # Corrected application received Monday 2024-02-26: 2/27–3/1 1–4, 3/4–8 5–9,
    # 3/11–15 10–14, 3/18–22 15–19, 3/25 20.
    events = [
        RECEIVED_2024,
        CorrectionRequested(D("2024-02-08"), deadline=D("2024-02-29")),
        CorrectionReceived(D("2024-02-26")),
    ]
    clock = compute_clock(events)
    assert clock.due == D("2024-03-25")
    assert clock.abandoned_on is None
    restart = [s for s in clock.steps if s.date == D("2024-02-26")]
    assert [step.basis for step in restart] == [ART_30]


def test_no_correction_by_the_deadline_is_abandonment():
    events = [RECEIVED_2024, CorrectionRequested(D("2024-02-08"), deadline=D("2024-02-29"))]
    clock = compute_clock(events)
    assert clock.abandoned_on == D("2024-03-01")
    assert clock.status(D("2024-02-29")) is Status.AWAITING_CORRECTION
    assert clock.status(D("2024-03-01")) is Status.ABANDONED
    assert clock.days_left(D("2024-02-20")) is None
    assert clock.overdue(D("2024-06-01")) is False


def test_a_late_correction_accepted_still_restarts_the_clock():
    events = [
        RECEIVED_2024,
        CorrectionRequested(D("2024-02-08"), deadline=D("2024-02-20")),
        CorrectionReceived(D("2024-02-26")),
    ]
    clock = compute_clock(events)
    assert clock.due == D("2024-03-25")
    assert "逾期补正" in next(s.event.zh for s in clock.steps if s.date == D("2024-02-26"))


# Consultations (Arts. 32–34, 33 ¶3), 2019 (国办发明电〔2018〕15号); received 2019-09-26,
# due 2019-10-29 without pauses.
RECEIVED_2019 = Received(D("2019-09-26"))


@pytest.mark.parametrize(
    ("events", "due"),
    [
        # Sent Wed 10/9, answered Tue 10/15: 10/10, 10/11, 10/12（星期六上班）, 10/14, 10/15
        # are not counted; 10/29 + 5 working days = 11/5.
        ([ConsultationSent(D("2019-10-09")), ConsultationAnswered(D("2019-10-15"))], "2019-11-05"),
        # No answer: the third party's 15 working days run to 10/29 (10/10–12 1–3, 10/14–18
        # 4–8, 10/21–25 9–13, 10/28 14, 10/29 15); 10/29 + 15 working days = 11/19.
        ([ConsultationSent(D("2019-10-09"))], "2019-11-19"),
        # Answered after its 15 days (11/4): the pause still ends on 10/29.
        ([ConsultationSent(D("2019-10-09")), ConsultationAnswered(D("2019-11-04"))], "2019-11-19"),
        # Another agency (Art. 34) is counted the same way.
        (
            [
                ConsultationSent(D("2019-10-09"), party=ConsultedParty.OTHER_AGENCY),
                ConsultationAnswered(D("2019-10-15")),
            ],
            "2019-11-05",
        ),
        # Sent after the deadline: nothing to pause.
        ([ConsultationSent(D("2019-10-30")), ConsultationAnswered(D("2019-10-31"))], "2019-10-29"),
        # Two at once, overlapping: 10/10–12, 10/14–17 (7 working days) are not counted;
        # 10/29 + 7 = 11/7.
        (
            [
                ConsultationSent(D("2019-10-09"), ref="a"),
                ConsultationAnswered(D("2019-10-15"), ref="a"),
                ConsultationSent(D("2019-10-14"), ref="b"),
                ConsultationAnswered(D("2019-10-17"), ref="b"),
            ],
            "2019-11-07",
        ),
    ],
)
def test_consultation_time_is_not_counted(events, due):
    assert compute_clock([RECEIVED_2019, *events]).due == D(due)


@pytest.mark.parametrize(
    ("events", "due"),
    [
        # Undated extension of 10 after a 5-day pause: 11/5 + 10 = 11/19.
        (
            [
                ConsultationSent(D("2019-10-09")),
                ConsultationAnswered(D("2019-10-15")),
                ExtensionApproved(None, 10),
            ],
            "2019-11-19",
        ),
        # Approved on the deadline itself, 20 more: 10/30–11/1 1–3, 11/4–8 4–8, 11/11–15
        # 9–13, 11/18–22 14–18, 11/25 19, 11/26 20.
        ([ExtensionApproved(D("2019-10-29"), 20)], "2019-11-26"),
        # Extended first (to 11/5), then a consultation sent 11/1 and answered 11/4 pauses
        # one working day (11/4): 11/6.
        (
            [
                ExtensionApproved(D("2019-10-20"), 5),
                ConsultationSent(D("2019-11-01")),
                ConsultationAnswered(D("2019-11-04")),
            ],
            "2019-11-06",
        ),
        # Undated extension is taken as approved in time, so a consultation sent the day
        # after the original deadline still pauses: 11/5, plus 10/31 paused, is 11/6.
        (
            [
                ExtensionApproved(None, 5),
                ConsultationSent(D("2019-10-30")),
                ConsultationAnswered(D("2019-10-31")),
            ],
            "2019-11-06",
        ),
    ],
)
def test_extensions(events, due):
    assert compute_clock([RECEIVED_2019, *events]).due == D(due)


def test_reasonable_period_under_article_35():
    events = [RECEIVED_2019, ReasonablePeriodSet(D("2019-10-20"), due=D("2019-12-31"))]
    clock = compute_clock(events)
    assert clock.due == D("2019-12-31")
    assert clock.provisional is False


@pytest.mark.parametrize(
    ("today", "left", "overdue"),
    [
        ("2019-10-28", 1, False),
        ("2019-10-29", 0, False),  # the last day
        ("2019-10-30", -1, True),
        ("2019-11-01", -3, True),  # 10/30, 10/31, 11/1
        ("2019-11-02", -3, True),  # Saturday: no more working days have passed
    ],
)
def test_days_left_and_overdue(today, left, overdue):
    clock = compute_clock([RECEIVED_2019])
    assert clock.days_left(D(today)) == left
    assert clock.overdue(D(today)) is overdue
    assert clock.status(D(today)) is Status.OPEN


def test_weekend_right_after_a_friday_deadline_is_already_late():
    # 2019-10-25 (Friday) + 20: due 2019-11-22 (Friday); on Saturday 11/23 it is late.
    clock = compute_clock([Received(D("2019-10-25"))])
    assert clock.due == D("2019-11-22")
    assert clock.days_left(D("2019-11-23")) == -1
    assert clock.overdue(D("2019-11-23"))


def test_replied_late_and_in_time():
    late = compute_clock([RECEIVED_2019, Replied(D("2019-11-04"))])
    assert late.status(D("2020-01-01")) is Status.REPLIED
    assert late.overdue(D("2020-01-01"))  # replied after 10/29
    assert late.days_left(D("2020-01-01")) is None
    assert late.steps[-1].event.zh == "作出答复，超过期限4个工作日"  # 10/30, 10/31, 11/1, 11/4
    in_time = compute_clock([RECEIVED_2019, Replied(D("2019-10-29"))])
    assert not in_time.overdue(D("2020-01-01"))
    assert in_time.steps[-1].basis == ART_33_2


def test_withdrawal_closes_the_case():
    clock = compute_clock([RECEIVED_2019, Withdrawn(D("2019-10-08"))])
    assert clock.status(D("2019-10-09")) is Status.WITHDRAWN
    assert clock.closed_on == D("2019-10-08")
    assert not clock.overdue(D("2020-01-01"))


def test_provisional_when_the_count_reaches_an_unpublished_schedule():
    # 12/2–4 1–3, 12/7–11 4–8, 12/14–18 9–13, 12/21–25 14–18, 12/28 19, 12/29 20, with
    # no holiday known; but from 12-25 the 2027 notice (not yet out) may change days.
    clock = compute_clock([Received(D("2026-12-01"))])
    assert clock.due == D("2026-12-29")
    assert clock.provisional is True
    assert "暂定" in clock.steps[-1].event.zh
    assert compute_clock([Received(D("2027-03-01"))]).provisional is True


ENTERED_2027 = {
    # Made up for the test, not the real 2027 arrangement: Sunday 2026-12-27 worked.
    "year": 2027,
    "notices": [{"title": "测试用安排", "title_en": "test schedule"}],
    "holidays": [{"zh": "元旦", "off": [["2027-01-01", "2027-01-03"]], "work": ["2026-12-27"]}],
}


def test_entering_the_schedule_recomputes_and_records_the_change():
    before = compute_clock([Received(D("2026-12-01"))])
    calendar = WorkCalendar.with_official([OfficialSchedule.from_mapping(ENTERED_2027)])
    after = compute_clock([Received(D("2026-12-01"))], calendar=calendar)
    # 12/25 is day 18, 12/27（星期日，调休）19, 12/28 20.
    assert after.due == D("2026-12-28")
    assert after.provisional is False
    change = deadline_change(before, after)
    assert change is not None
    assert (change.before, change.after) == (D("2026-12-29"), D("2026-12-28"))
    assert (
        change.message.zh
        == "节假日安排更新：答复期限由 2026-12-29 改为 2026-12-28（已按官方安排确定）"
    )
    assert deadline_change(before, before) is None


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([], "receipt"),
        ([RECEIVED_2019, Received(D("2019-09-27"))], "receipt"),
        ([RECEIVED_2019, Replied(D("2019-10-01")), Withdrawn(D("2019-10-02"))], "closed-twice"),
        ([RECEIVED_2019, ConsultationSent(D("2019-09-25"))], "before-receipt"),
        (
            [RECEIVED_2019, Replied(D("2019-10-08")), ConsultationSent(D("2019-10-09"))],
            "after-closing",
        ),
        (
            [
                RECEIVED_2019,
                CorrectionRequested(D("2019-09-27")),
                CorrectionRequested(D("2019-09-30")),
            ],
            "second-correction",
        ),
        (
            [
                RECEIVED_2019,
                CorrectionRequested(D("2019-10-08")),
                CorrectionReceived(D("2019-09-30")),
            ],
            "correction-before-request",
        ),
        ([RECEIVED_2019, CorrectionReceived(D("2019-09-30"))], "correction-not-requested"),
        (
            [RECEIVED_2019, CorrectionRequested(D("2019-10-08"), deadline=D("2019-10-01"))],
            "correction-deadline",
        ),
        (
            [
                RECEIVED_2019,
                ConsultationSent(D("2019-10-09")),
                ConsultationAnswered(D("2019-10-08")),
            ],
            "answered-before-sent",
        ),
        ([RECEIVED_2019, ConsultationAnswered(D("2019-10-08"))], "answer-without-consultation"),
        ([RECEIVED_2019, ExtensionApproved(D("2019-10-20"), 21)], "extension-length"),
        ([RECEIVED_2019, ExtensionApproved(None, 0)], "extension-length"),
        (
            [
                RECEIVED_2019,
                ExtensionApproved(D("2019-10-20"), 5),
                ExtensionApproved(D("2019-10-21"), 5),
            ],
            "second-extension",
        ),
        ([RECEIVED_2019, ExtensionApproved(D("2019-10-30"), 5)], "extension-late"),  # due 10/29
        (
            [RECEIVED_2019, CorrectionRequested(D("2019-09-27")), ExtensionApproved(None, 5)],
            "extension-during-correction",
        ),
        (
            [
                RECEIVED_2019,
                ReasonablePeriodSet(D("2019-10-10"), D("2019-12-31")),
                ExtensionApproved(D("2019-10-20"), 5),
            ],
            "extension-after-reasonable-period",
        ),
        (
            [RECEIVED_2019, ReasonablePeriodSet(D("2019-10-10"), D("2019-10-10"))],
            "reasonable-period",
        ),
        (
            [RECEIVED_2019, ReasonablePeriodSet(D("2019-10-10"), D("2019-10-28"))],
            "reasonable-period-short",
        ),
        (
            [RECEIVED_2019, ReasonablePeriodSet(D("2019-10-30"), D("2019-12-31"))],
            "reasonable-period-late",
        ),
        (
            [
                RECEIVED_2019,
                CorrectionRequested(D("2019-09-27")),
                ReasonablePeriodSet(D("2019-10-10"), D("2019-12-31")),
            ],
            "reasonable-period-during-correction",
        ),
    ],
)
def test_impossible_sequences_raise(events, code):
    with pytest.raises(ClockError) as raised:
        compute_clock(events)
    assert raised.value.code == code
    assert raised.value.message.zh
    assert raised.value.message.en
    assert isinstance(raised.value, ValueError)


# -- properties -----------------------------------------------------------------

receipts = st.dates(min_value=dt.date(2018, 6, 1), max_value=dt.date(2027, 6, 30))


@st.composite
def consultations(draw, received):
    """Zero to two consultations sent within 40 days of receipt."""
    events = []
    for ref in range(draw(st.integers(min_value=0, max_value=2))):
        sent = received + dt.timedelta(days=draw(st.integers(min_value=0, max_value=40)))
        events.append(ConsultationSent(sent, ref=str(ref)))
        answer_after = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
        if answer_after is not None:
            events.append(
                ConsultationAnswered(sent + dt.timedelta(days=answer_after), ref=str(ref))
            )
    return events


@settings(max_examples=150, deadline=None)
@given(data=st.data(), received=receipts, workdays=st.integers(min_value=1, max_value=20))
def test_an_extension_never_moves_the_due_date_earlier(data, received, workdays):
    events = [Received(received), *data.draw(consultations(received))]
    without = compute_clock(events)
    undated = compute_clock([*events, ExtensionApproved(None, workdays)])
    on_deadline = compute_clock([*events, ExtensionApproved(without.due, workdays)])
    assert undated.due > without.due
    assert on_deadline.due > without.due


@settings(max_examples=150, deadline=None)
@given(data=st.data(), received=receipts)
def test_a_pause_never_moves_the_due_date_earlier(data, received):
    extension = data.draw(st.lists(st.builds(ExtensionApproved, st.none()), max_size=1))
    base = [Received(received), *extension]
    paused = [*base, *data.draw(consultations(received))]
    assert compute_clock(paused).due >= compute_clock(base).due


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    received=receipts,
    asked_after=st.integers(min_value=0, max_value=15),
    corrected_after=st.integers(min_value=0, max_value=60),
)
def test_a_restart_after_correction_gives_at_least_twenty_working_days(
    data, received, asked_after, corrected_after
):
    asked = received + dt.timedelta(days=asked_after)
    corrected = asked + dt.timedelta(days=corrected_after)
    events = [
        Received(received),
        CorrectionRequested(asked),
        CorrectionReceived(corrected),
        *data.draw(consultations(corrected)),
    ]
    clock = compute_clock(events)
    assert clock.due >= CAL.add_workdays(corrected, 20)
    assert CAL.is_workday(clock.due)
