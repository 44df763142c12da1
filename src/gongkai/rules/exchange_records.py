"""The records of one event, from plain facts: keys, envelope, content.

:func:`plan` applies :data:`gongkai.rules.exchange.SENDS` to a project, its
sections and a notice: one :class:`Planned` record per dataset, section,
bidder, committee member, candidate or party, each with its ``DATA_KEY`` and
its content (the common envelope of spec trading.md §2.6 and the record's
fields, written as the standard writes them). Pure functions, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gongkai.rules.exchange import (
    BIDDER_COUNT,
    CANDIDATE_COUNT,
    ENVELOPE,
    EXPERT_COUNT,
    IDENTITY,
    NOTICE_NATURE,
    OTHER_IDENTITY,
    PRICE_FIELD,
    SENDS,
    Entry,
    Per,
)
from gongkai.rules.ids import is_valid_uscc
from gongkai.rules.trading import NoticeKind, Sector

# The facts a record is made from (plain data; the Django side fills them in) --------


@dataclass(frozen=True)
class ProjectFacts:
    sector: Sector
    code: str
    name: str
    method: str
    legally_required: bool
    region_code: str = ""
    parties: Mapping[str, tuple[str, str]] | None = None  # OWNER, AGENT -> (name, 统一社会信用代码)


@dataclass(frozen=True)
class SectionFacts:
    code: str
    name: str
    deal_code: str  # 统一交易标识码
    value: str = ""  # estimate, budget or starting price (元)


@dataclass(frozen=True)
class Envelope:
    platform_code: str  # PLATFORM_CODE: the trading system's operator, the agency's USCC
    pub_service_plat_code: str  # PUB_SERVICE_PLAT_CODE: the provincial public-service platform
    at: dt.datetime  # the event, local wall time (DATA_TIMESTAMP)
    url: str = ""  # the published page


@dataclass(frozen=True)
class Notice:
    id: int
    kind: NoticeKind
    fields: Mapping[str, Any]  # the national fields as stored
    bidders: Mapping[str, int] | None = None  # bidders by 统一交易标识码, from the opening


@dataclass(frozen=True)
class Planned:
    """One record to send: its dataset, its DATA_KEY and its content."""

    dataset: str
    key: str
    payload: dict[str, str]


def data_key(dataset: str, *parts: object) -> str:
    return "-".join((dataset, *(str(part) for part in parts)))


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$")


def national(value: Any) -> str:
    """A field as the standard writes it: times yyyyMMddHHmmss, dates yyyyMMdd."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d%H%M%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    match = _ISO.match(str(value).strip())
    if match is None:
        return str(value).strip()
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return f"{year}{month}{day}"
    return f"{year}{month}{day}{hour}{minute}{second or '00'}"


# Planning the records of an event -------------------------------------------------------


def plan(
    event: str,
    project: ProjectFacts,
    sections: list[SectionFacts],
    envelope: Envelope,
    notice: Notice | None = None,
) -> list[Planned]:
    """The records an event sends: ``event`` is :data:`PROJECT` or a notice kind."""
    planned: list[Planned] = []
    for entry in SENDS[project.sector].get(event, ()):
        planned += _expand(entry, project, sections, envelope, notice)
    return planned


def _expand(
    entry: Entry,
    project: ProjectFacts,
    sections: list[SectionFacts],
    envelope: Envelope,
    notice: Notice | None,
) -> list[Planned]:
    if entry.per == Per.PARTY:
        return _party(entry, project, envelope, notice)
    if entry.per in (Per.PROJECT, Per.NOTICE):
        return [_whole(entry, project, sections, envelope, notice)]
    made = []
    for section in sections:
        base = _base(project, envelope) | _section(project, section)
        made += _per_section(entry, section, base, notice)
    return made


def _per_section(
    entry: Entry, section: SectionFacts, base: dict[str, str], notice: Notice | None
) -> list[Planned]:
    ds, deal = entry.dataset, section.deal_code
    if entry.per == Per.SECTION:
        return [Planned(ds, data_key(ds, deal), base | _notice_fields(notice))]
    if entry.per == Per.NOTICE_SECTION:
        return [Planned(ds, data_key(ds, deal, f"N{notice.id}"), base | _notice_fields(notice))]
    seq_field = {Per.BIDDER: "BIDDER_SEQ", Per.EXPERT: "EXPERT_SEQ",
                 Per.CANDIDATE: "WIN_CANDIDATE_ORDER"}[entry.per]  # fmt: skip
    return [
        Planned(ds, data_key(ds, deal, f"{n:03d}"), base | {seq_field: str(n)})
        for n in range(1, count(entry.per, notice, deal) + 1)
    ]


