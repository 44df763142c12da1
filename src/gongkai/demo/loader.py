"""The demo generator. Deterministic: the same call gives the same data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.agencies import security
from gongkai.agencies import services as agency_services
from gongkai.agencies.models import Agency, AgencyKind, AgencyLevel, RoleGrant, User
from gongkai.agencies.permissions import SYSTEM
from gongkai.agencies.roles import Role
from gongkai.catalogue import services as catalogue_services
from gongkai.catalogue.models import Column
from gongkai.demo import anshan
from gongkai.rules.ids import org_code_check_char, uscc_check_char

DEMO_PASSWORD = "Gongkai-demo-2019"
# The demo administrators' authenticator key (TOTP, RFC 6238): printed by `gongkai
# demo` and in README so an evaluator can add it to an authenticator app. A demo
# value for a demo installation: real administrators enrol their own at first login.
DEMO_TOTP_SECRET = "GONGKAIDEMOTOTPSECRETFORADMINS22"
# The demo's data end on this day, so every run makes the same records.
DEMO_END = dt.date(2026, 11, 20)
BUSY_AGENCY = "anshan-zrzy"  # printed by `gongkai demo`; demo installations only
ANSHAN_REGION = "210300"  # 鞍山市 行政区划代码


def demo_uscc(registry: str, serial: int) -> str:
    """A well-formed but fictitious 统一社会信用代码 for demo agencies.

    ``registry`` is the first two characters (11 机关, 12 事业单位); the
    organisation code starts with "DM" so no real body is impersonated.
    """
    org8 = f"DM{serial:06d}"
    first17 = f"{registry}{ANSHAN_REGION}{org8}{org_code_check_char(org8)}"
    return first17 + uscc_check_char(first17)


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    name: str
    registry: str
    serial: int
    kind: str
    parent: str | None
    article_20_items: tuple[int, ...]
    own_columns: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = ()
    extra: dict = field(default_factory=dict)


TRADING_SECTORS = (
    ("construction", "工程建设"),
    ("government-procurement", "政府采购"),
    ("land", "土地使用权出让"),
    ("mining-rights", "矿业权出让"),
    ("state-property", "国有产权交易"),
    ("intermediary", "中介超市"),
)

AGENCIES = (
    AgencySpec(
        slug="anshan-gov-office",
        name="鞍山市人民政府办公室",
        registry="11",
        serial=1,
        kind=AgencyKind.DEPARTMENT,
        parent=None,
        article_20_items=(1, 2, 3, 4, 7, 15),
        own_columns=(
            ("news", "政务动态", "news", ()),
            ("notices", "通知公告", "notice", ()),
            ("dept-news", "部门动态", "news", ()),
            ("announcements", "公告公示", "notice", ()),
        ),
    ),
    AgencySpec(
        slug="anshan-ggzy",
        name=anshan.AGENCY_NAME,
        registry="12",
        serial=2,
        kind=AgencyKind.INSTITUTION,
        parent="anshan-gov-office",
        article_20_items=(1, 2, 7, 9),
        own_columns=(
            ("trading", "交易信息", "news", TRADING_SECTORS),
            ("work-news", "工作动态", "news", ()),
            ("notices", "通知公告", "notice", ()),
            ("policies", "政策法规", "policy", ()),
            ("interpretations", "政策解读", "policy", ()),
        ),
        extra={"short_name": "市公共资源交易中心"},
    ),
    AgencySpec(
        slug="anshan-zrzy",
        name="鞍山市自然资源局",
        registry="11",
        serial=3,
        kind=AgencyKind.DEPARTMENT,
        parent="anshan-gov-office",
        article_20_items=(1, 2, 3, 5, 6, 7, 8, 9, 10, 15),
        own_columns=(
            ("news", "工作动态", "news", ()),
            ("notices", "通知公告", "notice", ()),
            ("land-expropriation", "征地信息", "notice", ()),
            ("interpretations", "政策解读", "policy", ()),
        ),
    ),
)

# Columns of the city government's site that the departments fill (信息报送).
SUBMISSION_COLUMNS = frozenset(
    {("anshan-gov-office", "dept-news"), ("anshan-gov-office", "announcements")}
)

ADMIN_ACCOUNTS = (
    ("sysadmin", "系统管理员（演示）", Role.SYSTEM_ADMIN),
    ("secadmin", "安全管理员（演示）", Role.SECURITY_ADMIN),
    ("auditadmin", "审计管理员（演示）", Role.AUDIT_ADMIN),
)

STAFF_ACCOUNTS = (
    # username, display name, [(agency slug, role), ...]
    ("ggzy_editor", "交易中心信息员（演示）", (("anshan-ggzy", Role.EDITOR),)),
    ("ggzy_reviewer", "交易中心审核人（演示）", (("anshan-ggzy", Role.REVIEWER),)),
    ("ggzy_handler", "交易中心经办人（演示）", (("anshan-ggzy", Role.HANDLER),)),
    ("ggzy_head", "交易中心负责人（演示）", (("anshan-ggzy", Role.HEAD),)),
    ("zrzy_editor", "自然资源局信息员（演示）", (("anshan-zrzy", Role.EDITOR),)),
    ("zrzy_reviewer", "自然资源局审核人（演示）", (("anshan-zrzy", Role.REVIEWER),)),
    ("zrzy_handler", "自然资源局经办人（演示）", (("anshan-zrzy", Role.HANDLER),)),
    ("zrzy_head", "自然资源局负责人（演示）", (("anshan-zrzy", Role.HEAD),)),
    (
        "shared_handler",
        "两单位经办人（演示）",
        (("anshan-ggzy", Role.HANDLER), ("anshan-zrzy", Role.HANDLER)),
    ),
    ("supervisor", "市政务公开办（演示）", (("anshan-gov-office", Role.SUPERVISOR),)),
    ("gov_editor", "市政府网站信息员（演示）", (("anshan-gov-office", Role.EDITOR),)),
    ("gov_reviewer", "市政府网站审核人（演示）", (("anshan-gov-office", Role.REVIEWER),)),
)


@dataclass
class DemoResult:
    created_agencies: int = 0
    created_accounts: int = 0
    created_applications: int = 0
    published_documents: int = 0
    published_reports: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def demo_load(*, applications: bool = True) -> DemoResult:
    """Create whatever part of the demo data is missing; keep the rest.

    ``applications=False`` leaves out the busy agency's years of applications
    (what most tests need, and quicker).
    """
    result = DemoResult()
    with transaction.atomic():
        agencies = {spec.slug: _agency(spec, result) for spec in AGENCIES}
        for username, display, role in ADMIN_ACCOUNTS:
            user = _account(username, display, result)
            _grant(user, role, None)
            if security.confirmed_device(user) is None:
                agency_services.totp_enrol_start(actor=SYSTEM, user=user, secret=DEMO_TOTP_SECRET)
            result.logins.append((username, str(role.label)))
        for username, display, grants in STAFF_ACCOUNTS:
            user = _account(username, display, result)
            for slug, role in grants:
                _grant(user, role, agencies[slug])
            labels = "、".join(f"{agencies[s].name}·{r.label}" for s, r in grants)
            result.logins.append((username, labels))
    if applications:
        from gongkai.demo.catalogue import demo_catalogue
        from gongkai.demo.consultations import demo_consultations
        from gongkai.demo.exchange import demo_exchange
        from gongkai.demo.reports import demo_reports
        from gongkai.demo.trading import demo_trading

        result.created_applications = _applications(agencies[BUSY_AGENCY])
        result.published_documents = demo_catalogue(agencies)
        result.published_documents += demo_trading(agencies["anshan-ggzy"], DEMO_END)
        demo_consultations(agencies["anshan-ggzy"], agencies[BUSY_AGENCY], DEMO_END)
        demo_exchange(DEMO_END)
        result.published_reports = demo_reports(agencies, DEMO_END.year - 1)
    return result


def _applications(agency: Agency) -> int:
    from gongkai.applications.models import Application
    from gongkai.demo.applications import demo_applications

    if Application.objects.filter(agency=agency).exists():
        return 0
    staff = (User.objects.get(username="zrzy_handler"), User.objects.get(username="zrzy_head"))
    with transaction.atomic():
        return demo_applications(agency, staff, range(2019, DEMO_END.year + 1), DEMO_END)


def _agency(spec: AgencySpec, result: DemoResult) -> Agency:
    agency = Agency.objects.filter(slug=spec.slug).first()
    if agency is None:
        agency = agency_services.agency_create(
            actor=SYSTEM,
            name=spec.name,
            slug=spec.slug,
            uscc=demo_uscc(spec.registry, spec.serial),
            kind=spec.kind,
            level=AgencyLevel.CITY,
            parent=Agency.objects.get(slug=spec.parent) if spec.parent else None,
            **spec.extra,
        )
        result.created_agencies += 1
    catalogue_services.columns_install_standard(
        actor=SYSTEM, agency=agency, article_20_items=spec.article_20_items
    )
    _own_columns(agency, spec)
    return agency


def _own_columns(agency: Agency, spec: AgencySpec) -> None:
    for position, (slug, name, category, children) in enumerate(spec.own_columns, start=10):
        parent = Column.objects.filter(agency=agency, slug=slug).first()
        if parent is None:
            parent = catalogue_services.column_create(
                actor=SYSTEM,
                agency=agency,
                name=name,
                slug=slug,
                category=category,
                position=position,
                accepts_submissions=(agency.slug, slug) in SUBMISSION_COLUMNS,
            )
        for child_position, (child_slug, child_name) in enumerate(children):
            full_slug = f"{slug}-{child_slug}"
            if not Column.objects.filter(agency=agency, slug=full_slug).exists():
                catalogue_services.column_create(
                    actor=SYSTEM,
                    agency=agency,
                    name=child_name,
                    slug=full_slug,
                    category=category,
                    parent=parent,
                    position=child_position,
                    trading_sector=child_slug.replace("-", "_") if slug == "trading" else "",
                )


def _account(username: str, display_name: str, result: DemoResult) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = agency_services.account_create(
            actor=SYSTEM, username=username, password=DEMO_PASSWORD, display_name=display_name
        )
        result.created_accounts += 1
    return user


def _grant(user: User, role: Role, agency: Agency | None) -> None:
    if not RoleGrant.objects.filter(user=user, role=role, agency=agency).exists():
        agency_services.role_grant(actor=SYSTEM, user=user, role=role, agency=agency)
