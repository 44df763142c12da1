"""Daily bulk files: one gzipped release package per day of publication.

``gongkai daily`` writes the previous day's file; ``gongkai ocds bulk`` writes
any day, or every day again. Each file is written beside its final name and
then renamed, so a reader never sees half a file. A day without releases has
no file (a package holds at least one release).
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gongkai.ocds import export, selectors

NAME = re.compile(r"releases-(\d{4}-\d{2}-\d{2})\.json\.gz")


def file_name(day: dt.date) -> str:
    return f"releases-{day.isoformat()}.json.gz"


def directory() -> Path:
    return Path(settings.GONGKAI_OCDS_DIR)


def file_url(base_url: str, name: str) -> str:
    return base_url + reverse("api-v1:ocds_bulk_file", kwargs={"name": name})


def write_text(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``path`` (gzipped when it ends in .gz), all or nothing."""
    partial = path.with_name(path.name + ".part")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(partial, "wt", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def bulk_write(day: dt.date, *, base_url: str) -> int:
    """Write the day's bulk file; return how many releases it holds."""
    rows = selectors.release_rows(day=day)
    directory().mkdir(parents=True, exist_ok=True)
    target = directory() / file_name(day)
    if not rows.exists():
        target.unlink(missing_ok=True)  # its notices were withdrawn since
        return 0
    text, dated = export.release_package(
        rows.iterator(chunk_size=selectors.CHUNK),
        agency=None,
        base_url=base_url,
        uri=file_url(base_url, target.name),
    )
    write_text(target, text)
    return dated.count


def publication_days() -> list[dt.date]:
    """Every day on which a release was published (in the installation's time zone)."""
    moments = (
        selectors.release_rows()
        .order_by()
        .datetimes("notice__published_at", "day", tzinfo=timezone.get_default_timezone())
    )
    return [moment.date() for moment in moments]


def bulk_files() -> list[tuple[dt.date, Path]]:
    """The bulk files written so far, oldest first."""
    if not directory().is_dir():
        return []
    found = []
    for path in directory().iterdir():
        match = NAME.fullmatch(path.name)
        if match:
            found.append((dt.date.fromisoformat(match[1]), path))
    return sorted(found)


def bulk_path(name: str) -> Path | None:
    """The bulk file called ``name``, if there is one (never a path outside the folder)."""
    if not NAME.fullmatch(name):
        return None
    path = directory() / name
    return path if path.is_file() else None
