"""What the checker needs to know about the reporting agency.

Two rules depend on it:

- S2: only 国务院部门, 省级人民政府 and 设区的市、自治州人民政府 make 规章 (立法法
  background knowledge, spec §1.7 S2, UNVERIFIED there); for everyone else the
  规章 row must be 0.
- S3: an agency without 行政许可/行政处罚/行政强制/行政事业性收费 powers reports 0.
- S8: the statutory deadline (条例 Art. 49): 县级以上人民政府部门 by 1月31日;
  the 本级政府 report of a 县级以上地方人民政府 by 3月31日. 乡镇/街道 follow
  local notices, so there is no default for them.

The caller passes an :class:`AgencyProfile` when it knows the agency (the
Django side does). When it does not, :func:`infer_profile` guesses the kind
from the name, only where the name leaves no doubt: ``X市人民政府`` alone may be
a 设区的市 or a 县级市, so it stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class AgencyKind(StrEnum):
    STATE_COUNCIL_DEPARTMENT = "state_council_department"  # 国务院部门
    PROVINCIAL_GOVERNMENT = "provincial_government"  # 省级人民政府
    CITY_GOVERNMENT = "city_government"  # 设区的市、自治州人民政府
    COUNTY_GOVERNMENT = "county_government"  # 县、县级市、市辖区人民政府
    TOWNSHIP = "township"  # 乡、镇人民政府, 街道办事处
    DEPARTMENT = "department"  # 县级以上地方人民政府部门
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位 (e.g. 公共资源交易中心)


RULE_MAKERS = frozenset(
    {
        AgencyKind.STATE_COUNCIL_DEPARTMENT,
        AgencyKind.PROVINCIAL_GOVERNMENT,
        AgencyKind.CITY_GOVERNMENT,
    }
)
GOVERNMENTS = frozenset(
    {
        AgencyKind.PROVINCIAL_GOVERNMENT,
        AgencyKind.CITY_GOVERNMENT,
        AgencyKind.COUNTY_GOVERNMENT,
    }
)
# The table-二 rows behind rule S3, by the power they need.
POWERS = ("行政许可", "行政处罚", "行政强制", "行政事业性收费")


@dataclass(frozen=True)
class AgencyProfile:
    """``kind`` None means unknown (S2 and the S8 default are skipped);
    ``powers`` None means unknown (S3 is skipped)."""

    kind: AgencyKind | None = None
    powers: frozenset[str] | None = None
    inferred: bool = False  # True when guessed from the name

    @property
    def can_make_rules(self) -> bool | None:
        return None if self.kind is None else self.kind in RULE_MAKERS


MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_TOWNSHIP = re.compile(r"(?:乡|镇|苏木)人民政府$|街道办事处$|街道$")
_CENTRAL = re.compile(r"^(?:国务院|中华人民共和国|国家)")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办|部|署|中心|院|所|站|队|处|会)$")


def infer_profile(name: str) -> AgencyProfile:
    """The agency kind from its name, where the name decides it (see module doc)."""
    name = re.sub(r"\s+", "", name)
    kind = _infer_kind(name) if name else None
    return AgencyProfile(kind=kind, inferred=True)


def _infer_kind(name: str) -> AgencyKind | None:
    if _TOWNSHIP.search(name):
        return AgencyKind.TOWNSHIP
    if name.endswith("人民政府"):
        return _government_kind(name.removesuffix("人民政府"))
    if name.endswith("公共资源交易中心"):
        return AgencyKind.PUBLIC_INSTITUTION
    if _CENTRAL.match(name) and _DEPARTMENT.search(name):
        return AgencyKind.STATE_COUNCIL_DEPARTMENT
    if _DEPARTMENT.search(name):
        return AgencyKind.DEPARTMENT
    return None


def _government_kind(place: str) -> AgencyKind | None:
    if place.endswith(("省", "自治区")) or place in MUNICIPALITIES:
        return AgencyKind.PROVINCIAL_GOVERNMENT
    if place.endswith(("区", "县", "旗")):
        return AgencyKind.COUNTY_GOVERNMENT
    if place.endswith("自治州"):
        return AgencyKind.CITY_GOVERNMENT
    if re.search(r"市.+市$", place):  # 淮安市X市: a 县级市 under a city
        return AgencyKind.COUNTY_GOVERNMENT
    return None  # "X市" alone: 设区的市 or 县级市, the name does not say


def statutory_deadline(kind: AgencyKind | None, year: int) -> dt.date | None:
    """Art. 49: the latest publication date of the report for ``year``."""
    if kind in GOVERNMENTS:
        return dt.date(year + 1, 3, 31)
    if kind in (AgencyKind.DEPARTMENT, AgencyKind.PUBLIC_INSTITUTION):
        return dt.date(year + 1, 1, 31)
    if kind is AgencyKind.STATE_COUNCIL_DEPARTMENT:
        return dt.date(year + 1, 1, 31)
    return None
