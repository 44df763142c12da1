"""The public site: home, each agency's 政府信息公开 columns, the language switch."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from gongkai.catalogue.models import Column
from gongkai.portal import selectors
from gongkai.portal.pagecache import cacheable

DOCUMENTS_PER_PAGE = 20


@cacheable
def home(request):
    agency = selectors.home_agency()
    if agency is not None:
        return agency_home(request, agency.slug)
    return render(request, "portal/home.html", {"agencies": selectors.public_agencies()})


@cacheable
def agency_home(request, slug: str):
    agency = selectors.public_agency(slug)
    standard, own = selectors.column_tree(agency)
    context = {"agency": agency, "standard_columns": standard, "own_columns": own}
    return render(request, "portal/agency_home.html", context)


@cacheable
def column_page(request, slug: str, column_slug: str):
    agency = selectors.public_agency(slug)
    column = get_object_or_404(Column, agency=agency, slug=column_slug)
    if column.trading_sector:  # 交易信息: the sector's list, with its filters and calendar
        return redirect("trading:sector", slug=slug, sector=column.trading_sector)
    standard, own = selectors.column_tree(agency)
    context = {
        "agency": agency,
        "column": column,
        "subcolumns": Column.objects.filter(parent=column).order_by("position", "id"),
        "page": Paginator(selectors.column_documents(column), DOCUMENTS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "standard_columns": standard,
        "own_columns": own,
    }
    return render(request, "portal/column.html", context)


def _cross_site(request) -> bool:
    """Whether the browser says the request comes from another site (Fetch Metadata,
    else Origin). Browsers send one of them with every form POST."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


@csrf_exempt
@require_POST
def language_switch(request):
    """Django's ``set_language``, without a CSRF token in the form, so that every public
    page (each carries the switch) can be served from the page cache. Forged requests
    from other sites are refused by the browser's own Origin headers instead; the
    switch changes nothing but the visitor's language cookie."""
    if _cross_site(request):
        raise PermissionDenied
    return set_language(request)
