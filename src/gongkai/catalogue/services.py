"""Write functions for the catalogue: columns, documents and their review.

Each checks the actor's role in the agency, changes state and writes its audit
record in one transaction. Audit summaries hold masked personal data only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai import filecheck
from gongkai.agencies.models import Agency, User
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.agencies.sequences import sequence_next
from gongkai.audit.services import audit_record
from gongkai.catalogue import content
from gongkai.catalogue.models import (
    EDITABLE_STATES,
    UNPUBLISHED_STATES,
    Attachment,
    CatalogueSettings,
    Column,
    Document,
    DocumentState,
    DocumentVersion,
    ReviewFinding,
    SevereWord,
)
from gongkai.catalogue.selectors import severe_words_for
from gongkai.crypto import digest
from gongkai.portal.pagecache import pages_invalidate
from gongkai.rules import pii, writing
from gongkai.rules.clock import period_end
from gongkai.rules.columns import CATEGORIES, ColumnSpec, standard_columns
from gongkai.rules.indexno import DEFAULT_TEMPLATE, IndexNumberError, parse_template
from gongkai.textextract import ExtractError
from gongkai.workcalendar.selectors import current_calendar


def column_create(
    *,
    actor: Any,
    agency: Agency,
    name: str,
    slug: str,
    category: str,
    kind: str = Column.Kind.OWN,
    parent: Column | None = None,
    update_interval_days: int | None = None,
    article_20_item: int | None = None,
    position: int = 0,
    accepts_submissions: bool = False,
    trading_sector: str = "",
) -> Column:
    """Add a column to an agency's site (系统管理员: site configuration)."""
    require_role(actor, [Role.SYSTEM_ADMIN])
    if update_interval_days is None:
        update_interval_days = CATEGORIES[category].interval_days
    column = Column(
        agency=agency,
        parent=parent,
        name=name,
        slug=slug,
        kind=kind,
        category=category,
        update_interval_days=update_interval_days,
        article_20_item=article_20_item,
        position=position,
        accepts_submissions=accepts_submissions,
        trading_sector=trading_sector,
    )
    column.full_clean()
    with transaction.atomic():
        column.save()
        audit_record(
            actor=actor,
            action="column.create",
            obj=column,
            agency=agency,
            after={"name": name, "slug": slug, "category": category},
        )
        pages_invalidate(agency)
    return column


def columns_install_standard(
    *, actor: Any, agency: Agency, article_20_items: tuple[int, ...]
) -> list[Column]:
    """Create the standard 政府信息公开 columns (spec §4.3) that the agency lacks."""
    created: list[Column] = []
    with transaction.atomic():
        for position, spec in enumerate(standard_columns(article_20_items)):
            created += _install(actor=actor, agency=agency, spec=spec, parent=None, pos=position)
    return created


def _install(
    *, actor: Any, agency: Agency, spec: ColumnSpec, parent: Column | None, pos: int
) -> list[Column]:
    created: list[Column] = []
    column = Column.objects.filter(agency=agency, slug=spec.slug).first()
    if column is None:
        column = column_create(
            actor=actor,
            agency=agency,
            name=spec.name,
            slug=spec.slug,
            category=spec.category.code,
            kind=Column.Kind.STANDARD,
            parent=parent,
            article_20_item=spec.article_20_item,
            position=pos,
        )
        created.append(column)
    for child_pos, child in enumerate(spec.children):
        created += _install(actor=actor, agency=agency, spec=child, parent=column, pos=child_pos)
    return created


def catalogue_settings_set(*, actor: Any, agency: Agency, index_template: str) -> CatalogueSettings:
    """Set the agency's 索引号 template (系统管理员: site configuration).

    Numbers already given keep their form; the next publication uses the new template.
    """
    require_role(actor, [Role.SYSTEM_ADMIN])
    try:
        parse_template(index_template)
    except IndexNumberError as error:
        raise ValidationError(error.message.zh) from error
    with transaction.atomic():
        own, _created = CatalogueSettings.objects.select_for_update().get_or_create(agency=agency)
        before = own.index_template
        own.index_template = index_template
        own.save()
        audit_record(
            actor=actor,
            action="catalogue.settings",
            obj=own,
            agency=agency,
            before={"index_template": before},
            after={"index_template": index_template},
        )
    return own


