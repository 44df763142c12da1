"""Forms of the consultation desk. Checks beyond the field types live in intake/services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.consultations.intake import MAX_BODY, MAX_SUBJECT


class AskForm(forms.Form):
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT)
    body = forms.CharField(
        label=_("Your question"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 8})
    )
    asker_name = forms.CharField(label=_("Name (optional)"), max_length=60, required=False)
    phone = forms.CharField(label=_("Telephone (optional)"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)

    @classmethod
    def blank(cls) -> AskForm:
        return cls(initial={"submission_token": uuid.uuid4().hex})

    def question_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("submission_token")
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace("-", "").replace(" ", "").upper()


class AssignForm(forms.Form):
    handler = forms.CharField(label=_("Handler (account name)"), max_length=150, required=False)
    department = forms.CharField(label=_("Department"), max_length=60, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    publish = forms.BooleanField(
        label=_("Publish the question and answer (personal data masked)"),
        required=False,
        initial=True,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class TransferForm(forms.Form):
    to_agency = forms.IntegerField(label=_("Agency"))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
