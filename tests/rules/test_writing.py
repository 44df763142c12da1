"""Draft checks of issue 6 item 4, with the seed report as the golden case."""

import re
from pathlib import Path

import pytest

from gongkai.rules import writing
from gongkai.rules.writing import Code, SevereWord

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed"


def found(text, check=writing.check, **options):
    return [(f.code, f.text, f.suggestion) for f in check(text, **options)]


# The seed report ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return (SEED / "2019-anshan-ggzy-annual-report.txt").read_text(encoding="utf-8")


def test_seed_enumeration_and_doc_number(seed):
    findings = [f for f in writing.check(seed) if f.code != Code.HALF_WIDTH]
    # Line 3 reads 一是 … 二是 … 二是 … 三是 … 六是: the second 二是 is the error; the count
    # goes on from it, so 三是 after it is not reported again. Columns counted with str.index.
    assert [(f.code, f.line, f.column, f.text, f.suggestion) for f in findings] == [
        (Code.DOC_NUMBER_BRACKETS, 3, 679, "[2019]6号", "〔2019〕6号"),  # 辽公管办[2019]6号
        (Code.ENUMERATION, 3, 709, "二是", "三是"),
    ]
    assert all(seed[f.start : f.end] == f.text for f in findings)
    assert findings[1].message.zh == "编号顺序有误：此处为“二是”，按顺序应为“三是”"


def test_seed_half_width_punctuation(seed):
    # The seed writes every , ; : ( ) half-width between Chinese characters (read by eye:
    # none stands between digits or Latin letters); its "." are in 3.04 and list numbers
    # (1.属于国家秘密), which are right.
    flagged = {f.start: f.suggestion for f in writing.check(seed) if f.code == Code.HALF_WIDTH}
    marks = {m.start(): m[0] for m in re.finditer(r"[,;:()]", seed)}
    assert flagged == {at: {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}[mark]
                       for at, mark in marks.items()}  # fmt: skip


def test_seed_table_headings_nested_inside_a_section_are_not_errors(seed):
    # Section 三、 holds a table whose rows are numbered 一、…四、, and the next section is
    # 四、 again; the rows 1.…8. restart under each （n）.
    assert [f for f in writing.enumeration_findings(seed) if f.text != "二是"] == []


# Enumerations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是加强领导；二是完善制度；四是强化考核。", [("四是", "三是")]),  # a gap
        ("一是加强领导；三是强化考核。", [("三是", "二是")]),
        ("一是甲；二是乙；二是丙；三是丁。", [("二是", "三是")]),  # the seed's own mistake
        ("（一）总体情况\n（二）主动公开\n（二）依申请公开", [("（二）", "（三）")]),
        ("(一)总体情况\n(三)依申请公开", [("(三)", "(二)")]),  # half-width, same style
        ("1. 甲\n2. 乙\n2. 丙", [("2.", "3.")]),
        ("1、甲\n3、丙", [("3、", "2、")]),
        ("（1）甲\n（3）丙", [("（3）", "（2）")]),
        ("一、总体情况\n二、主动公开\n二、依申请公开", [("二、", "三、")]),
        ("第一，加强领导；第二，完善制度；第二，强化考核。", [("第二，", "第三，")]),
        ("九是甲；十是乙；十二是丙。", [("十二是", "十一是")]),
    ],
)
def test_enumeration_out_of_sequence(text, expected):
    assert [(f.text, f.suggestion) for f in writing.enumeration_findings(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "一是甲；二是乙。\n另一段：一是丙；二是丁。",  # a second list restarts at one
        "一、总体\n（一）甲\n（二）乙\n二、主动公开\n（一）丙\n（二）丁",  # reset under a heading
        "（五）重大建设项目的批准和实施情况",  # a quoted single item may start anywhere
        "统一是原则，唯一是目标。",  # 一是 inside words
        "采购总金额\n3.04亿元",  # a decimal at the start of a line
        "第一次会议；第二批名单；第二十条第（一）项",  # 第一 not followed by a pause
        "九是甲；十是乙；十一是丙。",
        "一、甲\n1.子项\n2.子项\n二、乙\n1.子项",
    ],
)
def test_enumeration_near_misses(text):
    assert writing.enumeration_findings(text) == []


def test_chinese_numbers():
    assert [writing.chinese_number(n) for n in ("一", "九", "十", "十一", "二十", "九十九")] == [
        1,
        9,
        10,
        11,
        20,
        99,
    ]
    assert [writing.chinese_number(n) for n in ("十十", "二二", "一百")] == [None, None, None]
    assert [writing.chinese_numeral(v) for v in (3, 10, 11, 20, 21)] == [
        "三",
        "十",
        "十一",
        "二十",
        "二十一",
    ]


