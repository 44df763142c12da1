"""Forms for the 信息报送 pages (input only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.models import Column, Document, DocumentState
from gongkai.submissions import selectors

DATE = forms.DateInput(attrs={"type": "date"})


class SubmissionForm(forms.Form):
    column = forms.ModelChoiceField(label=_("To the column"), queryset=Column.objects.none())
    source = forms.ModelChoiceField(
        label=_("One of our published documents (or write the item below)"),
        queryset=Document.objects.none(),
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    written_on = forms.DateField(label=_("Date written (成文日期)"), widget=DATE, required=False)
    body_html = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = selectors.target_columns(agency)
        self.fields["column"].label_from_instance = lambda c: f"{c.agency.name} · {c.name}"
        self.fields["source"].queryset = Document.objects.filter(
            agency=agency, state=DocumentState.PUBLISHED
        ).only("id", "title")


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    agency = forms.IntegerField(widget=forms.HiddenInput)
    column = forms.IntegerField(widget=forms.HiddenInput)
    items_per_month = forms.IntegerField(label=_("Adopted items expected per month"), min_value=0)