def count(per: Per, notice: Notice | None, deal_code: str = "") -> int:
    """Bidders, committee members or candidates a notice gives for a section (0 when
    it does not say); bidders may come from the section's opening record instead."""
    if notice is None:
        return 0
    fields = notice.fields
    if per == Per.BIDDER:
        return _int(fields.get(BIDDER_COUNT)) or (notice.bidders or {}).get(deal_code, 0)
    if per == Per.EXPERT:
        return _int(fields.get(EXPERT_COUNT))
    first = 1 if fields.get("FIRST_CANDIDATE_NAME") else 0
    return _int(fields.get(CANDIDATE_COUNT)) or first


def _int(value: Any) -> int:
    try:
        return max(0, int(str(value).strip()))
    except ValueError:
        return 0


def _whole(
    entry: Entry,
    project: ProjectFacts,
    sections: list[SectionFacts],
    envelope: Envelope,
    notice: Notice | None,
) -> Planned:
    payload = _base(project, envelope)
    codes, names = IDENTITY.get(project.sector, OTHER_IDENTITY)[:2]
    payload |= {codes: project.code, names: project.name}
    if entry.per == Per.PROJECT:
        key = data_key(entry.dataset, envelope.platform_code, project.code)
        return Planned(entry.dataset, key, payload | _project_fields(project))
    payload["UNIFIED_DEAL_CODES"] = ",".join(s.deal_code for s in sections)
    if notice.kind in NOTICE_NATURE:
        payload["NOTICE_NATURE"] = NOTICE_NATURE[notice.kind]
    key = data_key(entry.dataset, envelope.platform_code, f"N{notice.id}")
    return Planned(entry.dataset, key, payload | _notice_fields(notice))


def _party(
    entry: Entry, project: ProjectFacts, envelope: Envelope, notice: Notice | None
) -> list[Planned]:
    if entry.party in ("OWNER", "AGENT"):
        name, code = (project.parties or {}).get(entry.party, ("", ""))
    else:
        fields = notice.fields if notice else {}
        name = str(fields.get(f"{entry.party}_NAME", ""))
        code = str(fields.get(f"{entry.party}_CODE", "")).strip().upper()
    if not is_valid_uscc(code):  # natural persons and bodies without a USCC are not sent
        return []
    payload = {
        "PLATFORM_CODE": envelope.platform_code,
        "PUB_SERVICE_PLAT_CODE": envelope.pub_service_plat_code,
        "DATA_TIMESTAMP": national(envelope.at),
        "LEGAL_NAME": name.strip(),
        "LEGAL_CODE": code,
        "LEGAL_CODE_TYPE": "统一社会信用代码",
    }
    return [Planned(entry.dataset, data_key(entry.dataset, code), payload)]


def _base(project: ProjectFacts, envelope: Envelope) -> dict[str, str]:
    payload = {
        "PLATFORM_CODE": envelope.platform_code,
        "PUB_SERVICE_PLAT_CODE": envelope.pub_service_plat_code,
        "DATA_TIMESTAMP": national(envelope.at),
        "REGION_CODE": project.region_code,
    }
    if envelope.url:
        payload["URL"] = envelope.url
    return payload


def _section(project: ProjectFacts, section: SectionFacts) -> dict[str, str]:
    codes, names, section_code, section_name = IDENTITY.get(project.sector, OTHER_IDENTITY)
    payload = {
        "UNIFIED_DEAL_CODE": section.deal_code,
        codes: project.code,
        names: project.name,
        section_code: section.code,
        section_name: section.name,
    }
    if section.value and project.sector in PRICE_FIELD:
        payload[PRICE_FIELD[project.sector]] = section.value
    return payload


def _project_fields(project: ProjectFacts) -> dict[str, str]:
    owner = (project.parties or {}).get("OWNER", ("", ""))
    agent = (project.parties or {}).get("AGENT", ("", ""))
    values = {
        "TENDER_MODE": project.method,  # code list 1000 UNVERIFIED: the method's name
        "IS_TO_LAW": national(project.legally_required),
        "TENDERER_NAME": owner[0],
        "TENDERER_CODE": owner[1],
        "TENDER_AGENCY_NAME": agent[0],
        "TENDER_AGENCY_CODE": agent[1],
    }
    return {name: value for name, value in values.items() if value}


def _notice_fields(notice: Notice | None) -> dict[str, str]:
    if notice is None:
        return {}
    return {name: national(value) for name, value in notice.fields.items() if value != ""}


def same_content(old: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """Whether a record says nothing new (its time stamp aside)."""
    drop = ("DATA_TIMESTAMP",)
    return {k: v for k, v in old.items() if k not in drop} == {
        k: v for k, v in new.items() if k not in drop
    }


def deletion(payload: Mapping[str, str], at: dt.datetime) -> dict[str, str]:
    """What a delete carries: the envelope and identity of the record, newly stamped."""
    kept = {name: value for name, value in payload.items() if name in ENVELOPE or "CODE" in name}
    return kept | {"DATA_TIMESTAMP": national(at)}
