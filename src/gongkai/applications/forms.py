"""Forms for the public application and for staff actions (input only; rules live in services)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import Delivery, IdType, ProvisionForm
from gongkai.rules.clock import Channel
from gongkai.rules.taxonomy import APPLICANT_COLUMNS, OUTCOMES

APPLICANT_CHOICES = [(key.value, label) for key, label in APPLICANT_COLUMNS.items()]


class ApplicationForm(forms.Form):
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    applicant_type = forms.ChoiceField(label=_("Applicant"), choices=APPLICANT_CHOICES)
    applicant_name = forms.CharField(label=_("Name or organisation name"), max_length=100)
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdType.choices)
    id_number = forms.CharField(label=_("Document number"), max_length=40)
    contact_person = forms.CharField(
        label=_("Contact person (organisations)"), max_length=50, required=False
    )
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    information_sought = forms.CharField(
        label=_("Information sought (name, document number or a description)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    document_number = forms.CharField(
        label=_("Document number (文号), if known"), max_length=100, required=False
    )
    provision_form = forms.ChoiceField(
        label=_("Form of provision"), choices=ProvisionForm.choices, widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label=_("How to receive it"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(
        label=_("Purpose (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    FIELDSETS = (
        (
            _("Applicant"),
            ("applicant_type", "applicant_name", "id_type", "id_number", "contact_person"),
        ),
        (_("How to reach you"), ("phone", "email", "address")),
        (
            _("What you ask for"),
            ("information_sought", "document_number", "provision_form", "delivery", "purpose"),
        ),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    @classmethod
    def blank(cls) -> ApplicationForm:
        return cls(initial={"submission_token": uuid.uuid4().hex})

    def applicant_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("submission_token")
        return data


class RegisterForm(ApplicationForm):
    """Staff registration: the channel and its dates (条例 Art. 31)."""

    submission_token = None
    channel = forms.ChoiceField(label=_("Channel"), choices=[(c.value, c.value) for c in Channel])
    arrived_on = forms.DateField(label=_("Arrived or handed in"))
    signed_on = forms.DateField(label=_("Signed for (registered post)"), required=False)
    confirmed_on = forms.DateField(label=_("Confirmed with the applicant"), required=False)
    on_behalf = forms.BooleanField(label=_("Filled in for the applicant (Art. 29)"), required=False)
    scan = forms.FileField(label=_("Scan of the application (optional)"), required=False)

    def applicant_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("channel", "arrived_on", "signed_on", "confirmed_on", "on_behalf", "scan"):
            data.pop(name)
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace("-", "").replace(" ", "").upper()
        if not (code.isascii() and code.isalnum()):  # "/", "?" …: no code has them
            raise forms.ValidationError(_("No application has this tracking code."))
        return code


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"))


class CorrectionForm(DateForm):
    items = forms.CharField(label=_("Items to correct, one per line"), widget=forms.Textarea)
    deadline = forms.DateField(label=_("Correct by"))
    late_reason = forms.CharField(label=_("Reason if late"), required=False)


class ConsultForm(DateForm):
    party = forms.ChoiceField(
        label=_("Consulted party"),
        choices=[
            ("third-party", _("Third party (Art. 32)")),
            ("other-agency", _("Other agency (Art. 34)")),
        ],
    )
    addressee = forms.CharField(label=_("Addressee"), max_length=100)


class AnswerForm(DateForm):
    ref = forms.CharField(label=_("Consultation"), max_length=10)
    note = forms.CharField(label=_("Opinion"), required=False)


class ExtendForm(DateForm):
    workdays = forms.IntegerField(label=_("Working days"), min_value=1, max_value=20)
    approver = forms.CharField(label=_("Approved by (head's username)"), max_length=150)


class ReasonableForm(DateForm):
    due = forms.DateField(label=_("New due date"))
    reason = forms.CharField(label=_("Reason"))


class ReplyForm(DateForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(o.code, o.label.zh) for o in OUTCOMES]
    )
    body = forms.CharField(
        label=_("Letter text (empty: from the template)"), widget=forms.Textarea, required=False
    )


class AppealForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("reconsideration", _("Administrative reconsideration (行政复议)")),
            ("lawsuit_direct", _("Lawsuit without reconsideration")),
            ("lawsuit_after", _("Lawsuit after reconsideration")),
        ],
    )
    filed_on = forms.DateField(label=_("Filed"))
    case_number = forms.CharField(label=_("Case number"), required=False)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class LetterDateForm(DateForm):
    letter = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Delivery note"), required=False, max_length=200)


class FeeForm(DateForm):
    method = forms.ChoiceField(
        label=_("Charging method"),
        choices=[
            ("per_page", _("By pages (按量计收)")),
            ("per_item", _("By applications (按件计收)")),
        ],
    )
    quantity = forms.IntegerField(label=_("Pages or applications"), min_value=1)


class FeePaidForm(DateForm):
    amount = forms.IntegerField(label=_("Amount paid (yuan)"), min_value=0)


class AppealDecideForm(forms.Form):
    appeal = forms.IntegerField(label=_("Case"), widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            ("maintained", _("Maintained (结果维持)")),
            ("corrected", _("Corrected (结果纠正)")),
            ("other", _("Other result (其他结果)")),
        ],
    )
    decided_on = forms.DateField(label=_("Decided"))
