"""Personal-data detectors: real-shaped positives and the near misses beside them.

Check characters are worked by hand, never by the code under test:

- 身份证号码 (GB 11643-1999, ISO 7064 MOD 11-2): weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
  check = "10X98765432"[sum mod 11]. Cross-checked with the other form of the same rule,
  ``(12 - sum(d * 2**(17 - i) % 11)) % 11`` (10 → X).
- Bank cards (Luhn): from the right, double every second digit, add the digits of the
  products; the total is a multiple of ten.
"""

import datetime as dt
from pathlib import Path

import pytest

from gongkai.rules import pii
from gongkai.rules.pii import Confidence, Kind

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"
ID, MOBILE, CARD, EMAIL, NAME = Kind.ID_CARD, Kind.MOBILE, Kind.BANK_CARD, Kind.EMAIL, Kind.NAME


def kinds(text, **options):
    return [(f.kind, f.text) for f in pii.scan(text, **options)]


def numbers(text):
    """Findings other than names."""
    return [(kind, value) for kind, value in kinds(text, names=False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # GB 11643-1999's own example: sum 167, 167 mod 11 = 2 -> "X".
        ("11010519491231002X", [(ID, "11010519491231002X")]),
        ("身份证号：11010519491231002x。", [(ID, "11010519491231002x")]),  # lower-case x
        # 2*7+1*9+0+3*5+0+2*4+1*2+9*1+8*6+0+0+1*9+0+1*5+0+0+1*2 = 121, mod 11 = 0 -> "1".
        ("申请人身份证号码210302198001010011，", [(ID, "210302198001010011")]),
        # sum 201, mod 11 = 3 -> "9"; written in 6-8-4 groups as on some forms.
        ("210303 19851230 1239", [(ID, "210303 19851230 1239")]),
        # 甘肃 (62) starts like a 银联 card; sum 280, mod 11 = 5 -> "7"; it is an ID card.
        ("620102199002284567", [(ID, "620102199002284567")]),
        # sum 204, mod 11 = 6 -> "6"; full-width digits as typed with a Chinese IME.
        ("４４０３０６１９７００１０１３２１６", [(ID, "４４０３０６１９７００１０１３２１６")]),
    ],
)
def test_id_card_positives(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "110105194912310021",  # check should be X (sum 167): the issue says these are not PII
        "11010519490231002X",  # 31 February does not exist
        "990105194912310023",  # check 3 is right (sum 295, mod 11 = 9) but 99 is no province
        "2103021980010100112",  # the valid 210302198001010011 with one more digit: a longer run
        "A210302198001010011",  # part of a longer identifier
        "统一社会信用代码：210302198001010011",  # an all-digit code labelled as an organisation's
        "91350100M000100Y43",  # 统一社会信用代码 (valid, tests/rules/test_ids.py): has letters
        "110105491231002",  # 15 digits with a real date but no label: one random run in three
        "123456789012345678",
    ],
)
def test_id_card_near_misses(text):
    assert numbers(text) == []


def test_old_15_digit_id_needs_a_label_and_is_low_confidence():
    # 110105 (region) 491231 (born 1949-12-31) 002: the first-generation layout, no check digit.
    [finding] = pii.scan("身份证号 110105491231002", names=False)
    assert (finding.kind, finding.text, finding.confidence) == (ID, "110105491231002", "low")
    assert pii.scan("身份证号 110105491331002", names=False) == []  # month 13