# Punctuation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据要求,结合实际", [(",", "，")]),
        ("报告如下:", [(":", "：")]),
        ("服务标准(试行)的通知", [("(", "（"), (")", "）")]),
        ("是否公开?请答复", [("?", "？")]),
        ("取得成效!", [("!", "！")]),
        ("工作完成.\n", [(".", "。")]),
        ('努力做到"应公开、尽公开"', [('"', "“"), ('"', "”")]),
        ("安排和部署;二是", [(";", "；")]),
        ("LED,微信群", [(",", "，")]),  # Latin before, Chinese after: still a Chinese sentence
    ],
)
def test_half_width_punctuation(text, expected):
    assert [(f.text, f.suggestion) for f in writing.half_width_findings(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "3.04亿元",  # decimal point
        "上午10:30开会",  # time
        "共计1,000元",  # thousands separator
        "网址 http://www.gov.cn/a?b=1",  # URL
        "Hello, world!",  # English text
        "邮箱 ggzy@anshan.gov.cn",
        "1.属于国家秘密",  # list number
        "根据要求，结合实际：（试行）",  # already full-width
    ],
)
def test_half_width_near_misses(text):
    assert writing.half_width_findings(text) == []


# Brackets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《政府信息公开条例", [(Code.UNCLOSED, "《", 0)]),
        ("政府信息公开条例》", [(Code.UNOPENED, "》", 8)]),
        ("努力做到“应公开、尽公开", [(Code.UNCLOSED, "“", 4)]),
        ("（鞍政办〔2019〕2号", [(Code.UNCLOSED, "（", 0)]),
        ("“《条例”》", [(Code.UNCLOSED, "《", 1), (Code.UNOPENED, "》", 5)]),  # crossed
        ("【重要】通知】", [(Code.UNOPENED, "】", 6)]),
        # A pair may close at most two lines below (PDF text wraps); three is too far.
        ("“引文\n\n\n第四行”", [(Code.UNCLOSED, "“", 0), (Code.UNOPENED, "”", 9)]),
    ],
)
def test_unbalanced(text, expected):
    assert [(f.code, f.text, f.start) for f in writing.bracket_findings(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "努力做到“应公开、尽公开，‘应上网、尽上网’”",
        "（试行)",  # widths differ, but it is closed: the punctuation check reports the ")"
        "1）项目概况",  # a list item opened by 1）
        "a) item",
        "一）总体情况",
        "don’t",  # an apostrophe
        "〔2019〕【通知】「引」『引』［1］",
        "根据《中华人民共和\n国政府信息公开条例》",  # a title wrapped by PDF extraction
        "严格执行“分\n- 1 -\n级审核、先审后发”程序",  # wrapped around a page number
    ],
)
def test_balanced(text):
    assert writing.bracket_findings(text) == []


# 文号 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "wrong", "right"),
    [
        ("辽公管办[2019]6号", Code.DOC_NUMBER_BRACKETS, "[2019]6号", "〔2019〕6号"),  # the seed
        ("鞍政发(2019)3号", Code.DOC_NUMBER_BRACKETS, "(2019)3号", "〔2019〕3号"),
        ("鞍政发（2019）3号", Code.DOC_NUMBER_BRACKETS, "（2019）3号", "〔2019〕3号"),
        ("鞍政发【2019】3号", Code.DOC_NUMBER_BRACKETS, "【2019】3号", "〔2019〕3号"),
        ("鞍政发［2019］3号", Code.DOC_NUMBER_BRACKETS, "［2019］3号", "〔2019〕3号"),
        ("鞍政发﹝2019﹞3号", Code.DOC_NUMBER_BRACKETS, "﹝2019﹞3号", "〔2019〕3号"),  # small
        ("鞍政发〔19〕3号", Code.DOC_NUMBER_YEAR, "〔19〕3号", "〔2019〕3号"),
        ("鞍政发〔2019〕第3号", Code.DOC_NUMBER_SERIAL, "〔2019〕第3号", "〔2019〕3号"),
        ("鞍政发〔2019〕03号", Code.DOC_NUMBER_SERIAL, "〔2019〕03号", "〔2019〕3号"),  # 不编虚位
    ],
)
def test_doc_numbers(text, code, wrong, right):
    assert found(text, writing.doc_number_findings) == [(code, wrong, right)]


