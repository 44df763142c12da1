"""The public page of a trading notice: its text, then its fields as a table.

The table lists the sections with their 统一交易标识码 and the fields the
national data standard requires for the notice's sector and kind (with their
labels); then every statutory time window that governs the notice, with its
legal basis and whether it was met (a window that only warns says so).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.html import escape

from gongkai.rules.trading import SECTORS, NoticeKind, Sector
from gongkai.rules.trading_windows import Breach, Window


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _rows(notice, values: dict[str, Any]) -> list[tuple[str, str]]:
    spec = SECTORS[Sector(notice.project.sector)]
    project = notice.project
    rows = [
        ("项目编号", project.code),
        ("项目名称", project.name),
        ("交易方式", project.method),
        ("招标人/采购人/出让人", project.owner_name),
    ]
    if project.agent_name:
        rows.append(("代理机构", project.agent_name))
    rows += [
        (f"{spec.section_name}：{s.code} {s.name}", f"统一交易标识码 {s.deal_code}")
        for s in notice.sections.all()
    ]
    rows += [
        (field.label, _shown(values[field.name]))
        for field in spec.required(NoticeKind(notice.kind))
        if field.name in values
    ]
    return rows


def _basis(windows: list[Window], warnings: list[Breach]) -> str:
    """Each time rule that governs the notice, its legal basis, and whether it was met."""
    warned = {b.window.code: b for b in warnings}
    items = []
    for window in windows:
        breach = warned.get(window.code)
        state = f"提示：{breach.message().zh}" if breach else "符合"
        verified = "" if window.verified else "（依据未经核实，仅作提示）"
        items.append(
            f"<li>{escape(window.summary.zh)}（{escape(window.basis)}）{verified}："
            f"{escape(state)}</li>"
        )
    return f"<h2>时限要求及依据</h2><ul>{''.join(items)}</ul>" if items else ""


def notice_page(
    notice, values: dict[str, Any], windows: list[Window], warnings: list[Breach]
) -> str:
    """HTML for the catalogue document (sanitized again by the catalogue on save)."""
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>'
        for label, value in _rows(notice, values)
    )
    parts = [
        notice.body_html,
        f"<table><caption>公告信息</caption><tbody>{rows}</tbody></table>",
        _basis(windows, warnings),
    ]
    return "".join(parts)