# The 严重错误 list --------------------------------------------------------------------
#
# A supervisor keeps the list; the writing check of every agency under it uses it.


def severe_word_add(
    *, actor: Any, agency: Agency, wrong: str, right: str = "", note: str = ""
) -> SevereWord:
    """A supervisor adds a wrong form (and the right one, if known) to its list."""
    require_role(actor, [Role.SUPERVISOR], agency)
    word = SevereWord(agency=agency, wrong=wrong.strip(), right=right.strip(), note=note.strip())
    if not word.wrong:
        raise ValidationError(_("Give the wrong form."))
    if word.wrong == word.right:
        raise ValidationError(_("The wrong and the right form are the same."))
    if SevereWord.objects.filter(agency=agency, wrong=word.wrong).exists():
        raise ValidationError(_("This word is already on the list."))
    with transaction.atomic():
        word.save()
        audit_record(
            actor=actor,
            action="severe_word.add",
            obj=word,
            agency=agency,
            after={"wrong": word.wrong, "right": word.right},
        )
    return word


def severe_word_remove(*, actor: Any, word: SevereWord) -> None:
    require_role(actor, [Role.SUPERVISOR], word.agency)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="severe_word.remove",
            obj=word,
            agency=word.agency,
            before={"wrong": word.wrong, "right": word.right},
        )
        word.delete()


# Documents ------------------------------------------------------------------------
#
# 信息员 drafts → submit (personal-data scan + writing check) → 审核人 resolves the
# findings (保密审查, 条例 Art. 17) → publishes now or at a set time, or returns it;
# a published document is corrected as a new version or withdrawn with a reason.

EDITING_ROLES = (Role.EDITOR,)
REVIEWING_ROLES = (Role.REVIEWER,)
WITHDRAWING_ROLES = (Role.REVIEWER, Role.HEAD)
# 条例 Art. 26: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开.
ART26_WORKDAYS = 20
DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PII_DIGEST_PURPOSE = "catalogue-finding"
SCHEDULER = "system:scheduled"
METADATA_FIELDS = (
    "column",
    "publisher",
    "written_on",
    "doc_number",
    "topic",
    "kind",
    "validity",
    "validity_changed_on",
    "interpretation",
)
CHANGEABLE_FIELDS = frozenset({"title", "body_html", *METADATA_FIELDS})
F = ReviewFinding


def _require_state(document: Document, states: tuple[str, ...]) -> None:
    if document.state not in states:
        raise ValidationError(
            _("This cannot be done to a document in the state “%(state)s”.")
            % {"state": document.get_state_display()}
        )


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=document.pk)


def _publish_due(document: Document) -> dt.date:
    """Art. 26: 20 working days from 形成 (成文日期) or 变更, on the statutory calendar."""
    start = max(filter(None, [document.written_on, document.validity_changed_on]))
    return period_end(start, ART26_WORKDAYS, calendar=current_calendar())


def _apply(document: Document, changes: dict[str, Any]) -> None:
    """Set the given fields, sanitizing the body and checking the links stay in the agency."""
    unknown = set(changes) - CHANGEABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(document, name, value)
    if "body_html" in changes:
        document.body_html = content.sanitize(document.body_html or "")
        document.body_text = content.plain_text(document.body_html)
    if document.column.agency_id != document.agency_id:
        raise ValidationError(_("The column belongs to another agency."))
    other = document.interpretation
    if other is not None and (other.agency_id != document.agency_id or other.pk == document.pk):
        raise ValidationError(_("The interpretation must be another document of this agency."))
    document.full_clean(exclude=["created_by", "agency", "column", "interpretation"])


def document_create(
    *,
    actor: Any,
    agency: Agency,
    column: Column,
    title: str,
    written_on: dt.date,
    body_html: str = "",
    **metadata: Any,
) -> Document:
    """A 信息员 starts a draft; 发布机构 defaults to the agency's name."""
    require_role(actor, EDITING_ROLES, agency)
    document = Document(agency=agency, created_by=actor, publisher=agency.name)
    _apply(
        document,
        {"column": column, "title": title, "written_on": written_on, "body_html": body_html}
        | metadata,
    )
    document.publish_due_on = _publish_due(document)
    with transaction.atomic():
        document.save()
        audit_record(
            actor=actor,
            action="document.create",
            obj=document,
            agency=agency,
            after={"title": title, "column": column.slug, "written_on": str(written_on)},
        )
    return document


