"""The supervisor's list of 严重错误 words, which the writing check of every agency
under it uses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.catalogue import services
from gongkai.catalogue.forms import SevereWordForm
from gongkai.catalogue.models import SevereWord


def _agency(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, [Role.SUPERVISOR], agency)
    return agency


@login_required
def severe_words(request):
    agency = _agency(request)
    form = SevereWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.severe_word_add(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Recorded."))
            return redirect("catalogue:severe_words")
    words = SevereWord.objects.filter(agency=agency)
    return render(request, "catalogue/severe_words.html", {"form": form, "words": words})


@login_required
@require_POST
def severe_word_remove(request, pk: int):
    agency = _agency(request)
    word = get_object_or_404(SevereWord, pk=pk, agency=agency)
    services.severe_word_remove(actor=request.user, word=word)
    messages.success(request, _("Removed."))
    return redirect("catalogue:severe_words")
