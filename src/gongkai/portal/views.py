"""The public site: home and each agency's 政府信息公开 columns."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.catalogue.models import Column
from gongkai.portal import selectors

DOCUMENTS_PER_PAGE = 20


def home(request):
    agency = selectors.home_agency()
    if agency is not None:
        return agency_home(request, agency.slug)
    return render(request, "portal/home.html", {"agencies": selectors.public_agencies()})


def agency_home(request, slug: str):
    agency = selectors.public_agency(slug)
    standard, own = selectors.column_tree(agency)
    context = {"agency": agency, "standard_columns": standard, "own_columns": own}
    return render(request, "portal/agency_home.html", context)


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
