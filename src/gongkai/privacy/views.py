"""Staff page for an applicant's request about their own data (个人信息保护法 Arts. 45, 47).

The staff member checks the person's identity document, types the name and
number as verified, ticks that they checked it, and either downloads
everything held (JSON) or asks for anonymisation. The write functions check
the role, decide and audit; this view only carries the form.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.middleware import current_agency
from gongkai.applications.public import local_today
from gongkai.privacy.services import subject_erase, subject_export


class SubjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name as on the document"), max_length=100)
    id_number = forms.CharField(label=gettext_lazy("Document number"), max_length=40)
    verified = forms.BooleanField(label=gettext_lazy("I have checked the identity document"))


@login_required
def subject_request(request):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    form = SubjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        who = {"name": form.cleaned_data["name"], "id_number": form.cleaned_data["id_number"]}
        if request.POST.get("do") == "erase":
            return _erase(request, agency, who)
        data = subject_export(actor=request.user, agency=agency, **who)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response
    return render(request, "privacy/subject.html", {"form": form})


def _erase(request, agency, who):
    try:
        count = subject_erase(actor=request.user, agency=agency, today=local_today(), **who)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("%(n)s application(s) anonymised.") % {"n": count})
    return redirect("privacy:subject")
