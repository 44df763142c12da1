"""lib-cove-ocds (AGPL; tests only) on the offline OCDS 1.1.5 standard.

lib-cove reads the standard from the zip its ``standard_zip`` option names,
except for one file: for a record package it resolves the versioned release
schema by URL (through jsonref, which uses requests). ``_StandardMirror``
answers that one request from ../shared/ocds, the same 1.1.5 files, and
refuses every other URL as the offline network would.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from gongkai.ocds.mapping import BIDS_EXTENSION, LOTS_EXTENSION

SHARED_OCDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "ocds"
STANDARD_ZIP = SHARED_OCDS / "standard-1__1__5.zip"
STANDARD_URL = "https://standard.open-contracting.org/schema/1__1__5/"
# Fields of the lots and bids extensions: when lib-cove cannot fetch those
# (offline), it reports them as additional fields; online it checks them.
OFFICIAL = (LOTS_EXTENSION, BIDS_EXTENSION)
OFFICIAL_FIELDS = ("/tender/lots", "/awards/relatedLots", "/bids")


class _Response:
    def __init__(self, path: Path) -> None:
        self.path = path

    def raise_for_status(self) -> None:
        pass

    def json(self, **kwargs):
        return json.loads(self.path.read_text(encoding="utf-8"), **kwargs)


class _StandardMirror:
    """What jsonref asks of requests: ``get(uri)``, here for the standard's files only."""

    def get(self, uri: str, **kwargs) -> _Response:
        path = SHARED_OCDS / uri.removeprefix(STANDARD_URL)
        if not uri.startswith(STANDARD_URL) or not path.is_file():
            raise ConnectionError(f"offline: {uri}")
        return _Response(path)


@contextlib.contextmanager
def _offline_standard():
    import jsonref

    online = jsonref.requests
    jsonref.requests = _StandardMirror()
    try:
        yield
    finally:
        jsonref.requests = online


def review(package: dict, tmp_path: Path) -> dict:
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig({"standard_zip": STANDARD_ZIP.resolve().as_uri(), "context": "api"})
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    with _offline_standard():
        return ocds_json_output(str(tmp_path), str(path), lib_cove_ocds_config=config)


def _official(path: str) -> bool:
    inner = path.removeprefix("/releases").removeprefix("/records/releases")
    inner = inner.removeprefix("/records/compiledRelease")
    return any(inner.startswith(prefix) for prefix in OFFICIAL_FIELDS)


def assert_valid(package: dict, tmp_path: Path) -> dict:
    """Zero validation errors, no closed-codelist surprises, our extension applied."""
    result = review(package, tmp_path)
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}
    assert result["additional_open_codelist_values"] == {}
    assert result["additional_checks"] == {}  # e.g. no empty fields
    assert result["deprecated_fields"] == []
    failed = dict(result["extensions"]["invalid_extensions"])
    assert set(failed) <= set(OFFICIAL), failed  # ours is served and applied
    extra = [field["path"] + "/" + field["field"] for field in result["additional_fields"]]
    assert [path for path in extra if not _official(path)] == []
    if not failed:  # online: the lots and bids extensions were checked too
        assert extra == []
    return result
