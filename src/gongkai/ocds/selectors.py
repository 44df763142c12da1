"""What OCDS exports: published notices of public agencies, read in chunks.

A release is a row of the notice–section table: one notice covering one
section. Rows come in publication order (then notice, then section), which is
also the order of the API's pages: a harvester that starts again from its last
cursor sees every notice published since, whenever it was drafted. Withdrawn
notices are left out, as on the public site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.ocds import mapping, merge
from gongkai.portal.selectors import public_agencies
from gongkai.rules.trading import NoticeKind, Sector
from gongkai.trading.models import Notice, NoticeState, Section, TradingProject

NoticeSection = Notice.sections.through
CHUNK = 2000  # rows fetched at a time
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ORDER = ("notice__published_at", "notice_id", "section_id")


def _published() -> QuerySet:
    return NoticeSection.objects.filter(
        notice__state=NoticeState.PUBLISHED, notice__project__agency__in=public_agencies()
    )


def release_rows(
    *, agency: Agency | None = None, deal_code: str = "", day: dt.date | None = None
) -> QuerySet:
    """The rows to export, in publication order, with what a release needs."""
    rows = _published()
    if agency is not None:
        rows = rows.filter(notice__project__agency=agency)
    if deal_code:
        rows = rows.filter(section__deal_code=deal_code)
    if day is not None:
        start = timezone.make_aware(
            dt.datetime.combine(day, dt.time()), timezone.get_default_timezone()
        )
        end = start + dt.timedelta(days=1)
        rows = rows.filter(notice__published_at__gte=start, notice__published_at__lt=end)
    return rows.select_related("notice__project__agency", "notice__document", "section").order_by(
        *ORDER
    )


def cursor(row) -> str:
    """Where the next page starts: after this row."""
    micros = (row.notice.published_at - EPOCH) // dt.timedelta(microseconds=1)
    return f"{micros}.{row.notice_id}.{row.section_id}"


def after(rows: QuerySet, value: str) -> QuerySet:
    """The rows after the cursor ``value`` (ValueError when it is not one)."""
    micros, notice, section = (int(part) for part in value.split("."))
    published = EPOCH + dt.timedelta(microseconds=micros)
    return rows.filter(
        Q(notice__published_at__gt=published)
        | Q(notice__published_at=published, notice_id__gt=notice)
        | Q(notice__published_at=published, notice_id=notice, section_id__gt=section)
    )


def process_of(project: TradingProject, section: Section) -> mapping.Process:
    agent = project.agent_name.strip()
    return mapping.Process(
        sector=Sector(project.sector),
        deal_code=section.deal_code,
        project_code=project.code,
        project_name=project.name,
        section_code=section.code,
        section_name=section.name,
        method=project.method,
        owner=mapping.organization(project.owner_name, project.owner_code),
        agent=mapping.organization(agent, project.agent_code) if agent else None,
        value=section.value_yuan,
    )


def notice_facts(notice: Notice, base_url: str) -> mapping.NoticeFacts:
    document = notice.document
    agency = notice.project.agency
    return mapping.NoticeFacts(
        key=document.index_number or f"notice-{notice.pk}",
        kind=NoticeKind(notice.kind),
        title=notice.title,
        fields=notice.fields,
        published=notice.published_at,
        url=base_url + reverse("catalogue:public", kwargs={"slug": agency.slug, "pk": document.pk}),
    )


def releases(rows: Iterable, base_url: str) -> Iterator[dict]:
    """One release per row."""
    prefix = settings.GONGKAI_OCDS_PREFIX
    tz = timezone.get_default_timezone()
    for row in rows:
        notice = row.notice
        yield mapping.release(
            prefix, process_of(notice.project, row.section), notice_facts(notice, base_url), tz
        )


def record_rows(*, agency: Agency | None = None, after_section: int = 0) -> QuerySet:
    """The rows of records: by section (process), each section's in publication order.

    One query for any number of records, read in chunks: sections are never
    looked up one by one (their notices are found through the notice–section
    table, which both databases then read in one pass).
    """
    return (
        release_rows(agency=agency)
        .filter(section_id__gt=after_section)
        .order_by("section_id", "notice__published_at", "notice_id")
    )


def record_page(*, agency: Agency | None, after_section: int, size: int) -> list[int]:
    """The sections of a page of records: at most ``size`` after ``after_section``.

    Asking for the sections first keeps a page's cost to the page, on PostgreSQL
    (whose server-side cursors compute their whole result) as on SQLite.
    """
    published = _published().filter(section_id__gt=after_section)
    if agency is not None:
        published = published.filter(notice__project__agency=agency)
    ordered = published.order_by("section_id").values_list("section_id", flat=True)
    return list(ordered.distinct()[:size])


def records(rows: Iterable, base_url: str) -> Iterator[tuple[int, dict]]:
    """(section id, record) for each section among ``rows`` (grouped by section)."""
    for section_id, group in groupby(rows, key=attrgetter("section_id")):
        yield section_id, merge.record(releases(group, base_url))


def all_records(*, agency: Agency | None, base_url: str) -> Iterator[dict]:
    """Every record, read a chunk of rows at a time."""
    rows = record_rows(agency=agency).iterator(chunk_size=CHUNK)
    return (record for _section, record in records(rows, base_url))


def publisher(agency: Agency | None, base_url: str) -> dict:
    """The agency publishing; without a filter, the one agency whose notices these are."""
    if agency is None:
        holders = list(
            public_agencies()
            .filter(Exists(_published().filter(notice__project__agency=OuterRef("pk"))))
            .order_by("pk")[:2]
        )
        agency = holders[0] if len(holders) == 1 else None
    if agency is None:
        return {"name": "公共资源交易信息 (Gongkai)", "uri": f"{base_url}/"}
    return {
        "name": agency.name,
        "scheme": mapping.USCC_SCHEME,
        "uid": agency.uscc,
        "uri": base_url + reverse("portal:agency", kwargs={"slug": agency.slug}),
    }


def section_of(ocid: str) -> Section | None:
    """The section an ocid of this installation names, if any."""
    prefix = f"{settings.GONGKAI_OCDS_PREFIX}-"
    if not ocid.startswith(prefix):
        return None
    return Section.objects.filter(deal_code=ocid.removeprefix(prefix)).first()
