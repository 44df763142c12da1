"""Staff pages of the consultation desk (/staff/consultations/).

Views fetch, call one write function, and render. Permission checks are in the
write functions; ``_agency`` only keeps out those who hold no desk role.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.agencies.middleware import current_agency
from gongkai.agencies.models import Agency, User
from gongkai.agencies.permissions import require_role
from gongkai.applications.forms import ApplicationForm
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application
from gongkai.applications.public import local_today
from gongkai.consultations import services
from gongkai.consultations.forms import AnswerForm, AssignForm, ReasonForm, TransferForm
from gongkai.consultations.models import Question
from gongkai.consultations.selectors import desk_of, staff_questions
from gongkai.rules import masking

FILTERS = {
    "open": gettext_lazy("Open, soonest due first"),
    "due": gettext_lazy("Due within 2 days"),
    "overdue": gettext_lazy("Past the target"),
    "all": gettext_lazy("All"),
}


def _agency(request, roles=services.PUBLISH_ROLES):
    agency = current_agency(request)
    if agency is None:
        raise PermissionDenied(_("You do not work for an agency."))
    require_role(request.user, roles, agency)
    return agency


@login_required
def question_list(request):
    agency = _agency(request)
    show = request.GET.get("show", "open")
    if show not in FILTERS:
        show = "open"
    today = local_today()
    context = {
        "rows": staff_questions(agency, show=show, today=today),
        "show": show,
        "filters": FILTERS.items(),
        "today": today,
    }
    return render(request, "consultations/staff_list.html", context)


def _question(request, pk: int) -> Question:
    agency = _agency(request)
    related = Question.objects.select_related("handler", "transferred_to__agency", "application")
    return get_object_or_404(related, pk=pk, agency=agency)


@login_required
def question_detail(request, pk: int):
    question = _question(request, pk)
    context = {
        "q": question,
        "today": local_today(),
        "masked": {
            "name": masking.mask_name(question.asker_name) if question.asker_name else "",
            "phone": masking.mask_phone(question.phone) if question.phone else "",
            "email": masking.mask_email(question.email) if question.email else "",
        },
        "assign_form": AssignForm(initial={"department": question.department}),
        "answer_form": AnswerForm(),
        "reason_form": ReasonForm(),
        "transfer_form": TransferForm(),
        "agencies": Agency.objects.active().exclude(pk=question.agency_id).order_by("name"),
        "convert_form": ApplicationForm(initial={"information_sought": question.body}),
    }
    return render(request, "consultations/staff_detail.html", context)


def _assign(request, question: Question, today: dt.date):
    form = AssignForm(request.POST)
    form.is_valid()
    name = form.cleaned_data.get("handler", "").strip()
    handler = User.objects.get(username=name) if name else None
    department = form.cleaned_data.get("department", "")
    services.question_assign(
        actor=request.user, question=question, handler=handler, department=department
    )


def _answer(request, question: Question, today: dt.date):
    services.question_answer(
        actor=request.user,
        question=question,
        answer=request.POST.get("answer", ""),
        publish=request.POST.get("publish") == "on",
        today=today,
    )


def _transfer(request, question: Question, today: dt.date):
    try:
        target = Agency.objects.get(pk=int(request.POST.get("to_agency", "")))
    except (ValueError, Agency.DoesNotExist) as error:
        raise ValidationError(_("Choose another active agency.")) from error
    services.question_transfer(
        actor=request.user,
        question=question,
        to_agency=target,
        reason=request.POST.get("reason", ""),
        today=today,
    )


def _convert(request, question: Question, today: dt.date):
    form = ApplicationForm({**request.POST.dict(), "submission_token": "staff"})
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
        )
    return services.question_convert_to_application(
        actor=request.user,
        question=question,
        data=ApplicantData(**form.applicant_fields()),
        today=today,
    )


ACTIONS = {
    "assign": _assign,
    "answer": _answer,
    "transfer": _transfer,
    "convert": _convert,
    "decline": lambda r, q, today: services.question_decline(
        actor=r.user, question=q, reason=r.POST.get("reason", ""), today=today
    ),
    "publish": lambda r, q, today: services.question_publish(actor=r.user, question=q, today=today),
    "unpublish": lambda r, q, today: services.question_unpublish(
        actor=r.user, question=q, reason=r.POST.get("reason", "")
    ),
}


@login_required
@require_POST
def question_action(request, pk: int, action: str):
    question = _question(request, pk)
    if action not in ACTIONS:
        raise Http404(action)
    try:
        result = ACTIONS[action](request, question, local_today())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except User.DoesNotExist:
        messages.error(request, _("No such account."))
    else:
        messages.success(request, _("Recorded."))
        if isinstance(result, Application):
            return redirect("applications:case", pk=result.pk)
    return redirect("consultations:detail", pk=pk)


@login_required
@require_POST
def question_reveal(request, pk: int):
    """Show the asker's name and contact once; every look is in the audit log."""
    question = _question(request, pk)
    services.question_reveal(actor=request.user, question=question)
    return render(request, "consultations/staff_reveal.html", {"q": question})


@login_required
@require_POST
def from_application(request, pk: int):
    """One click on a case page: the application becomes a question on the desk."""
    agency = _agency(request, services.DESK_ROLES)
    application = get_object_or_404(Application, pk=pk, agency=agency)
    try:
        question = services.application_convert_to_question(
            actor=request.user, application=application, today=local_today()
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("applications:case", pk=pk)
    messages.success(request, _("The application is now a consultation question."))
    return redirect("consultations:detail", pk=question.pk)


@login_required
def desk(request):
    """The agency's response target (负责人)."""
    agency = _agency(request)
    if request.method == "POST":
        try:
            services.desk_configure(
                actor=request.user,
                agency=agency,
                respond_workdays=int(request.POST.get("respond_workdays", "0") or 0),
                is_open=request.POST.get("is_open") == "on",
            )
        except (ValueError, ValidationError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Recorded."))
        return redirect("consultations:desk")
    context = {"desk": desk_of(agency)}
    return render(request, "consultations/staff_desk.html", context)
