"""Forms for the staff document pages (input only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.models import Column, Document, DocumentKind, DocumentState, Validity

METADATA = ("publisher", "doc_number", "topic", "kind", "validity", "validity_changed_on")
DATE = forms.DateInput(attrs={"type": "date"})


class DocumentForm(forms.Form):
    column = forms.ModelChoiceField(label=_("Column"), queryset=Column.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    written_on = forms.DateField(label=_("Date written (成文日期)"), widget=DATE)
    body_html = forms.CharField(
        label=_("Body (HTML; scripts and styles are removed)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    publisher = forms.CharField(
        label=_("Issuing agency (发布机构)"), max_length=200, required=False
    )
    doc_number = forms.CharField(label=_("Document number (文号)"), max_length=100, required=False)
    topic = forms.CharField(label=_("Subject category (主题分类)"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=DocumentKind.choices, required=False
    )
    validity = forms.ChoiceField(label=_("Validity (有效性)"), choices=Validity.choices)
    validity_changed_on = forms.DateField(
        label=_("Validity changed on"), widget=DATE, required=False
    )
    interpretation = forms.ModelChoiceField(
        label=_("Policy interpretation (政策解读)"),
        queryset=Document.objects.none(),
        required=False,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(agency=agency)
        self.fields["interpretation"].queryset = Document.objects.filter(
            agency=agency, state=DocumentState.PUBLISHED
        ).only("id", "title")

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for optional in ("publisher", "kind"):
            if not data[optional]:
                data.pop(optional)
        return data


def initial_of(document: Document) -> dict:
    names = ("column", "title", "written_on", "body_html", "interpretation", *METADATA)
    return {name: getattr(document, name) for name in names}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX, PNG, JPEG, GIF)"))


class ResolveForm(forms.Form):
    resolution = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    when = forms.DateTimeField(
        label=_("Publish at (leave empty to publish now)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        required=False,
    )


class CorrectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body_html = forms.CharField(
        label=_("Body"), widget=forms.Textarea(attrs={"rows": 14}), required=False
    )
    note = forms.CharField(
        label=_("What the correction changes"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SevereWordForm(forms.Form):
    wrong = forms.CharField(label=_("Wrong form"), max_length=60)
    right = forms.CharField(label=_("Right form"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
