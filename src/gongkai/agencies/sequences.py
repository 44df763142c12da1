"""Gap-tolerant, never-reused counters per agency, safe under concurrent writers."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.agencies.models import Agency, Sequence


def sequence_next(agency: Agency, name: str) -> int:
    """The next value of ``name`` for ``agency``; call inside the caller's transaction."""
    for _attempt in range(3):
        updated = Sequence.objects.filter(agency=agency, name=name).update(value=F("value") + 1)
        if updated:
            return Sequence.objects.get(agency=agency, name=name).value
        try:
            with transaction.atomic():
                Sequence.objects.create(agency=agency, name=name, value=1)
            return 1
        except IntegrityError:
            continue  # another writer created it first; increment theirs
    raise RuntimeError(f"could not advance sequence {name}")
