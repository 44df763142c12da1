"""Write functions for trading information: projects, sections, notices.

The 信息员 registers a project with its sections and drafts notices; the
审核人 publishes. Publication checks, in order: the national data standard's
required fields for the sector and kind, the statutory time windows on the
statutory calendar (a ``block`` rule refuses, a ``warn`` rule is recorded and
shown), and personal data (ID-card and bank-card numbers are refused; the
contact telephone the notice declares is published on purpose). The notice's
page is then a catalogue document in the sector's column.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.agencies.sequences import sequence_next
from gongkai.audit.services import audit_record
from gongkai.catalogue import content
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Column
from gongkai.exchange import outbox as exchange
from gongkai.rules import pii
from gongkai.rules.ids import deal_code
from gongkai.rules.trading import SECTORS, NoticeKind, Sector, read_fields, stored_value
from gongkai.rules.trading_windows import Breach, Window, check_windows, windows_for
from gongkai.trading.dates import dates_store
from gongkai.trading.models import Notice, NoticeState, Section, TradingProject
from gongkai.trading.render import notice_page
from gongkai.workcalendar.selectors import current_calendar

EDITING_ROLES = (Role.EDITOR,)
PUBLISHING_ROLES = (Role.REVIEWER,)
REFUSED_PERSONAL_DATA = (pii.Kind.ID_CARD, pii.Kind.BANK_CARD)


def _section(project: TradingProject, item: dict[str, Any], day: dt.date) -> Section:
    code = item.get("deal_code") or deal_code(
        project.agency.uscc, day, sequence_next(project.agency, f"dealcode:{day:%Y%m%d}")
    )
    section = Section(
        project=project,
        code=item["code"],
        name=item["name"],
        deal_code=code,
        value_yuan=item.get("value_yuan"),
    )
    section.full_clean(exclude=["project"])
    section.save()
    return section


def project_create(
    *,
    actor: Any,
    agency: Agency,
    sector: str,
    code: str,
    name: str,
    owner_name: str,
    method: str,
    sections: list[dict[str, Any]],
    today: dt.date,
    **details: Any,
) -> TradingProject:
    """Register a project and its sections; each section gets its 统一交易标识码
    unless it already has one (a project begun on another system)."""
    require_role(actor, EDITING_ROLES, agency)
    Sector(sector)
    if not sections:
        raise ValidationError(_("A project needs at least one section."))
    project = TradingProject(
        agency=agency, sector=sector, code=code, name=name, owner_name=owner_name, method=method
    )
    for field, value in details.items():
        setattr(project, field, value)
    project.full_clean()
    with transaction.atomic():
        project.save()
        made = [_section(project, item, today) for item in sections]
        exchange.records_for_project(project, made, today)
        audit_record(
            actor=actor,
            action="trading.project.create",
            obj=project,
            agency=agency,
            after={"code": code, "sector": sector, "sections": [s.deal_code for s in made]},
        )
    return project


def notice_create(
    *,
    actor: Any,
    project: TradingProject,
    kind: str,
    title: str,
    fields: dict[str, Any],
    body_html: str = "",
    sections: list[Section] | None = None,
) -> Notice:
    """Draft a notice for some or all of the project's sections."""
    require_role(actor, EDITING_ROLES, project.agency)
    if NoticeKind(kind) not in SECTORS[Sector(project.sector)].kinds:
        raise ValidationError(_("This sector has no notices of this kind."))
    chosen = list(sections) if sections else list(project.sections.all())
    if any(section.project_id != project.pk for section in chosen):
        raise ValidationError(_("A section of another project was chosen."))
    notice = Notice(
        project=project,
        kind=kind,
        title=title.strip(),
        body_html=content.sanitize(body_html),
        fields={k: stored_value(v) for k, v in fields.items()},
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    notice.full_clean(exclude=["created_by", "document", "fields"])  # fields: at publication
    with transaction.atomic():
        notice.save()
        notice.sections.set(chosen)
        audit_record(
            actor=actor,
            action="trading.notice.create",
            obj=notice,
            agency=project.agency,
            after={"kind": kind, "title": notice.title[:100]},
        )
    return notice


def notice_update(
    *,
    actor: Any,
    notice: Notice,
    title: str,
    fields: dict[str, Any],
    body_html: str = "",
    sections: list[Section] | None = None,
) -> Notice:
    """The 信息员 changes a draft (its kind stays; draft another notice for another kind)."""
    require_role(actor, EDITING_ROLES, notice.project.agency)
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.state != NoticeState.DRAFT:
            raise ValidationError(_("Only a draft notice can be changed."))
        chosen = list(sections) if sections else list(notice.project.sections.all())
        if any(section.project_id != locked.project_id for section in chosen):
            raise ValidationError(_("A section of another project was chosen."))
        locked.title = title.strip()
        locked.body_html = content.sanitize(body_html)
        locked.fields = {k: stored_value(v) for k, v in fields.items()}
        locked.full_clean(exclude=["created_by", "document", "project", "fields"])
        locked.save(update_fields=["title", "body_html", "fields"])
        locked.sections.set(chosen)
        audit_record(
            actor=actor,
            action="trading.notice.update",
            obj=locked,
            agency=notice.project.agency,
            after={"title": locked.title[:100], "fields": sorted(locked.fields)},
        )
    return locked


def _checked(notice: Notice, now: dt.datetime) -> tuple[dict[str, Any], list[Window], list[Breach]]:
    """The typed fields, the windows that govern the notice and those it breached
    without blocking; or ValidationError listing every refusal."""
    sector, kind = Sector(notice.project.sector), NoticeKind(notice.kind)
    values, errors = read_fields(SECTORS[sector].required(kind), notice.fields)
    local = timezone.localtime(now).replace(tzinfo=None)
    breaches = check_windows(
        sector,
        kind,
        values,
        published=local,
        facts=notice.project.facts(),
        calendar=current_calendar(),
    )
    messages = [e.zh for e in errors] + [b.message().zh for b in breaches if b.blocks]
    messages += _personal_data(notice, values)
    if messages:
        raise ValidationError(messages)
    windows = windows_for(sector, kind, notice.project.facts())
    return values, windows, [b for b in breaches if not b.blocks]


def _personal_data(notice: Notice, values: dict[str, Any]) -> list[str]:
    text = f"{notice.title}\n{content.plain_text(notice.body_html)}\n" + "\n".join(
        str(v) for v in notice.fields.values()
    )
    allow = [str(values[key]) for key in ("CONTACT_PHONE",) if values.get(key)]
    hits = [h for h in pii.scan(text, names=False, allow=allow) if h.kind in REFUSED_PERSONAL_DATA]
    return [
        _("Personal data cannot be published in a trading notice: %(value)s.") % {"value": h.masked}
        for h in hits
    ]


def _column(notice: Notice) -> Column:
    column = Column.objects.filter(
        agency=notice.project.agency, trading_sector=notice.project.sector
    ).first()
    if column is None:
        raise ValidationError(_("No column of the site lists this sector's notices."))
    return column


def notice_publish(*, actor: Any, notice: Notice, now: dt.datetime) -> Notice:
    """The 审核人 publishes: fields, windows and personal data are checked first."""
    require_role(actor, PUBLISHING_ROLES, notice.project.agency)
    with transaction.atomic():
        locked = (
            Notice.objects.select_for_update().select_related("project__agency").get(pk=notice.pk)
        )
        if locked.state != NoticeState.DRAFT:
            raise ValidationError(_("Only a draft notice can be published."))
        values, windows, warnings = _checked(locked, now)
        locked.document = catalogue.document_publish_notice(
            actor=actor,
            column=_column(locked),
            title=locked.title,
            body_html=notice_page(locked, values, windows, warnings),
            written_on=timezone.localdate(now),
            now=now,
        )
        locked.fields = {name: stored_value(value) for name, value in values.items()}
        locked.state = NoticeState.PUBLISHED
        locked.published_at = now
        locked.warnings = [
            {"code": b.window.code, "basis": b.window.basis, "message": b.message().zh}
            for b in warnings
        ]
        locked.save(update_fields=["fields", "document", "state", "published_at", "warnings"])
        dates_store(locked, values)
        exchange.records_for_notice(locked, now)
        audit_record(
            actor=actor,
            action="trading.notice.publish",
            obj=locked,
            agency=locked.project.agency,
            after={
                "document": locked.document_id,
                "warnings": [w["code"] for w in locked.warnings],
            },
        )
    return locked


def notice_withdraw(*, actor: Any, notice: Notice, reason: str, now: dt.datetime) -> Notice:
    """Take a published notice off the site, with a reason (its page is withdrawn too)."""
    require_role(actor, PUBLISHING_ROLES, notice.project.agency)
    with transaction.atomic():
        locked = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("document")
            .get(pk=notice.pk)
        )
        if locked.state != NoticeState.PUBLISHED:
            raise ValidationError(_("Only a published notice can be withdrawn."))
        catalogue.document_withdraw(actor=actor, document=locked.document, reason=reason, now=now)
        locked.state = NoticeState.WITHDRAWN
        locked.save(update_fields=["state"])
        exchange.records_for_withdrawal(locked, now)
        audit_record(
            actor=actor,
            action="trading.notice.withdraw",
            obj=locked,
            agency=notice.project.agency,
            note=reason,
        )
    return locked
