"""Every outcome lands in exactly one table-三 leaf row of each format."""

import pytest

from gongkai.rules.taxonomy import OUTCOME_BY_CODE, OUTCOMES

ROWS_2019 = (
    ["三(一)", "三(二)"]
    + [f"三(三){n}" for n in range(1, 9)]
    + [f"三(四){n}" for n in range(1, 4)]
    + [f"三(五){n}" for n in range(1, 6)]
    + ["三(六)"]
)
ROWS_2021 = [*ROWS_2019[:-1], "三(六)1", "三(六)2", "三(六)3"]


def test_codes_are_unique():
    assert len(OUTCOME_BY_CODE) == len(OUTCOMES)


@pytest.mark.parametrize(("fmt", "rows"), [("2019", ROWS_2019), ("2021", ROWS_2021)])
def test_every_leaf_row_is_reachable_and_nothing_else(fmt, rows):
    assert {outcome.row(fmt) for outcome in OUTCOMES} == set(rows)


@pytest.mark.parametrize(
    ("code", "row_2019", "row_2021"),
    [
        ("partial", "三(二)", "三(二)"),  # H4: 部分公开 counts only here
        ("already_public", "三(一)", "三(一)"),  # spec §2.8: Art. 36(1) → （一）
        ("not_this_agency", "三(四)1", "三(四)1"),  # spec §2.8: Art. 36(5) → （四）1
        ("correction_overdue", "三(六)", "三(六)1"),  # Art. 30 视为放弃
        ("fee_unpaid", "三(六)", "三(六)2"),
        ("withdrawn", "三(六)", "三(六)3"),
    ],
)
def test_mapping(code, row_2019, row_2021):
    outcome = OUTCOME_BY_CODE[code]
    assert (outcome.row("2019"), outcome.row("2021")) == (row_2019, row_2021)
