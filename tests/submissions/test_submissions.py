"""信息报送: submit upward, adopt or decline, tasks and rates, and the staff pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditRecord
from gongkai.catalogue.models import Document, DocumentState
from gongkai.catalogue.selectors import published
from gongkai.submissions import selectors, services
from gongkai.submissions.models import Submission, SubmissionState
from tests.conftest import resident_id

NOW = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


def submit(up, title="本局召开安全生产会议", body="<p>会议部署了全年工作。</p>", **extra):
    values = dict(
        actor=up.submitter,
        agency=up.agency,
        column=up.column,
        now=NOW,
        title=title,
        body_html=body,
        written_on=dt.date(2024, 3, 1),
    )
    values.update(extra)
    return services.submission_create(**values)


def test_an_adopted_item_is_published_in_the_supervisors_column(upward):
    item = submit(upward)
    assert item.state == SubmissionState.SUBMITTED
    services.submission_adopt(actor=upward.site_editor, submission=item, now=NOW)
    item.refresh_from_db()
    document = item.adopted_as
    assert item.state == SubmissionState.ADOPTED and item.decided_by == upward.site_editor
    assert (document.agency, document.column) == (upward.supervisor, upward.column)
    assert document.publisher == "测试市某局"  # the 发布机构 stays the submitting agency
    assert document.state == DocumentState.PUBLISHED and document.index_number
    assert published(now=NOW).filter(pk=document.pk).exists()
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"submission.create", "submission.adopt", "document.publish"} <= actions


def test_the_same_item_sent_twice_is_one_submission(upward):
    first = submit(upward)
    again = submit(upward)
    assert again.pk == first.pk
    assert Submission.objects.count() == 1
    assert AuditRecord.objects.filter(action="submission.create").count() == 1


def test_personal_data_never_travels_upward(upward):
    number = resident_id()
    with pytest.raises(ValidationError, match="个人信息") as caught:
        submit(upward, body=f"<p>联系人身份证号{number}</p>")
    assert number not in str(caught.value)  # the message shows it masked
    assert not Submission.objects.exists()


def test_only_columns_of_a_supervisor_that_take_submissions(upward, make_user):
    with pytest.raises(ValidationError, match="不接收"):
        submit(upward, column=upward.closed)
    upward.agency.parent = None
    upward.agency.save(update_fields=["parent"])
    with pytest.raises(ValidationError, match="不接收"):
        submit(upward)


def test_a_source_document_must_be_published_by_the_agency(upward):
    draft = Document.objects.create(
        agency=upward.agency,
        column=upward.closed,  # any column: only the state and agency are checked
        title="草稿",
        written_on=dt.date(2024, 3, 1),
        created_by=upward.submitter,
    )
    with pytest.raises(ValidationError, match="已公开"):
        submit(upward, source=draft)


def test_roles_are_checked(upward, make_user):
    with pytest.raises(PermissionDenied):
        submit(upward, actor=upward.site_editor)  # works for the supervisor, not the agency
    item = submit(upward)
    with pytest.raises(PermissionDenied):
        services.submission_adopt(actor=upward.submitter, submission=item, now=NOW)
    with pytest.raises(PermissionDenied):
        services.submission_task_set(
            actor=upward.site_editor, agency=upward.agency, column=upward.column, items_per_month=5
        )


def test_decline_needs_a_reason_and_a_decision_is_final(upward):
    item = submit(upward)
    with pytest.raises(ValidationError, match="理由"):
        services.submission_decline(actor=upward.site_editor, submission=item, reason=" ", now=NOW)
    services.submission_decline(
        actor=upward.site_editor, submission=item, reason="不属于本栏目范围", now=NOW
    )
    with pytest.raises(ValidationError, match="已经处理"):
        services.submission_adopt(actor=upward.site_editor, submission=item, now=NOW)
    with pytest.raises(ValidationError, match="已经处理"):
        services.submission_withdraw(actor=upward.submitter, submission=item, now=NOW)
    assert not Document.objects.filter(column=upward.column).exists()


def test_counts_rates_and_tasks(upward):
    services.submission_task_set(
        actor=upward.overseer, agency=upward.agency, column=upward.column, items_per_month=2
    )
    items = [submit(upward, title=f"动态{n}") for n in range(4)]
    for item in items[:2]:
        services.submission_adopt(actor=upward.site_editor, submission=item, now=NOW)
    services.submission_decline(
        actor=upward.site_editor, submission=items[2], reason="重复", now=NOW
    )
    withdrawn = submit(upward, title="撤回的")
    services.submission_withdraw(actor=upward.submitter, submission=withdrawn, now=NOW)
    march = selectors.counts(upward.agency, *MARCH)
    assert (march.submitted, march.adopted, march.declined, march.pending) == (4, 2, 1, 1)
    assert str(march.adoption_rate) == "50.0"
    assert str(march.assurance_rate) == "100.0"  # two adopted against a task of two
    spring = selectors.counts(upward.agency, dt.date(2024, 3, 1), dt.date(2024, 4, 30))
    assert str(spring.assurance_rate) == "50.0"  # April: nothing adopted
    under_way = selectors.counts(
        upward.agency, dt.date(2024, 3, 1), dt.date(2024, 4, 30), until=dt.date(2024, 4, 15)
    )
    assert str(under_way.assurance_rate) == "100.0"  # April has not ended yet
    ((agency, row),) = selectors.ranking(upward.supervisor, *MARCH)
    assert (agency, row.adopted) == (upward.agency, 2)


def test_a_task_of_zero_removes_it(upward):
    services.submission_task_set(
        actor=upward.overseer, agency=upward.agency, column=upward.column, items_per_month=3
    )
    assert selectors.counts(upward.agency, *MARCH).assurance_rate == 0
    services.submission_task_set(
        actor=upward.overseer, agency=upward.agency, column=upward.column, items_per_month=0
    )
    assert selectors.counts(upward.agency, *MARCH).assurance_rate is None


# The pages ----------------------------------------------------------------------


def login(client, user, agency):
    from gongkai.agencies.middleware import SESSION_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = agency.pk
    session.save()


def test_the_agency_submits_and_the_supervisor_adopts_through_the_pages(client, upward):
    login(client, upward.submitter, upward.agency)
    page = client.get("/staff/submissions/")
    assert page.status_code == 200
    assert "部门动态" in page.content.decode()
    response = client.post(
        "/staff/submissions/new/",
        {
            "column": upward.column.pk,
            "title": "本局开展植树活动",
            "written_on": "2024-03-01",
            "body_html": "<p>活动顺利开展。</p><script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    item = Submission.objects.get()
    assert "script" not in item.body_html
    login(client, upward.site_editor, upward.supervisor)
    inbox = client.get("/staff/submissions/").content.decode()
    assert "本局开展植树活动" in inbox and "测试市某局" in inbox
    client.post(f"/staff/submissions/{item.pk}/adopt/")
    item.refresh_from_db()
    assert item.state == SubmissionState.ADOPTED
    public = client.get(f"/site/test-office/documents/{item.adopted_as_id}/")
    assert "本局开展植树活动" in public.content.decode()


def test_declining_through_the_page_shows_the_reason_to_the_agency(client, upward):
    item = submit(upward)
    login(client, upward.site_editor, upward.supervisor)
    client.post(f"/staff/submissions/{item.pk}/decline/", {"reason": "内容重复"})
    login(client, upward.submitter, upward.agency)
    page = client.get("/staff/submissions/").content.decode()
    assert "内容重复" in page and "未采用" in page


def test_another_agencys_submission_cannot_be_touched(client, upward, make_user, agency):
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    other = agency_create(
        actor=SYSTEM,
        name="无关单位",
        slug="other",
        uscc=demo_uscc("11", 898),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )
    stranger = make_user("stranger", "editor", other)
    item = submit(upward)
    login(client, stranger, other)
    assert client.post(f"/staff/submissions/{item.pk}/withdraw/").status_code == 404
    item.refresh_from_db()
    assert item.state == SubmissionState.SUBMITTED


def test_the_supervisor_sets_a_task_and_sees_the_ranking(client, upward):
    login(client, upward.overseer, upward.supervisor)
    client.post(
        "/staff/submissions/tasks/",
        {"agency": upward.agency.pk, "column": upward.column.pk, "items_per_month": "8"},
    )
    page = client.get("/staff/submissions/?year=2024").content.decode()
    assert 'value="8"' in page
    assert "测试市某局" in page and "信息保障率" in page
    bad = client.post(
        "/staff/submissions/tasks/",
        {"agency": upward.agency.pk, "column": upward.column.pk, "items_per_month": "-1"},
        follow=True,
    )
    assert "整数" in bad.content.decode()