def test_doc_number_with_several_problems_reports_each():
    assert [f.code for f in writing.doc_number_findings("鞍政发[19]第03号")] == [
        Code.DOC_NUMBER_BRACKETS,
        Code.DOC_NUMBER_YEAR,
        Code.DOC_NUMBER_SERIAL,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "鞍政办公开〔2019〕2号",
        "国办函〔2019〕41号",
        "对国办函41号相关文件进行了解读",  # short reference without a year
        "中华人民共和国国务院令第711号",
        "《条例》（2019年修订）",
        "编号 [2019]6号",  # nothing Chinese right before the bracket: no 机关代字
    ],
)
def test_doc_number_near_misses(text):
    assert writing.doc_number_findings(text) == []


def test_doc_number_brackets_are_not_also_punctuation_findings():
    assert found("转发鞍政发(2019)3号文件") == [
        (Code.DOC_NUMBER_BRACKETS, "(2019)3号", "〔2019〕3号"),
    ]


# Dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("于2019年2月30日召开", "2019年2月30日"),
        ("2019年2月29日", "2019年2月29日"),  # 2019 is not a leap year
        ("2100年2月29日", "2100年2月29日"),  # divisible by 100, not by 400
        ("2019-13-01", "2019-13-01"),
        ("2019/04/31", "2019/04/31"),
        ("2019.02.30", "2019.02.30"),
        ("2019年13月", "2019年13月"),
        ("2019年0月5日", "2019年0月5日"),
        ("4月31日前报送", "4月31日"),
        ("2月30日", "2月30日"),
        ("二〇一九年二月三十日", "二〇一九年二月三十日"),
        ("2019年6月0日", "2019年6月0日"),
    ],
)
def test_impossible_dates(text, date):
    assert found(text, writing.date_findings) == [(Code.IMPOSSIBLE_DATE, date, None)]


@pytest.mark.parametrize(
    "text",
    [
        "2019年12月31日",
        "2020年2月29日",  # leap year
        "2000年2月29日",  # divisible by 400
        "2月29日",  # no year: may exist
        "二〇二〇年二月二十九日",
        "2019-2020年度",
        "2019.1.1",
        "金额3.04亿元，共16549条",
        "0412-555-1234",
        "2019-12-31 23:59",
        "1.2.3.4",
    ],
)
def test_real_dates_pass(text):
    assert writing.date_findings(text) == []


def test_impossible_date_message():
    [finding] = writing.date_findings("2019年2月30日")
    assert finding.message.zh == "日期“2019年2月30日”不存在：2019年2月只有28天"
    assert finding.message.en == "'2019年2月30日' is not a real date: 2019-02 has 28 days"


# 严重错误 words ------------------------------------------------------------------

WORDS = [
    SevereWord("国务院办公庭", "国务院办公厅"),
    ("王建", "王建国"),  # a (fictional) leader's name missing its last character
    "鞍山是人民政府",  # a wrong form with no right one given
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("转发国务院办公庭通知", [("国务院办公庭", "国务院办公厅")]),
        ("王建同志出席", [("王建", "王建国")]),
        ("鞍山是人民政府", [("鞍山是人民政府", None)]),
        ("王建国同志和王建同志", [("王建", "王建国")]),  # 王建 inside 王建国 is right
    ],
)
def test_severe_words(text, expected):
    findings = writing.severe_word_findings(text, WORDS)
    assert [(f.text, f.suggestion) for f in findings] == expected


def test_no_severe_words_without_a_list_or_a_hit():
    assert writing.severe_word_findings("国务院办公厅", WORDS) == []
    assert writing.severe_word_findings("国务院办公庭", []) == []


# The whole check ----------------------------------------------------------------


def test_check_places_findings_by_line_and_column():
    text = "第一行\n转发国务院办公庭通知,详见2019年2月30日"
    findings = writing.check(text, severe_words=WORDS)
    assert [(f.code, f.line, f.column, f.text) for f in findings] == [
        (Code.SEVERE_WORD, 2, 3, "国务院办公庭"),
        (Code.HALF_WIDTH, 2, 11, ","),
        (Code.IMPOSSIBLE_DATE, 2, 14, "2019年2月30日"),
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_keys_survive_edits_elsewhere():
    before = writing.check("一是甲；二是乙；二是丙。")
    after = writing.check("前言。\n一是甲；二是乙；二是丙（已补充）。")
    assert [f.key for f in before] == [f.key for f in after] == ["enumeration_sequence|二是|0"]


def test_messages_are_bilingual():
    for finding in writing.check("一是甲；三是乙,《条例", severe_words=WORDS):
        assert finding.message.zh != finding.message.en
        assert re.search("[A-Za-z]{4}", finding.message.en)