def test_id_card_born_in_the_future_is_not_one():
    # 11010520300101001: sum 79, mod 11 = 2 -> "X"; born 2030-01-01.
    assert numbers("11010520300101001X") == [(ID, "11010520300101001X")]
    assert pii.scan("11010520300101001X", today=dt.date(2026, 11, 25)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13912345678", "13912345678"),
        ("手机：139 1234 5678。", "139 1234 5678"),
        ("电话139-1234-5678", "139-1234-5678"),
        ("+86 13912345678", "+86 13912345678"),
        ("+86-139-1234-5678", "+86-139-1234-5678"),
        ("8613912345678", "8613912345678"),
        ("0086 13912345678", "0086 13912345678"),
        ("19912345678", "19912345678"),  # 199 is a mobile segment
        ("１３９１２３４５６７８", "１３９１２３４５６７８"),  # full-width digits
        ("0412-5551234/13912345678", "13912345678"),  # the landline before it is not one
    ],
)
def test_mobile_positives(text, expected):
    assert numbers(text) == [(MOBILE, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "0412-5551234",  # 鞍山 landline: starts with the area code 0412
        "(0412)5551234",
        "024-23456789",  # 沈阳 landline, 8 digits
        "400-810-8888",  # service number
        "12345678901",  # no mobile segment starts 12
        "1391234567",  # 10 digits
        "139123456789",  # 12 digits
        "13912345678901",  # part of a longer run
        "JH13912345678",  # part of an identifier
        "ASGC-13912345678-01",  # project number with hyphens
        "2019-13912345678",  # joined to a year by a hyphen
        "招标项目编号：13912345678",  # labelled as a project number
        "证书编号 13912345678",
        "139 1234 567",  # groups 3-4-3
    ],
)
def test_mobile_near_misses(text):
    assert numbers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4111111111111111", "4111111111111111"),  # Visa's published test number
        ("5555555555554444", "5555555555554444"),  # Mastercard's published test number
        ("2223000048400011", "2223000048400011"),  # Mastercard 2-series test number
        ("6200000000000005", "6200000000000005"),  # 银联 test number
        # 622848001234567 + 1: body digits doubled from the right give a total of 59 -> 1.
        ("卡号6228480012345671", "6228480012345671"),
        # 19 digits, 62 prefix, Luhn check 8 (independent snippet in the module docstring's rule).
        ("账号：6222021234567890128", "6222021234567890128"),
        ("6222 0212 3456 7890 128", "6222 0212 3456 7890 128"),  # the same in groups of four
        ("6222-0212-3456-7890-128", "6222-0212-3456-7890-128"),
        # 18 digits, 62 prefix, check 2; digits 7-14 are no date, so not ID-shaped.
        ("622202123456789012", "622202123456789012"),
        ("9558801001114978387", "9558801001114978387"),  # old domestic debit card, check 7
    ],
)
def test_bank_card_positives(text, expected):
    assert numbers(text) == [(CARD, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111112",  # Luhn fails
        "1234567812345670",  # Luhn holds but no card starts with 1
        "378282246310005",  # American Express test number: 15 digits
        "41111111111111110000",  # 20 digits
        "6222 0212 3456 7890 129",  # Luhn fails
        "6222 0212 3456 789",  # 15 digits in groups
        "合同编号：4111111111111111",  # labelled as a contract number
        "X4111111111111111",  # part of an identifier
        # Shaped like a 甘肃 ID (62, born 1990-02-28) whose check fails (should be 7);
        # Luhn happens to hold. The issue says such 18-digit strings are not personal data.
        "620102199002284562",
        # 统一交易标识码 (spec trading.md: 18-char USCC + 8-digit date + 6-digit serial +
        # check): the digits after the USCC run on from its letters.
        "91350100M000100Y43201903150001237",
    ],
)
def test_bank_card_near_misses(text):
    assert numbers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zhangsan@163.com", "zhangsan@163.com"),
        ("邮箱：li.si+gk@example.gov.cn。", "li.si+gk@example.gov.cn"),
        ("13912345678@qq.com", "13912345678@qq.com"),  # one e-mail, not a mobile number too
        ("请发至wang_wu@anshan.gov.cn，谢谢", "wang_wu@anshan.gov.cn"),
    ],
)
def test_email_positives(text, expected):
    assert numbers(text) == [(EMAIL, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "icon@2x.png",  # an image name
        "user@localhost",  # no top-level domain
        "转发@张三",  # a social-media mention
        "a@b",
        "test@163",
        "foo@-bar.com",  # a domain label cannot start with a hyphen
    ],
)
def test_email_near_misses(text):
    assert numbers(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("联系人：李四 13912345678", "李四"),
        ("张三，身份证号：11010519491231002X", "张三"),
        ("申请人张三身份证号码11010519491231002X", "张三"),
        ("联系人王小明手机13912345678", "王小明"),
        ("主任刘洋 13912345678", "刘洋"),  # 任 is a surname too, but 主任 is a title
        ("欧阳修 13912345678", "欧阳修"),  # compound surname
        ("身份证号11010519491231002X，姓名：王小明", "王小明"),  # label after the number
        ("户名：赵六 卡号6228480012345671", "赵六"),
    ],
)
def test_names_next_to_hits(text, name):
    names = [f for f in pii.scan(text) if f.kind == NAME]
    assert [(f.text, f.confidence) for f in names] == [(name, Confidence.LOW)]


