"""What the public sees of trading information (交易信息): lists by sector and stage,
a project's lifecycle, and the calendar of openings and deadlines.

A published notice is a catalogue document in its sector's column (the column's
``trading_sector``), so every read here starts from
:func:`gongkai.catalogue.selectors.published`, the one place deciding what is
public, and list queries run on the documents' (column, state, published_at)
index.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from gongkai.catalogue.models import Column, Document
from gongkai.catalogue.selectors import published
from gongkai.rules.trading import SECTORS, STAGE_NAMES, STAGE_OF, NoticeKind, Sector, Stage
from gongkai.trading.dates import CHANGEABLE, LABELS
from gongkai.trading.models import Notice, NoticeDate

KINDS_OF = {stage: tuple(k for k, s in STAGE_OF.items() if s == stage) for stage in Stage}
SECTOR_VALUES = frozenset(sector.value for sector in Sector)
LIST_FIELDS = ("id", "title", "published_at", "agency_id", "column_id", "trading_notice__kind")


def stages_of(sector: Sector) -> tuple[Stage, ...]:
    """The stages a sector's notice kinds reach, in lifecycle order."""
    reached = {STAGE_OF[kind] for kind in SECTORS[sector].kinds}
    return tuple(stage for stage in Stage if stage in reached)


@dataclass(frozen=True)
class TradingSection:
    """The columns of an agency's 交易信息: one per sector, and their parent if any."""

    parent: Column | None
    sectors: dict[Sector, Column]


def trading_section(tree: Iterable[Column]) -> TradingSection:
    """From :func:`gongkai.portal.selectors.column_tree`'s columns (no query)."""
    found: dict[Sector, Column] = {}
    parent = None
    for top in tree:
        for column in (top, *getattr(top, "subcolumns", ())):
            if column.trading_sector in SECTOR_VALUES:
                found.setdefault(Sector(column.trading_sector), column)
                if column is not top and parent is None:
                    parent = top
    return TradingSection(parent, {sector: found[sector] for sector in Sector if sector in found})


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _documents(columns: Sequence[Column], year: int | None = None) -> QuerySet[Document]:
    documents = published().filter(column__in=[column.pk for column in columns])
    if year is not None:
        start, end = _year_range(year)
        documents = documents.filter(published_at__gte=start, published_at__lt=end)
    return documents


def stage_counts(columns: Sequence[Column], year: int | None = None) -> dict[int, dict]:
    """Per column: published documents by stage (None: not a trading notice), and "total"."""
    rows = (
        _documents(columns, year)
        .order_by()
        .values("column_id", "trading_notice__kind")
        .annotate(n=Count("id"))
        .values_list("column_id", "trading_notice__kind", "n")
    )
    counts: dict[int, dict] = {column.pk: defaultdict(int) for column in columns}
    for column_id, kind, n in rows:
        counts[column_id][STAGE_OF[NoticeKind(kind)] if kind else None] += n
        counts[column_id]["total"] += n
    return counts


def latest(columns: Sequence[Column], per_column: int = 5) -> dict[int, list[Document]]:
    """The newest documents of each column, in one query."""
    rank = Window(
        RowNumber(),
        partition_by=[F("column_id")],
        order_by=[F("published_at").desc(), F("id").desc()],
    )
    rows = (
        _documents(columns)
        .select_related("trading_notice")
        .only(*LIST_FIELDS)
        .annotate(rank=rank)
        .filter(rank__lte=per_column)
        .order_by("column_id", "rank")
    )
    found: dict[int, list[Document]] = {column.pk: [] for column in columns}
    for document in rows:
        found[document.column_id].append(document)
    return found


def sector_documents(
    column: Column, stage: Stage | None = None, year: int | None = None
) -> QuerySet[Document]:
    """A sector's public list, newest first, with each notice's kind and project number."""
    documents = _documents([column], year)
    if stage is not None:
        documents = documents.filter(trading_notice__kind__in=KINDS_OF[stage])
    return (
        documents.select_related("trading_notice__project")
        .only(*LIST_FIELDS, "trading_notice__project__code")
        .order_by("-published_at", "-id")
    )


def years(column: Column) -> list[int]:
    """The years in which the column has public documents, newest first."""
    moments = published().filter(column=column).datetimes("published_at", "year", order="DESC")
    return [moment.year for moment in moments]


@dataclass(frozen=True)
class Timeline:
    """A notice's project through the stages, each with its public notices."""

    notice: Notice
    sector_name: str
    stage: Stage
    stages: list[tuple[Stage, str, list[Document]]]


def notice_timeline(document: Document) -> Timeline | None:
    """For a public trading notice's page; None for any other document."""
    if not document.column.trading_sector:
        return None
    notice = Notice.objects.select_related("project").filter(document=document).first()
    if notice is None:
        return None
    sector = Sector(notice.project.sector)
    by_stage: dict[Stage, list[Document]] = {stage: [] for stage in Stage}
    documents = (
        published()
        .filter(trading_notice__project=notice.project_id)
        .select_related("trading_notice")
        .only(*LIST_FIELDS)
        .order_by("published_at", "id")
    )
    for other in documents:
        by_stage[STAGE_OF[NoticeKind(other.trading_notice.kind)]].append(other)
    stages = [(stage, STAGE_NAMES[stage], by_stage[stage]) for stage in stages_of(sector)]
    return Timeline(notice, SECTORS[sector].name, STAGE_OF[NoticeKind(notice.kind)], stages)


@dataclass(frozen=True)
class Event:
    """An opening or deadline on the calendar."""

    at: dt.datetime  # local time
    field: str
    label: str
    title: str
    document_id: int
    sector: Sector
    project_code: str
    changed: bool  # a public correction of the project gives a new deadline

    @property
    def sector_name(self) -> str:
        return SECTORS[self.sector].name


def calendar_events(
    agency, start: dt.datetime, end: dt.datetime, sector: Sector | None = None
) -> list[Event]:
    """The openings and deadlines in [start, end) of the agency's public notices."""
    dates = NoticeDate.objects.filter(
        at__gte=start,
        at__lt=end,
        notice__project__agency=agency,
        notice__document__in=published(),
    )
    if sector is not None:
        dates = dates.filter(notice__project__sector=sector)
    rows = list(
        dates.select_related("notice__project", "notice__document")
        .only(
            "field",
            "at",
            "notice__project__code",
            "notice__project__sector",
            "notice__document__title",
        )
        .order_by("at", "id")
    )
    corrected = _corrected({row.notice.project_id for row in rows if row.field in CHANGEABLE})
    return [
        _event(row, row.field in CHANGEABLE and row.notice.project_id in corrected) for row in rows
    ]


def _event(row: NoticeDate, changed: bool) -> Event:
    notice = row.notice
    return Event(
        at=timezone.localtime(row.at),
        field=row.field,
        label=LABELS.get(row.field, row.field),
        title=notice.document.title,
        document_id=notice.document_id,
        sector=Sector(notice.project.sector),
        project_code=notice.project.code,
        changed=changed,
    )


def _corrected(project_ids: set[int]) -> set[int]:
    """The projects among these with a public correction giving a new deadline."""
    if not project_ids:
        return set()
    return set(
        NoticeDate.objects.filter(
            field="POST_BID_CLOSING_TIME",
            notice__project_id__in=project_ids,
            notice__document__in=published(),
        ).values_list("notice__project_id", flat=True)
    )
