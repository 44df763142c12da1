"""Table 二 第二十条第(一)项 of the annual report from the document register.

A document's ``kind`` says whether it is a 规章 or a 行政规范性文件; only
documents on the public site (state published) count. For report year Y:

2019 format (本年新制作数量 / 本年新公开数量 / 对外公开总数量):
- made: 成文日期 in Y;
- published: first published in Y;
- total: first published by the end of Y.

2021 format (本年制发件数 / 本年废止件数 / 现行有效件数):
- made: 成文日期 in Y;
- abolished: 有效性 set to 已废止 with its date in Y;
- in force: 成文日期 by the end of Y and not abolished by then (已修改 documents
  stay in force in their amended form).
The 2021 figures satisfy rule Y2 (in force(Y) = in force(Y−1) + made − abolished)
by construction. One grouped query; spec disclosure.md §1.4.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Document, DocumentKind, DocumentState, Validity

ROWS = {
    "2019": {DocumentKind.RULE: "规章", DocumentKind.NORMATIVE: "规范性文件"},
    "2021": {DocumentKind.RULE: "规章", DocumentKind.NORMATIVE: "行政规范性文件"},
}
COLUMNS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数"),
}


def _measures(year: int, fmt: str) -> tuple[Q, Q, Q]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    made = Q(written_on__gte=first, written_on__lte=last)
    if fmt == "2019":
        return made, Q(published_at__gte=start, published_at__lt=end), Q(published_at__lt=end)
    abolished_by = Q(validity=Validity.ABOLISHED, validity_changed_on__lte=last)
    abolished = abolished_by & Q(validity_changed_on__gte=first)
    return made, abolished, Q(written_on__lte=last) & ~abolished_by


def table_two_item_one(agency: Agency, year: int, fmt: str) -> dict[str, int]:
    """The six cells of 第二十条第(一)项 for ``agency`` in ``year``."""
    measures = _measures(year, fmt)
    names = ("a", "b", "c")
    rows = (
        Document.objects.filter(
            agency=agency, state=DocumentState.PUBLISHED, kind__in=list(ROWS[fmt])
        )
        .values("kind")
        .annotate(**{name: Count("id", filter=q) for name, q in zip(names, measures, strict=True)})
    )
    found = {row["kind"]: row for row in rows}
    cells = {}
    for kind, label in ROWS[fmt].items():
        row = found.get(kind, {})
        for name, column in zip(names, COLUMNS[fmt], strict=True):
            cells[f"二|第二十条第(一)项/{label}|{column}"] = row.get(name, 0)
    return cells
