"""The public 交易信息 pages: the landing, a sector's list, the calendar and its feed.

A notice's own page is the catalogue's document page (one address, which the
sitemap, search and RSS already use); ``catalogue.views.public_document`` adds
the project's lifecycle from :func:`gongkai.trading.selectors.notice_timeline`.
Search is the catalogue's, restricted to the trading columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalogue.models import Column, Document
from gongkai.portal import selectors as portal
from gongkai.portal.views import column_page
from gongkai.rules.trading import SECTORS, STAGE_NAMES, Sector, Stage
from gongkai.trading import dates, ical, selectors

PER_PAGE = 20
LATEST = 5
FEED_PAST, FEED_FUTURE = dt.timedelta(days=30), dt.timedelta(days=365)


def _site(slug: str):
    agency = portal.public_agency(slug)
    standard, own = portal.column_tree(agency)
    return agency, standard, own, selectors.trading_section([*standard, *own])


def _context(agency, standard, own, section, **extra) -> dict:
    title = section.parent.name if section.parent else _("Trading information")
    return {
        "agency": agency,
        "standard_columns": standard,
        "own_columns": own,
        "current": section.parent,
        "section": section,
        "title": title,
        **extra,
    }


@dataclass(frozen=True)
class SectorSummary:
    sector: Sector
    name: str
    column: Column
    total: int
    stages: list[tuple[Stage, str, int]]
    latest: list[Document]


def landing(request, slug: str):
    agency, standard, own, section = _site(slug)
    if not section.sectors:
        return column_page(request, slug, "trading")
    columns = list(section.sectors.values())
    counts, newest = selectors.stage_counts(columns), selectors.latest(columns, LATEST)
    sectors = [
        SectorSummary(
            sector,
            SECTORS[sector].name,
            column,
            counts[column.pk]["total"],
            [(s, STAGE_NAMES[s], counts[column.pk][s]) for s in selectors.stages_of(sector)],
            newest[column.pk],
        )
        for sector, column in section.sectors.items()
    ]
    context = _context(agency, standard, own, section, sectors=sectors)
    return render(request, "trading/landing.html", context)


class ListFilter(forms.Form):
    stage = forms.ChoiceField(
        required=False, choices=[("", "")] + [(s.value, STAGE_NAMES[s]) for s in Stage]
    )
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)


def sector_page(request, slug: str, sector: str):
    agency, standard, own, section = _site(slug)
    column = section.sectors.get(sector)
    if column is None:
        raise Http404(sector)
    form = ListFilter(request.GET)
    form.is_valid()
    stage = Stage(form.cleaned_data["stage"]) if form.cleaned_data.get("stage") else None
    year = form.cleaned_data.get("year")
    documents = selectors.sector_documents(column, stage, year)
    counts = selectors.stage_counts([column], year)[column.pk]
    context = _context(
        agency,
        standard,
        own,
        section,
        sector=Sector(sector),
        name=SECTORS[Sector(sector)].name,
        column=column,
        stage=stage,
        year=year,
        years=selectors.years(column),
        total=counts["total"],
        stages=[(s, STAGE_NAMES[s], counts[s]) for s in selectors.stages_of(Sector(sector))],
        page=Paginator(documents, PER_PAGE).get_page(request.GET.get("page")),
    )
    return render(request, "trading/sector.html", context)


def _bounds(first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    after = dates.month_after(first)
    return (
        dt.datetime(first.year, first.month, 1, tzinfo=zone),
        dt.datetime(after.year, after.month, 1, tzinfo=zone),
    )


def calendar_page(request, slug: str):
    agency, standard, own, section = _site(slug)
    if not section.sectors:
        raise Http404(slug)
    try:
        first = dates.parse_month(request.GET.get("month"), timezone.localdate())
    except ValueError as error:
        raise Http404(request.GET.get("month")) from error
    sector = request.GET.get("sector") or None
    if sector not in (None, *section.sectors):
        raise Http404(sector)
    events = selectors.calendar_events(agency, *_bounds(first), sector=sector)
    by_day = dates.by_day(events)
    context = _context(
        agency,
        standard,
        own,
        section,
        first=first,
        previous=dates.month_before(first),
        next=dates.month_after(first),
        weeks=dates.month_weeks(first, by_day),
        days=sorted(by_day.items()),
        sector=sector,
        sectors=[(s, SECTORS[s].name) for s in section.sectors],
        today=timezone.localdate(),
    )
    return render(request, "trading/calendar.html", context)


def calendar_feed(request, slug: str):
    agency, _standard, _own, section = _site(slug)
    if not section.sectors:
        raise Http404(slug)
    now = timezone.now()
    events = selectors.calendar_events(agency, now - FEED_PAST, now + FEED_FUTURE)
    site = request.build_absolute_uri("/").rstrip("/")
    entries = [
        ical.Entry(
            uid=f"{event.document_id}-{event.field}@{request.get_host()}",
            at=event.at,
            summary=f"{event.label}：{event.title}",
            description=f"{event.sector_name} · {event.project_code}",
            url=site + reverse("catalogue:public", args=[slug, event.document_id]),
        )
        for event in events
    ]
    name = _("%(agency)s: openings and deadlines") % {"agency": agency.name}
    text = ical.calendar_text(entries, name=name, stamp=now)
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")
