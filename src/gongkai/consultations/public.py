"""The public side of the consultation desk: ask, the receipt, follow by tracking
code, and the published questions and answers.

The tracking page and the published pages never show the asker's name or
contact; the published pages show only the masked copies made on publication.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai import ratelimit
from gongkai.applications.public import local_today
from gongkai.consultations import services
from gongkai.consultations.forms import AskForm, TrackForm
from gongkai.consultations.intake import QuestionData
from gongkai.consultations.models import Question
from gongkai.consultations.selectors import desk_of, published_questions
from gongkai.portal import selectors
from gongkai.portal.pagecache import cacheable

PER_PAGE = 20


def _too_many(request, scope: str, limit: int):
    if ratelimit.hit(request, scope, limit=limit, period=3600):
        return None
    response = render(request, "consultations/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


@never_cache
def ask(request, slug: str):
    agency = selectors.public_agency(slug)
    context = {"agency": agency, "open": desk_of(agency).is_open}
    if request.method != "POST" or not context["open"]:
        return render(request, "consultations/ask.html", {**context, "form": AskForm.blank()})
    form = AskForm(request.POST)
    if not form.is_valid():
        return render(request, "consultations/ask.html", {**context, "form": form}, status=400)
    limited = _too_many(request, "ask", settings.GONGKAI_ASK_LIMIT)
    if limited:
        return limited
    try:
        question, _created = services.question_submit(
            agency=agency,
            data=QuestionData(**form.question_fields()),
            idempotency_key=form.cleaned_data["submission_token"],
            today=local_today(),
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return render(request, "consultations/ask.html", {**context, "form": form}, status=400)
    return redirect("consultations:receipt", slug=slug, code=question.tracking_code)


@never_cache
def receipt(request, slug: str, code: str):
    question = get_object_or_404(Question, agency__slug=slug, tracking_code=code)
    return render(request, "consultations/receipt.html", {"question": question})


@never_cache
def track(request):
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("consultations:status", code=form.cleaned_data["code"])
    return render(request, "consultations/track.html", {"form": form})


def _legs(question: Question) -> list[Question]:
    """The question and, after each transfer, the question the next agency received."""
    legs = [question]
    while legs[-1].transferred_to_id and len(legs) < 10:
        legs.append(
            Question.objects.select_related("agency", "application").get(
                pk=legs[-1].transferred_to_id
            )
        )
    return legs


@never_cache
def status(request, code: str):
    limited = _too_many(request, "track", settings.GONGKAI_TRACK_LIMIT)
    if limited:
        return limited
    question = (
        Question.objects.select_related("agency", "application").filter(tracking_code=code).first()
    )
    if question is None:
        raise Http404(_("No question has this tracking code."))
    return render(request, "consultations/status.html", {"legs": _legs(question)})


@cacheable
def qa_list(request, slug: str):
    agency = selectors.public_agency(slug)
    page = Paginator(published_questions(agency), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "consultations/qa_list.html", {"agency": agency, "page": page})


@cacheable
def qa_detail(request, slug: str, pk: int):
    agency = selectors.public_agency(slug)
    question = get_object_or_404(published_questions(agency), pk=pk)
    return render(request, "consultations/qa_detail.html", {"agency": agency, "q": question})
