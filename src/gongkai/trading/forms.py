"""Forms for the staff trading pages (input only; the checks live in services).

The notice form is generated from the national data standard's fields that
the project's sector requires for the notice's kind
(``rules.trading.SECTORS[sector].required(kind)``): each field's label, and an
input that fits its type. A draft may leave fields empty; publication lists
what is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.rules.trading import KIND_NAMES, PARSERS, SECTORS, Field, NoticeKind, Sector
from gongkai.trading.models import SECTOR_CHOICES, Notice, Section, TradingProject

# 交易方式: the statutory windows read some of these words (公开招标), so staff choose them.
METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "单一来源采购",
           "框架协议采购", "招标出让", "拍卖出让", "挂牌出让", "协议出让", "网络竞价", "协议转让",
           "随机抽取", "直接选取")  # fmt: skip
LONG_TEXT = frozenset({"CHANGE_CONTENT", "TERMINATION_REASON", "OBJECTION_METHOD"})
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class ProjectForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES)
    code = forms.CharField(label=_("Project number (项目编号)"), max_length=60)
    name = forms.CharField(label=_("Project name"), max_length=300)
    method = forms.ChoiceField(
        label=_("Trading method (交易方式)"), choices=[(m, m) for m in METHODS]
    )
    owner_name = forms.CharField(label=_("Tenderer, purchaser or seller"), max_length=200)
    owner_code = forms.CharField(
        label=_("Its unified social credit code"), max_length=18, required=False
    )
    agent_name = forms.CharField(label=_("Agency (代理机构)"), max_length=200, required=False)
    agent_code = forms.CharField(
        label=_("The agency's unified social credit code"), max_length=18, required=False
    )
    legally_required = forms.BooleanField(
        label=_("Tender required by law (依法必须招标)"), required=False
    )
    centralised = forms.BooleanField(
        label=_("Centralised procurement (政府集中采购)"), required=False
    )
    budget_yuan = forms.DecimalField(
        label=_("Budget or estimate (元)"), max_digits=16, decimal_places=2, min_value=0,
        required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    region_code = forms.CharField(
        label=_("Region code (行政区划代码)"), max_length=6, required=False
    )


class SectionForm(forms.Form):
    code = forms.CharField(label=_("Section number"), max_length=60)
    name = forms.CharField(label=_("Section name"), max_length=300)
    value_yuan = forms.DecimalField(
        label=_("Estimate, ceiling or starting price (元)"), max_digits=16, decimal_places=2,
        min_value=0, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip


def section_formset(rows: int):
    return forms.formset_factory(SectionForm, extra=rows, max_num=50)


def section_rows(formset) -> list[dict[str, Any]]:
    """The sections filled in (blank rows are left out)."""
    return [row for row in formset.cleaned_data if row]


def _datetime(spec: Field, common: dict) -> forms.Field:
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE)
    return forms.DateTimeField(widget=widget, **common)


def _amount(spec: Field, common: dict) -> forms.Field:
    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    return forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, widget=widget, **common)


def _text(spec: Field, common: dict) -> forms.Field:
    if spec.name in LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common)
    return forms.CharField(max_length=300, **common)


INPUTS = {
    "datetime": _datetime,
    "date": lambda spec, common: forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), **common
    ),
    "amount": _amount,
    "int": lambda spec, common: forms.IntegerField(min_value=0, **common),
    "uscc": lambda spec, common: forms.CharField(max_length=18, **common),
    "text": _text,
}


def _plain(value: Any) -> Any:
    """A cleaned value as the notice keeps it: datetimes as local wall time."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, Decimal):
        return str(value)
    return value


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections this notice covers"),
        queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: every section of the project."),
    )
    body_html = forms.CharField(
        label=_("Text above the fields table (HTML; scripts and styles are removed)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def __init__(self, *args, project: TradingProject, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = project.sections.all()
        self.standard = SECTORS[Sector(project.sector)].required(NoticeKind(kind))
        for spec in self.standard:
            common = {"label": spec.label, "required": False, "help_text": spec.name}
            self.fields[spec.name] = INPUTS[spec.kind](spec, common)

    def standard_fields(self):
        return [self[spec.name] for spec in self.standard]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            spec.name: _plain(data[spec.name])
            for spec in self.standard
            if data.get(spec.name) not in (None, "")
        }
        return {
            "title": data["title"],
            "body_html": data["body_html"],
            "sections": list(data["sections"]),
            "fields": values,
        }


def _initial_value(spec: Field, value: Any) -> Any:
    """A stored value as its input shows it (a datetime for a datetime input)."""
    if spec.kind in ("datetime", "date"):
        try:
            return PARSERS[spec.kind](value)
        except (ValueError, TypeError):
            return value
    return value


def new_initial(project: TradingProject, kind: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "title": f"{project.name}{KIND_NAMES[NoticeKind(kind)]}",
        "NOTICE_SEND_TIME": timezone.localtime(now).replace(second=0, microsecond=0),
    }


def initial_of(notice: Notice) -> dict[str, Any]:
    specs = SECTORS[Sector(notice.project.sector)].required(NoticeKind(notice.kind))
    fields = notice.fields
    return {
        "title": notice.title,
        "body_html": notice.body_html,
        "sections": list(notice.sections.all()),
        **{s.name: _initial_value(s, fields[s.name]) for s in specs if s.name in fields},
    }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
