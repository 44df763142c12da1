"""Write functions for the catalogue's columns."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record
from gongkai.catalogue.models import Column
from gongkai.rules.columns import CATEGORIES, ColumnSpec, standard_columns


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
