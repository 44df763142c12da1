"""Public API about the hosted agencies (no staff or personal data)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gongkai.portal.selectors import public_agencies

router = Router(tags=["agencies"])


class AgencyOut(Schema):
    slug: str
    name: str
    uscc: str
    kind: str
    level: str
    parent: str | None
    accepts_applications: bool

    @staticmethod
    def resolve_parent(agency) -> str | None:
        return agency.parent.slug if agency.parent_id else None


@router.get("", response=list[AgencyOut], summary="Agencies hosted by this installation")
def agency_list(request):
    return list(public_agencies().select_related("parent"))


@router.get("/{slug}", response=AgencyOut, summary="One agency")
def agency_detail(request, slug: str):
    return get_object_or_404(public_agencies().select_related("parent"), slug=slug)