def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    """The 信息员 edits a draft or a returned document (title, body, metadata)."""
    require_role(actor, EDITING_ROLES, document.agency)
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, EDITABLE_STATES)
        _apply(locked, changes)
        locked.publish_due_on = _publish_due(locked)
        locked.save()
        audit_record(
            actor=actor,
            action="document.update",
            obj=locked,
            agency=locked.agency,
            after={"fields": sorted(changes)},
        )
    return locked


def _max_attachment_bytes() -> int:
    return getattr(settings, "GONGKAI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES)


def _read_attachment(upload: Any) -> tuple[bytes, str, str]:
    """(bytes, sniffed type, text) of an upload; ValidationError when it is refused."""
    limit = _max_attachment_bytes()
    try:
        filecheck.check_size(upload.size, limit)  # before it is read into memory
        data = upload.read()
        mime = filecheck.check_upload(data, allowed=filecheck.ATTACHMENT_TYPES, max_bytes=limit)
        text = content.attachment_text(data, mime)
    except (filecheck.UploadRefused, ExtractError) as error:
        raise ValidationError(error.message.in_language(get_language() or "zh")) from error
    upload.seek(0)
    return data, mime, text


def attachment_add(*, actor: Any, document: Document, upload: Any) -> Attachment:
    """Attach a file: its type is read from its bytes, its size limited, its text extracted."""
    require_role(actor, EDITING_ROLES, document.agency)
    _require_state(document, EDITABLE_STATES)
    data, mime, text = _read_attachment(upload)
    item = Attachment(
        document=document,
        name=upload.name[-200:],
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )
    with transaction.atomic():
        item.file.save(upload.name[-100:], upload, save=False)
        item.save()
        audit_record(
            actor=actor,
            action="document.attach",
            obj=document,
            agency=document.agency,
            after={"name": item.name, "type": mime, "sha256": item.sha256},
        )
    return item


def _pii_digest(value: str) -> str:
    return digest(value, purpose=PII_DIGEST_PURPOSE)


def _sources(document: Document) -> list[tuple[Attachment | None, str]]:
    return [(None, document.body_text)] + [(a, a.text) for a in document.attachments.all()]


def _pii_hits(document: Document, text: str, today: dt.date) -> list[pii.Finding]:
    allow = [value for value in (document.agency.phone,) if value]  # the agency's own number
    return pii.scan(text, today=today, allow=allow)


def _scan(document: Document, today: dt.date) -> list[ReviewFinding]:
    """Replace the open findings by a fresh personal-data scan and writing check.

    A value justified (or a writing finding dismissed) earlier is not asked about again.
    """
    document.findings.filter(state=F.State.OPEN).delete()
    settled = set(
        document.findings.filter(state__in=[F.State.JUSTIFIED, F.State.DISMISSED]).values_list(
            "attachment_id", "kind", "digest"
        )
    )
    found = [
        _pii_finding(document, source, hit)
        for source, text in _sources(document)
        for hit in _pii_hits(document, text, today)
    ]
    words = severe_words_for(document.agency)
    found += [
        _writing_finding(document, hit)
        for hit in writing.check(document.body_text, severe_words=words)
    ]
    fresh = [f for f in found if (f.attachment_id, f.kind, f.digest) not in settled]
    return F.objects.bulk_create(fresh)


def _pii_finding(document: Document, source: Attachment | None, hit: pii.Finding) -> F:
    """Only the masked value is stored; the keyed digest recognises it on a re-scan."""
    return F(
        document=document,
        attachment=source,
        kind=F.Kind.PII,
        code=hit.kind,
        text=hit.masked[:300],
        digest=_pii_digest(hit.text),
        start=hit.start,
        end=hit.end,
        line=hit.line,
    )


def _writing_finding(document: Document, hit: writing.Finding) -> F:
    return F(
        document=document,
        kind=F.Kind.WRITING,
        code=hit.code,
        text=hit.text[:300],
        message=hit.message.zh[:300],
        digest=hit.key[:200],
        start=hit.start,
        end=hit.end,
        line=hit.line,
    )


def document_submit(*, actor: Any, document: Document, today: dt.date) -> list[ReviewFinding]:
    """The 信息员 sends a draft to review; the scans run over the body and every attachment."""
    require_role(actor, EDITING_ROLES, document.agency)
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, EDITABLE_STATES)
        findings = _scan(locked, today)
        locked.state = DocumentState.IN_REVIEW
        locked.returned_reason = ""
        locked.save(update_fields=["state", "returned_reason", "updated_at"])
        audit_record(
            actor=actor,
            action="document.submit",
            obj=locked,
            agency=locked.agency,
            after=_finding_counts(findings),
        )
    return findings


