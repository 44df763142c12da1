"""Open data: an agency's published questions and answers (read-only, paginated).

Only what the public Q&A pages show: the masked copies made on publication,
the dates, never the asker's name or contact.
"""

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gongkai.consultations.selectors import published_questions
from gongkai.portal.selectors import public_agency

router = Router(tags=["consultations"])


class QuestionOut(Schema):
    id: int
    question: str
    answer: str
    asked_on: dt.date
    answered_on: dt.date
    url: str

    @staticmethod
    def resolve_question(row) -> str:
        return row.public_question

    @staticmethod
    def resolve_answer(row) -> str:
        return row.public_answer

    @staticmethod
    def resolve_asked_on(row) -> dt.date:
        return row.received_on

    @staticmethod
    def resolve_answered_on(row) -> dt.date:
        return row.closed_on

    @staticmethod
    def resolve_url(row) -> str:
        return f"/site/{row.agency.slug}/consult/{row.pk}/"


@router.get(
    "/agencies/{slug}/questions",
    response=list[QuestionOut],
    summary="Published questions and answers (政务咨询), newest first",
)
@paginate(LimitOffsetPagination)
def question_list(request, slug: str):
    return published_questions(public_agency(slug)).select_related("agency")
