"""The public document page's document, fetched with what its page shows.

One query brings the document with its agency, column (and parent column) and
interpretation, without the fields the page does not show; its versions and
attachments are two more (tests/catalogue/test_pages.py pins the count). What is
public is decided by :func:`gongkai.catalogue.selectors.published` and, for the
agency, by ``is_active`` as :func:`gongkai.portal.selectors.public_agencies`
does (a join here: as a subquery it costs more to build than to run).
"""

from __future__ import annotations

from gongkai.catalogue.models import Document
from gongkai.catalogue.selectors import published

FIELDS = (
    *("title", "body_html", "index_number", "publisher", "written_on", "published_at"),
    *("doc_number", "topic", "validity", "validity_changed_on", "interpretation__title"),
    *("agency__name", "agency__slug", "column__name", "column__slug", "column__trading_sector"),
    *("column__parent__name", "column__parent__slug"),
)


def public_document_page(slug: str, pk: int) -> Document | None:
    """The public document ``pk`` of the public agency ``slug``, ready for its page."""
    found = (
        published()
        .filter(agency__slug=slug, agency__is_active=True, pk=pk)
        .select_related("agency", "column__parent", "interpretation")
        .only(*FIELDS)
        .order_by()
    )
    return next(iter(found), None)
