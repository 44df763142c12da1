"""The standard 政府信息公开 columns of an agency's website, as data.

条例 Art. 24 requires a 政府信息公开平台; 国办公开办函〔2019〕61号 standardised it.
The column scheme below is the one commonly implemented (spec disclosure.md
§4.3, UNVERIFIED as official wording): 指南, 制度, 法定主动公开内容, 年报, and
依申请公开 as an entry point. 法定主动公开内容 has one sub-column per item of
Art. 20 that applies to the agency.

Each column also has a freshness category from 国办秘函〔2019〕19号 (spec §4.1):
动态/要闻 columns are stale after 2 weeks without an update, 通知公告 and
政策文件 columns after 6 months.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FreshnessCategory:
    code: str
    name: str
    interval_days: int | None  # None: no fixed interval (e.g. the 指南)


NEWS = FreshnessCategory("news", "动态要闻类", 14)  # 19号: 2 周
NOTICE = FreshnessCategory("notice", "通知公告类", 183)  # 19号: 6 个月
POLICY = FreshnessCategory("policy", "政策文件类", 183)  # 19号: 6 个月
STATIC = FreshnessCategory("static", "基本信息类", None)
CATEGORIES = {c.code: c for c in (NEWS, NOTICE, POLICY, STATIC)}

# 条例 Art. 20 (verbatim item headings, shortened to the column name agencies use).
ARTICLE_20_ITEMS = {
    1: "行政法规、规章和规范性文件",
    2: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    3: "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    4: "国民经济和社会发展统计信息",
    5: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    6: "实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定",
    7: "财政预算、决算信息",
    8: "行政事业性收费项目及其依据、标准",
    9: "政府集中采购项目的目录、标准及实施情况",
    10: "重大建设项目的批准和实施情况",
    11: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    12: "突发公共事件的应急预案、预警信息及应对情况",
    13: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    14: "公务员招考的职位、名额、报考条件等事项以及录用结果",
    15: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    category: FreshnessCategory
    children: tuple[ColumnSpec, ...] = ()
    article_20_item: int | None = None


def statutory_columns(items: tuple[int, ...]) -> ColumnSpec:
    """法定主动公开内容 with one sub-column per applicable Art. 20 item."""
    children = tuple(
        ColumnSpec(f"art20-{n}", ARTICLE_20_ITEMS[n], POLICY if n == 1 else NOTICE, (), n)
        for n in items
    )
    return ColumnSpec("statutory", "法定主动公开内容", NOTICE, children)


def standard_columns(article_20_items: tuple[int, ...]) -> tuple[ColumnSpec, ...]:
    """The standard 政府信息公开 columns every agency's site has (spec §4.3)."""
    return (
        ColumnSpec("guide", "政府信息公开指南", STATIC),
        ColumnSpec("rules", "政府信息公开制度", STATIC),
        statutory_columns(article_20_items),
        ColumnSpec("annual-reports", "政府信息公开年报", STATIC),
        ColumnSpec("applications", "依申请公开", STATIC),
    )
