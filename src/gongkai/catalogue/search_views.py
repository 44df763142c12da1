"""The public search page: /search/ across agencies, /site/<slug>/search/ for one."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai import ratelimit
from gongkai.catalogue.models import Column
from gongkai.catalogue.searching import search
from gongkai.portal import selectors
from gongkai.search.engine import SearchFilters
from gongkai.search.tokenize import suggest_words

PER_PAGE = 20


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    validity = forms.ChoiceField(
        label=_("Validity"),
        required=False,
        choices=[
            ("", _("Any")),
            ("valid", _("In force")),
            ("amended", _("Amended")),
            ("abolished", _("Abolished")),
        ],
    )
    column = forms.SlugField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, max_value=500, widget=forms.HiddenInput)


def _scope(agency, slug: str) -> tuple[Column | None, tuple[str, ...]]:
    """Within one agency a column is searched with its subcolumns (交易信息 and its
    sectors): the column and the slugs to search, or (None, ()) when none is asked."""
    if agency is None or not slug:
        return None, ()
    found = list(Column.objects.filter(agency=agency).filter(Q(slug=slug) | Q(parent__slug=slug)))
    scope = next((column for column in found if column.slug == slug), None)
    return scope, tuple(column.slug for column in found) or (slug,)


def search_page(request, slug: str | None = None):
    agency = selectors.public_agency(slug) if slug else None
    form = SearchForm(request.GET or None)
    context = {"agency": agency, "form": form}
    if form.is_valid():
        if not ratelimit.hit(request, "search", limit=settings.GONGKAI_SEARCH_LIMIT, period=3600):
            return ratelimit.refusal(request, 3600)
        data = form.cleaned_data
        scope, columns = _scope(agency, data["column"])
        filters = SearchFilters(
            agency=agency.slug if agency else None,
            column=None if columns else data["column"] or None,
            columns=columns,
            year=data["year"],
            validity=data["validity"] or None,
        )
        page = data["page"] or 1
        results = search(data["q"], filters, page=page, per_page=PER_PAGE)
        context.update(
            results=results,
            # The engine HTML-escapes titles and snippets and adds only <mark>.
            hits=[
                (hit, mark_safe(hit.title_html), mark_safe(hit.snippet_html))
                for hit in results.hits
            ],
            page=page,
            more=results.total > page * PER_PAGE,
            suggestion=None if results.total else suggest_words(data["q"]),
            scope=scope,
        )
    return render(request, "catalogue/search.html", context)
