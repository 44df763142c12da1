"""The remedy sentence states the periods the two laws set."""

from gongkai.rules.remedies import LAWSUIT_MONTHS, RECONSIDERATION_DAYS, REMEDY_NOTICE


def test_the_notice_states_both_periods():
    assert (RECONSIDERATION_DAYS, LAWSUIT_MONTHS) == (
        60,
        6,
    )  # 行政复议法 Art. 20; 行政诉讼法 Art. 46
    assert "六十日内依法申请行政复议" in REMEDY_NOTICE.zh
    assert "六个月内依法提起行政诉讼" in REMEDY_NOTICE.zh
    assert "60 days" in REMEDY_NOTICE.en and "6 months" in REMEDY_NOTICE.en