def _finding_counts(findings: list[ReviewFinding]) -> dict[str, int]:
    return {
        "pii": sum(f.kind == F.Kind.PII for f in findings),
        "writing": sum(f.kind == F.Kind.WRITING for f in findings),
    }


RESOLUTIONS = {
    F.Kind.PII: {F.State.REDACTED: False, F.State.JUSTIFIED: True},
    F.Kind.WRITING: {F.State.FIXED: False, F.State.DISMISSED: True},
}  # resolution -> needs a reason


def finding_resolve(
    *, actor: Any, finding: ReviewFinding, resolution: str, reason: str = "", today: dt.date
) -> ReviewFinding:
    """Close one finding. Personal data (审核人): redacted — it must be gone on a re-scan —
    or justified with a reason. Writing (信息员 or 审核人): fixed or dismissed with a reason."""
    document = finding.document
    roles = REVIEWING_ROLES if finding.kind == F.Kind.PII else EDITING_ROLES + REVIEWING_ROLES
    require_role(actor, roles, document.agency)
    allowed = RESOLUTIONS[F.Kind(finding.kind)]
    if resolution not in allowed:
        raise ValidationError(_("This finding cannot be resolved that way."))
    if allowed[resolution] and not reason.strip():
        raise ValidationError(_("Give a reason."))
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, UNPUBLISHED_STATES)
        finding = F.objects.select_for_update().get(pk=finding.pk)
        if finding.state != F.State.OPEN:
            raise ValidationError(_("This finding is already resolved."))
        if resolution == F.State.REDACTED:
            _redact(locked, finding, today)
        elif resolution == F.State.FIXED and _writing_present(locked, finding):
            raise ValidationError(_("The text still has this problem."))
        _close(finding, actor=actor, state=resolution, reason=reason.strip())
    return finding