@pytest.mark.parametrize(
    "text",
    [
        "咨询电话：13912345678",  # 咨询 is no name
        "市公共资源交易中心 13912345678",
        "联系人：办公室 13912345678",  # labelled, but 办 is no surname
        "请拨打13912345678",
        "张三的办公电话 0412-5551234",  # a name, but next to nothing personal
    ],
)
def test_no_name_without_one(text):
    assert [f for f in pii.scan(text) if f.kind == NAME] == []


def test_names_can_be_left_out():
    assert kinds("联系人：李四 13912345678", names=False) == [(MOBILE, "13912345678")]


def test_offsets_and_lines():
    text = "第一行\n联系人：李四 13912345678\n身份证 11010519491231002X"
    found = pii.scan(text)
    assert [(f.kind, f.line, f.start, f.end) for f in found] == [
        (NAME, 2, 8, 10),
        (MOBILE, 2, 11, 22),
        (ID, 3, 27, 45),
    ]
    assert all(text[f.start : f.end] == f.text for f in found)


def test_allow_list_skips_published_contacts():
    text = "本机关电话 139-1234-5678，邮箱 ggzy@anshan.gov.cn；申请人 13812345678"
    found = pii.scan(text, names=False, allow=["13912345678", "GGZY@anshan.gov.cn"])
    assert [(f.kind, f.text) for f in found] == [(MOBILE, "13812345678")]


def test_redact():
    text = (
        "张三，身份证号：11010519491231002X，手机 139-1234-5678，"
        "卡号 6222 0212 3456 7890 128，邮箱 zhangsan@163.com"
    )
    assert pii.redact(text, pii.scan(text)) == (
        "张*，身份证号：110105********002X，手机 139-****-5678，"
        "卡号 6222 **** **** ***0 128，邮箱 z*******@163.com"  # the last four digits stay
    )


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        (ID, "11010519491231002X", "110105********002X"),
        (MOBILE, "13912345678", "139****5678"),
        (MOBILE, "+86 139 1234 5678", "+86 139 **** 5678"),
        (CARD, "6228480012345671", "6228********5671"),
        (EMAIL, "li.si@example.com", "l****@example.com"),
        (NAME, "欧阳修", "欧**"),
    ],
)
def test_mask(kind, value, masked):
    assert pii.mask(kind, value) == masked


def test_seed_report_has_no_personal_data():
    text = (SEED / "2019-anshan-ggzy-annual-report.txt").read_text(encoding="utf-8")
    assert pii.scan(text) == []


def test_one_megabyte_finds_every_hit():
    """The speed is measured in bench/pii_scan.py; here, that a megabyte is read whole."""
    block = "一是加强组织领导。联系人：李四 13912345678，身份证 11010519491231002X。" * 10
    block += "项目编号 ASGC-2019-0001，统一社会信用代码 91350100M000100Y43，金额 3.04 亿元。\n"
    repeats = 1_000_000 // len(block.encode())
    found = pii.scan(block * repeats)  # 1 MB as UTF-8
    assert len([f for f in found if f.kind != pii.Kind.NAME]) == 20 * repeats
