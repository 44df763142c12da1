"""Gongkai's local OCDS extension, served by every installation.

Its files live in ``data/extension/`` (the release schema patch, the partyRole
codelist additions and a README); ``extension.json`` is written here because it
names the installation's own address. docs/ocds.md explains each field.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from gongkai.ocds.mapping import BIDS_EXTENSION, LOTS_EXTENSION

DIRECTORY = Path(__file__).resolve().parent / "data" / "extension"
METADATA = "extension.json"
FILES = {  # name → media type
    "release-schema.json": "application/json",
    "codelists/+partyRole.csv": "text/csv; charset=utf-8",
    "README.md": "text/markdown; charset=utf-8",
}


def file_url(base_url: str, name: str) -> str:
    return base_url + reverse("api-v1:ocds_extension_file", kwargs={"name": name})


def extensions(base_url: str) -> list[str]:
    """What every package declares: the lots and bids extensions, and ours."""
    return [LOTS_EXTENSION, BIDS_EXTENSION, file_url(base_url, METADATA)]


def metadata(base_url: str) -> dict:
    return {
        "name": {"en": "Gongkai: public resource trading in China", "zh": "公开：公共资源交易"},
        "description": {
            "en": "The trading sector, the unified deal code (统一交易标识码), and disposals of "
            "public assets (land, mining rights, state property) kept apart from spending.",
            "zh": "交易领域、统一交易标识码，以及与采购支出分开的国有资产出让、转让。",
        },
        "documentationUrl": {"en": file_url(base_url, "README.md")},
        "compatibility": ["1.1"],
        "schemas": ["release-schema.json"],
        "codelists": ["+partyRole.csv"],
    }


def file_bytes(name: str) -> bytes | None:
    """One of the extension's static files, or None for any other name."""
    return (DIRECTORY / name).read_bytes() if name in FILES else None
