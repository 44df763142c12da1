"""OCDS endpoints under /api/v1/ocds/: packages, the bulk files, our extension.

Packages are streamed: a page is read from the database a chunk at a time and
sent as it is written. Pages follow ``links.next`` (the OCDS pagination
extension's way) with an opaque ``after`` cursor.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain

from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gongkai.agencies.models import Agency
from gongkai.ocds import bulk, export, extension, selectors
from gongkai.portal.selectors import public_agencies

router = Router(tags=["ocds"])
JSON = "application/json; charset=utf-8"


class Filters(Schema):
    agency: str | None = Field(None, description="an agency's slug")
    after: str | None = Field(None, description="the cursor of links.next")


class ReleaseFilters(Filters):
    ocid: str | None = None
    page_size: int = Field(100, ge=1, le=1000)


class RecordFilters(Filters):
    page_size: int = Field(20, ge=1, le=100)


class BulkFile(Schema):
    date: dt.date
    url: str
    size: int


class Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JsonResponse:
        return JsonResponse(
            {"detail": self.message}, status=self.status, json_dumps_params={"ensure_ascii": False}
        )


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _agency(slug: str | None) -> Agency | None:
    if not slug:
        return None
    agency = public_agencies().filter(slug=slug).first()
    if agency is None:
        raise Refusal(404, _("No agency %(slug)s.") % {"slug": slug})
    return agency


def _next(request, value: str) -> dict:
    query = request.GET.copy()
    query["after"] = value
    return {"next": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}


def _release_rows(filters: ReleaseFilters, agency: Agency | None):
    rows = selectors.release_rows(agency=agency)
    if filters.ocid:
        section = selectors.section_of(filters.ocid)
        if section is None:
            raise Refusal(404, _("No contracting process %(ocid)s.") % {"ocid": filters.ocid})
        rows = rows.filter(section=section)
    if filters.after:
        try:
            rows = selectors.after(rows, filters.after)
        except ValueError:
            raise Refusal(400, _("This is not a page cursor.")) from None
    return rows


def _first(rows):
    """The rows read a chunk at a time, or None when there are none."""
    found = iter(rows.iterator(chunk_size=selectors.CHUNK))
    first = next(found, None)
    return None if first is None else chain([first], found)


def _stream(text) -> StreamingHttpResponse:
    return StreamingHttpResponse(text, content_type=JSON)


@router.get(
    "/releases",
    url_name="ocds_releases",
    summary="Release package: one release per notice per section",
)
def release_list(request, filters: Query[ReleaseFilters]):
    try:
        agency = _agency(filters.agency)
        rows = _release_rows(filters, agency)
    except Refusal as refusal:
        return refusal.response()
    found = _first(rows[: filters.page_size + 1])
    if found is None:
        return Refusal(404, _("No releases match.")).response()
    page = export.Page(found, filters.page_size)
    text, _count = export.release_package(
        page,
        agency=agency,
        base_url=_base(request),
        uri=request.build_absolute_uri(),
        links=lambda: _next(request, selectors.cursor(page.last)) if page.more else None,
    )
    return _stream(text)


def _record_sections(filters: RecordFilters, agency: Agency | None) -> list[int]:
    after = filters.after or "0"
    if not after.isdigit():
        raise Refusal(400, _("This is not a page cursor."))
    return selectors.record_page(
        agency=agency, after_section=int(after), size=filters.page_size + 1
    )


@router.get(
    "/records",
    url_name="ocds_records",
    summary="Record package: each process's releases and compiled release",
)
def record_list(request, filters: Query[RecordFilters]):
    try:
        agency = _agency(filters.agency)
        sections = _record_sections(filters, agency)
    except Refusal as refusal:
        return refusal.response()
    shown = sections[: filters.page_size]
    found = _first(selectors.record_rows(agency=agency).filter(section_id__in=shown))
    if found is None:
        return Refusal(404, _("No records match.")).response()
    text, _count = export.record_package(
        (record for _section, record in selectors.records(found, _base(request))),
        agency=agency,
        base_url=_base(request),
        uri=request.build_absolute_uri(),
        links=lambda: _next(request, str(shown[-1])) if len(sections) > len(shown) else None,
    )
    return _stream(text)


@router.get(
    "/records/{ocid}", url_name="ocds_record", summary="Record package of one contracting process"
)
def record_detail(request, ocid: str):
    section = selectors.section_of(ocid)
    found = _first(selectors.record_rows().filter(section=section)) if section else None
    if found is None:
        return Refusal(404, _("No contracting process %(ocid)s.") % {"ocid": ocid}).response()
    text, _count = export.record_package(
        (record for _section, record in selectors.records(found, _base(request))),
        agency=section.project.agency,
        base_url=_base(request),
        uri=request.build_absolute_uri(),
    )
    return _stream(text)


@router.get("/bulk", response=list[BulkFile], summary="The daily bulk files")
def bulk_list(request):
    base = _base(request)
    return [
        {"date": day, "url": bulk.file_url(base, path.name), "size": path.stat().st_size}
        for day, path in bulk.bulk_files()
    ]


@router.get("/bulk/{name}", url_name="ocds_bulk_file", summary="One day's release package")
def bulk_file(request, name: str):
    path = bulk.bulk_path(name)
    if path is None:
        return Refusal(404, _("No such bulk file.")).response()
    return FileResponse(path.open("rb"), content_type="application/gzip", filename=name)


@router.get(
    "/extension/{path:name}", url_name="ocds_extension_file", summary="Gongkai's OCDS extension"
)
def extension_file(request, name: str):
    if name == extension.METADATA:
        return JsonResponse(
            extension.metadata(_base(request)), json_dumps_params={"ensure_ascii": False}
        )
    content = extension.file_bytes(name)
    if content is None:
        return Refusal(404, _("No such file.")).response()
    return HttpResponse(content, content_type=extension.FILES[name])
