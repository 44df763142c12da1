"""The staff actions on one case: a form to read the input, a write function to call.

One table, so the case page, its tests and the list of what a handler can do
stay the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import User
from gongkai.applications import forms as f
from gongkai.applications import services as s
from gongkai.applications.models import Application, Letter


@dataclass(frozen=True)
class Action:
    label: str
    form: type[forms.Form]
    run: Callable[..., Any]
    when: str = "open"  # offered while the case is open, "closed" after, "row" on a list row


def _letter(application: Application, data) -> Letter:
    return application.letters.get(pk=data["letter"])


ACTIONS: dict[str, Action] = {
    "correction": Action(
        _("Send a correction notice (补正)"),
        f.CorrectionForm,
        lambda a, app, d: s.application_request_correction(
            actor=a,
            application=app,
            date=d["date"],
            items=d["items"].splitlines(),
            deadline=d["deadline"],
            late_reason=d["late_reason"],
        ),
    ),
    "corrected": Action(
        _("Corrected application received"),
        f.DateForm,
        lambda a, app, d: s.application_receive_correction(
            actor=a, application=app, date=d["date"]
        ),
    ),
    "consult": Action(
        _("Consult a third party or agency"),
        f.ConsultForm,
        lambda a, app, d: s.application_consult(
            actor=a, application=app, date=d["date"], party=d["party"], addressee=d["addressee"]
        ),
    ),
    "answer": Action(
        _("Record a consultation answer"),
        f.AnswerForm,
        lambda a, app, d: s.application_record_answer(
            actor=a, application=app, ref=d["ref"], date=d["date"], note=d["note"]
        ),
    ),
    "extend": Action(
        _("Extend (head's consent)"),
        f.ExtendForm,
        lambda a, app, d: s.application_extend(
            actor=a,
            application=app,
            date=d["date"],
            workdays=d["workdays"],
            approver=User.objects.get(username=d["approver"]),
        ),
    ),
    "reasonable": Action(
        _("Set a reasonable period (Art. 35)"),
        f.ReasonableForm,
        lambda a, app, d: s.application_set_reasonable_period(
            actor=a, application=app, date=d["date"], due=d["due"], reason=d["reason"]
        ),
    ),
    "withdraw": Action(
        _("Withdrawn by the applicant"),
        f.DateForm,
        lambda a, app, d: s.application_withdraw(actor=a, application=app, date=d["date"]),
    ),
    "reply": Action(
        _("Draft the reply"),
        f.ReplyForm,
        lambda a, app, d: s.application_reply(
            actor=a, application=app, outcome=d["outcome"], date=d["date"], body=d["body"]
        ),
    ),
    "sign": Action(
        _("Sign the reply"),
        f.LetterDateForm,
        lambda a, app, d: s.reply_sign(actor=a, letter=_letter(app, d), date=d["date"]),
        when="row",
    ),
    "deliver": Action(
        _("Record delivery"),
        f.LetterDateForm,
        lambda a, app, d: s.letter_deliver(
            actor=a, letter=_letter(app, d), date=d["date"], note=d.get("note", "")
        ),
        when="row",
    ),
    "appeal": Action(
        _("Record a reconsideration or lawsuit"),
        f.AppealForm,
        lambda a, app, d: s.appeal_register(
            actor=a,
            application=app,
            kind=d["kind"],
            filed_on=d["filed_on"],
            case_number=d["case_number"],
        ),
        when="any",
    ),
    "fee": Action(
        _("Send a fee notice (信息处理费)"),
        f.FeeForm,
        lambda a, app, d: s.fee_notice_issue(
            actor=a, application=app, method=d["method"], quantity=d["quantity"], date=d["date"]
        ),
    ),
    "fee_paid": Action(
        _("Record the fee paid"),
        f.FeePaidForm,
        lambda a, app, d: s.fee_paid(
            actor=a, notice=app.fee, date=d["date"], amount_yuan=d["amount"]
        ),
    ),
    "fee_expired": Action(
        _("Fee not paid in time: stop processing"),
        f.DateForm,
        lambda a, app, d: s.fee_expire(actor=a, notice=app.fee, today=d["date"]),
    ),
    "decide": Action(
        _("Record a reconsideration or court decision"),
        f.AppealDecideForm,
        lambda a, app, d: s.appeal_decide(
            actor=a,
            appeal=app.appeals.get(pk=d["appeal"]),
            result=d["result"],
            decided_on=d["decided_on"],
        ),
        when="row",
    ),
    "disclose_file": Action(
        _("Attach a file for the applicant"),
        f.FileForm,
        lambda a, app, d: s.application_attach(
            actor=a, application=app, upload=d["file"], kind="disclosed"
        ),
        when="any",
    ),
}


def blank_forms(application: Application) -> list[tuple[str, str, forms.Form]]:
    """(name, label, empty form) for each action the case page offers in its state."""
    state = "closed" if application.state == "closed" else "open"
    return [
        (name, action.label, action.form(prefix=name))
        for name, action in ACTIONS.items()
        if action.when in (state, "any")
    ]


def perform(name: str, *, actor: User, application: Application, data, files=None) -> Any:
    action = ACTIONS[name]
    form = action.form(data, files, prefix=name)
    if not form.is_valid():
        raise ValidationError(
            [
                f"{form.fields[k].label}: {' '.join(v)}" if k in form.fields else " ".join(v)
                for k, v in form.errors.items()
            ]
        )
    return action.run(actor, application, form.cleaned_data)