def _close(finding: ReviewFinding, *, actor: Any, state: str, reason: str) -> None:
    finding.state, finding.reason = state, reason
    finding.resolved_by, finding.resolved_at = actor, timezone.now()
    finding.save(update_fields=["state", "reason", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="finding.resolve",
        obj=finding.document,
        agency=finding.document.agency,
        after={"finding": finding.pk, "code": finding.code, "text": finding.text, "state": state},
        note=reason,
    )


def _writing_present(document: Document, finding: ReviewFinding) -> bool:
    return any(hit.key[:200] == finding.digest for hit in writing.check(document.body_text))


def _matching(document: Document, finding: ReviewFinding, text: str, today: dt.date):
    hits = _pii_hits(document, text, today)
    return [hit for hit in hits if _pii_digest(hit.text) == finding.digest]


def _redact(document: Document, finding: ReviewFinding, today: dt.date) -> None:
    """Mask the value in the body; an attachment must be replaced by the editor first."""
    if finding.attachment is not None:
        if _matching(document, finding, finding.attachment.text, today):
            raise ValidationError(
                _("The attachment still holds this value: return the document to be replaced.")
            )
        return
    body = document.body_html
    for hit in _matching(document, finding, document.body_text, today):
        body = body.replace(hit.text, hit.masked)
    _apply(document, {"body_html": body})
    if _matching(document, finding, document.body_text, today):
        raise ValidationError(
            _("The value could not be masked automatically: return the document to the editor.")
        )
    document.save(update_fields=["body_html", "body_text", "updated_at"])


def _index_template(agency: Agency) -> str:
    own = CatalogueSettings.objects.filter(agency=agency).values_list("index_template", flat=True)
    return own.first() or getattr(settings, "GONGKAI_INDEX_TEMPLATE", "") or DEFAULT_TEMPLATE


def _assign_index_number(document: Document) -> str:
    """条例 Art. 12 索引: the agency's template, one never-reused counter per scope."""
    try:
        template = parse_template(_index_template(document.agency))
        scope = template.scope(document.written_on)
        serial = sequence_next(document.agency, f"indexno:{scope}")
        assigned = template.next_number(
            day=document.written_on,
            last_serial=serial - 1,
            uscc=document.agency.uscc,
            column=document.column.slug,
        )
    except IndexNumberError as error:
        raise ValidationError(error.message.zh) from error
    return assigned.number


def _metadata(document: Document) -> dict[str, Any]:
    values = {name: getattr(document, name) for name in METADATA_FIELDS}
    values["column"] = document.column.name
    values["interpretation"] = document.interpretation_id
    values["index_number"] = document.index_number
    return {name: _plain(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _new_version(document: Document, *, actor: Any, now: dt.datetime, note: str) -> int:
    number = document.versions.count() + 1
    DocumentVersion.objects.create(
        document=document,
        number=number,
        title=document.title,
        body_html=document.body_html,
        metadata=_metadata(document),
        published_at=now,
        published_by=actor if isinstance(actor, User) else None,
        note=note,
    )
    return number


def _refuse_open_pii(document: Document) -> None:
    if document.findings.filter(kind=F.Kind.PII, state=F.State.OPEN).exists():
        raise ValidationError(
            _("Personal data found by the scan must be redacted or justified first.")
        )


def _publish(document: Document, *, actor: Any, now: dt.datetime) -> None:
    if document.index_number is None:
        document.index_number = _assign_index_number(document)
    document.state = DocumentState.PUBLISHED
    document.scheduled_for = None
    document.published_at = now
    document.published_late = timezone.localdate(now) > document.publish_due_on
    document.save()
    number = _new_version(document, actor=actor, now=now, note="")
    _search_enqueue(document)
    pages_invalidate(document.agency)
    audit_record(
        actor=actor,
        action="document.publish",
        obj=document,
        agency=document.agency,
        after={"index_number": document.index_number, "version": number},
    )


def _search_enqueue(document: Document) -> None:
    """Queue the document's search entry for refresh, in the caller's transaction;
    after the commit the queue is worked off (a failure leaves it for a retry)."""
    from gongkai.catalogue.models import SearchOutbox
    from gongkai.catalogue.searching import search_process_after_commit

    SearchOutbox.objects.create(document=document)
    transaction.on_commit(search_process_after_commit)


def document_publish(
    *, actor: Any, document: Document, now: dt.datetime, when: dt.datetime | None = None
) -> Document:
    """The 审核人 publishes now, or at ``when`` (see :func:`documents_publish_due`)."""
    require_role(actor, REVIEWING_ROLES, document.agency)
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, (DocumentState.IN_REVIEW,))
        _refuse_open_pii(locked)
        if when is None or when <= now:
            _publish(locked, actor=actor, now=now)
            return locked
        locked.scheduled_for = when
        locked.save(update_fields=["scheduled_for", "updated_at"])
        audit_record(
            actor=actor,
            action="document.schedule",
            obj=locked,
            agency=locked.agency,
            after={"scheduled_for": when.isoformat()},
        )
    return locked


ADOPTING_ROLES = (Role.EDITOR, Role.REVIEWER)


def _publish_new(
    *, actor: User, column: Column, title: str, body_html: str, written_on: dt.date,
    publisher: str, now: dt.datetime,
) -> Document:  # fmt: skip
    document = Document(agency=column.agency, created_by=actor, publisher=publisher)
    _apply(
        document,
        {"column": column, "title": title, "written_on": written_on, "body_html": body_html},
    )
    document.publish_due_on = _publish_due(document)
    with transaction.atomic():
        document.save()
        _publish(document, actor=actor, now=now)
    return document


def document_publish_adopted(
    *,
    actor: User,
    column: Column,
    title: str,
    body_html: str,
    written_on: dt.date,
    publisher: str,
    now: dt.datetime,
) -> Document:
    """Publish an item adopted from a 信息报送 in the supervisor's column.

    The submitting agency's review and scan came first (gongkai.submissions);
    the supervisor's editor decides to publish, and the item keeps its 发布机构.
    """
    require_role(actor, ADOPTING_ROLES, column.agency)
    return _publish_new(
        actor=actor,
        column=column,
        title=title,
        body_html=body_html,
        written_on=written_on,
        publisher=publisher,
        now=now,
    )


def document_publish_notice(
    *, actor: User, column: Column, title: str, body_html: str, written_on: dt.date,
    now: dt.datetime,
) -> Document:  # fmt: skip
    """Publish a trading notice's page in its sector's column (gongkai.trading, which
    checked its fields, time windows and personal data first)."""
    require_role(actor, REVIEWING_ROLES, column.agency)
    return _publish_new(
        actor=actor,
        column=column,
        title=title,
        body_html=body_html,
        written_on=written_on,
        publisher=column.agency.name,
        now=now,
    )


def documents_publish_due(*, now: dt.datetime) -> list[Document]:
    """Publish the documents whose scheduled time has come (run by the scheduler)."""
    published = []
    due = Document.objects.filter(state=DocumentState.IN_REVIEW, scheduled_for__lte=now)
    for document in due.order_by("scheduled_for", "id"):
        with transaction.atomic():
            locked = _lock(document)
            if locked.state != DocumentState.IN_REVIEW or locked.scheduled_for is None:
                continue  # returned meanwhile
            _refuse_open_pii(locked)
            _publish(locked, actor=SCHEDULER, now=now)
        published.append(locked)
    return published


def document_return(*, actor: Any, document: Document, reason: str) -> Document:
    """The 审核人 sends the document back to the 信息员, saying why."""
    require_role(actor, REVIEWING_ROLES, document.agency)
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, (DocumentState.IN_REVIEW,))
        locked.state = DocumentState.RETURNED
        locked.returned_reason = reason.strip()
        locked.scheduled_for = None
        locked.save(update_fields=["state", "returned_reason", "scheduled_for", "updated_at"])
        audit_record(
            actor=actor, action="document.return", obj=locked, agency=locked.agency, note=reason
        )
    return locked


def document_withdraw(*, actor: Any, document: Document, reason: str, now: dt.datetime) -> Document:
    """Take a published document off the public site (撤回), with a reason; its 索引号 stays."""
    require_role(actor, WITHDRAWING_ROLES, document.agency)
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, (DocumentState.PUBLISHED,))
        locked.state = DocumentState.WITHDRAWN
        locked.withdrawn_at = now
        locked.withdrawn_reason = reason.strip()
        locked.save(update_fields=["state", "withdrawn_at", "withdrawn_reason", "updated_at"])
        _search_enqueue(locked)
        pages_invalidate(locked.agency)
        audit_record(
            actor=actor,
            action="document.withdraw",
            obj=locked,
            agency=locked.agency,
            after={"index_number": locked.index_number},
            note=reason,
        )
    return locked


def document_correct(
    *,
    actor: Any,
    document: Document,
    note: str,
    now: dt.datetime,
    **changes: Any,
) -> Document:
    """Publish a correction (更正) of a published document as a new, visible version.

    The same scans run; personal data not justified before refuses the correction.
    """
    require_role(actor, REVIEWING_ROLES, document.agency)
    if not note.strip():
        raise ValidationError(_("Say what the correction changes."))
    with transaction.atomic():
        locked = _lock(document)
        _require_state(locked, (DocumentState.PUBLISHED,))
        _apply(locked, changes)
        _scan(locked, timezone.localdate(now))
        _refuse_open_pii(locked)
        locked.save()
        number = _new_version(locked, actor=actor, now=now, note=note.strip())
        _search_enqueue(locked)
        pages_invalidate(locked.agency)
        audit_record(
            actor=actor,
            action="document.correct",
            obj=locked,
            agency=locked.agency,
            after={"version": number, "fields": sorted(changes)},
            note=note,
        )
    return locked
