"""Tables 三 and 四 computed from live data, counted by hand."""

import datetime as dt

import pytest

from gongkai.applications import report, services
from gongkai.applications.models import Appeal

D = dt.date


@pytest.fixture
def cases(agency, person, staff):
    """Five applications around the 2019/2020 year boundary."""
    handler, head = staff["handler"], staff["head"]

    def register(day, **who):
        return services.application_register(
            actor=handler,
            agency=agency,
            data=person(**who),
            channel="in-person",
            arrived_on=day,
            today=day,
        )

    def answer(application, outcome, day):
        letter = services.application_reply(
            actor=handler, application=application, outcome=outcome, date=day
        )
        services.reply_sign(actor=head, letter=letter, date=day)

    a = register(D(2018, 12, 20))  # carried into 2019, answered 2019-01-10
    answer(a, "disclose", D(2019, 1, 10))
    b = register(
        D(2019, 3, 1),
        applicant_type="business",
        id_type="uscc",
        id_number="91350100M000100Y43",
        applicant_name="某公司",
    )
    answer(b, "partial", D(2019, 3, 20))
    c = register(D(2019, 12, 20))  # carried out of 2019, answered 2020
    answer(c, "not_held", D(2020, 1, 8))
    d = register(D(2019, 6, 3))
    services.application_withdraw(actor=handler, application=d, date=D(2019, 6, 5))
    register(D(2020, 2, 3))  # 2020 only, still open
    return {"a": a, "b": b, "c": c, "d": d}


def test_table_three_2019(agency, cases):
    cells = report.table_three(agency, 2019, "2019")
    nonzero = {address: n for address, n in cells.items() if n}
    assert nonzero == {
        "三|一|自然人": 2,
        "三|一|商业企业": 1,
        "三|一|总计": 3,
        "三|二|自然人": 1,
        "三|二|总计": 1,
        "三|三(一)|自然人": 1,
        "三|三(一)|总计": 1,
        "三|三(二)|商业企业": 1,
        "三|三(二)|总计": 1,
        "三|三(六)|自然人": 1,
        "三|三(六)|总计": 1,  # withdrawn: 2019 format's single row
        "三|三(七)|自然人": 2,
        "三|三(七)|商业企业": 1,
        "三|三(七)|总计": 3,
        "三|四|自然人": 1,
        "三|四|总计": 1,
    }


def test_table_three_2021_format_splits_other(agency, cases):
    cells = report.table_three(agency, 2019, "2021")
    assert cells["三|三(六)3|自然人"] == 1
    assert "三|三(六)|自然人" not in cells


def test_carry_over_matches_next_year(agency, cases):
    y2019, y2020 = (report.table_three(agency, year, "2019") for year in (2019, 2020))
    for column in ("自然人", "商业企业", "总计"):
        assert y2020[f"三|二|{column}"] == y2019[f"三|四|{column}"]  # Y1
    for year_cells in (y2019, y2020):  # H1 holds by construction
        for column in ("自然人", "商业企业", "总计"):
            lhs = year_cells[f"三|一|{column}"] + year_cells[f"三|二|{column}"]
            assert lhs == year_cells[f"三|三(七)|{column}"] + year_cells[f"三|四|{column}"]


def test_table_four(agency, cases, staff):
    services.appeal_register(
        actor=staff["handler"],
        application=cases["b"],
        kind="reconsideration",
        filed_on=D(2019, 4, 1),
        case_number="鞍政复〔2019〕1号",
    )
    pending = services.appeal_register(
        actor=staff["handler"],
        application=cases["b"],
        kind="lawsuit_after",
        filed_on=D(2019, 11, 1),
        case_number="(2019)辽0302行初1号",
    )
    first = services.appeal_register(
        actor=staff["handler"],
        application=cases["a"],
        kind="lawsuit_direct",
        filed_on=D(2019, 2, 1),
        case_number="(2019)辽0302行初0号",
    )
    services.appeal_decide(
        actor=staff["head"], appeal=first, result="corrected", decided_on=D(2019, 9, 1)
    )
    reconsideration = Appeal.objects.get(kind="reconsideration")
    services.appeal_decide(
        actor=staff["head"], appeal=reconsideration, result="maintained", decided_on=D(2020, 1, 5)
    )
    cells = report.table_four(agency, 2019)
    nonzero = {address: n for address, n in cells.items() if n}
    assert nonzero == {
        "四|行政复议|尚未审结": 1,
        "四|行政复议|总计": 1,  # decided only in 2020
        "四|行政诉讼/未经复议直接起诉|结果纠正": 1,
        "四|行政诉讼/未经复议直接起诉|总计": 1,
        "四|行政诉讼/复议后起诉|尚未审结": 1,
        "四|行政诉讼/复议后起诉|总计": 1,
    }
    assert pending.result == "pending"
