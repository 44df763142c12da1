"""Which agency a staff member is working in (the agency switcher's choice)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from gongkai.agencies.permissions import agencies_for

SESSION_KEY = "gongkai_agency_id"


def current_agency(request):
    """The agency chosen in the switcher, or the first the user works in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    choices = agencies_for(user)
    chosen = request.session.get(SESSION_KEY)
    for agency in choices:
        if agency.pk == chosen:
            return agency
    return choices[0] if choices else None


class CurrentAgencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.agency = SimpleLazyObject(lambda: current_agency(request))
        return self.get_response(request)
