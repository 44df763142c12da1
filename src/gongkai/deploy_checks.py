"""The deployment self-check behind ``gongkai check``."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import Error as DatabaseError

from gongkai.rules.text import Text

MIN_SECRET_LENGTH = 50


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    message: Text


def check_secret_key() -> CheckResult:
    source = settings.GONGKAI_SECRET_KEY_SOURCE
    if source != "env":
        return CheckResult(
            "secret_key",
            False,
            Text(
                "SECRET_KEY 未在环境变量中设置（当前：{s}）。",
                "SECRET_KEY is not set in the environment (now: {s}).",
            ).format(s=source),
        )
    if len(settings.SECRET_KEY) < MIN_SECRET_LENGTH or len(set(settings.SECRET_KEY)) < 5:
        return CheckResult(
            "secret_key",
            False,
            Text("SECRET_KEY 太短或太简单。", "SECRET_KEY is too short or too simple."),
        )
    return CheckResult("secret_key", True, Text("已设置。", "set."))


def check_field_keys() -> CheckResult:
    """Applicants' personal data is encrypted with GONGKAI_FIELD_KEYS (gongkai.crypto)."""
    from gongkai.crypto import parse_keys

    source = settings.GONGKAI_FIELD_KEYS_SOURCE
    if source != "env":
        return CheckResult(
            "field_keys",
            False,
            Text(
                "GONGKAI_FIELD_KEYS 未在环境变量中设置（当前：{s}）；个人信息无法持久加密。",
                "GONGKAI_FIELD_KEYS is not set in the environment (now: {s});"
                " personal data cannot be kept encrypted.",
            ).format(s=source),
        )
    try:
        ring = parse_keys(settings.GONGKAI_FIELD_KEYS)
    except ValueError as error:
        return CheckResult(
            "field_keys", False, Text("格式错误：{e}", "malformed: {e}").format(e=error)
        )
    return CheckResult(
        "field_keys", True, Text("当前密钥 {k}。", "current key {k}.").format(k=ring.current_id)
    )


def check_audit_retention() -> CheckResult:
    """网络安全法 Art. 21(三): network logs kept no less than six months (184 days)."""
    from gongkai.audit.services import MIN_RETENTION_DAYS

    days = settings.GONGKAI_AUDIT_RETENTION_DAYS
    if days < MIN_RETENTION_DAYS:
        return CheckResult(
            "audit_retention",
            False,
            Text(
                "GONGKAI_AUDIT_RETENTION_DAYS={d}，少于法定的六个月（{m} 天）。",
                "GONGKAI_AUDIT_RETENTION_DAYS={d} is under the legal six months ({m} days).",
            ).format(d=days, m=MIN_RETENTION_DAYS),
        )
    return CheckResult(
        "audit_retention",
        True,
        Text("审计记录保存 {d} 天（{a}）。", "audit records kept {d} days ({a}).").format(
            d=days, a=settings.GONGKAI_AUDIT_HASH
        ),
    )


def check_hosts() -> CheckResult:
    hosts = settings.ALLOWED_HOSTS
    if not hosts or "*" in hosts:
        return CheckResult(
            "hosts",
            False,
            Text(
                "ALLOWED_HOSTS 须列出本站的域名，不能为空或 *。",
                "ALLOWED_HOSTS must list this site's host names, not be empty or *.",
            ),
        )
    return CheckResult("hosts", True, Text("{h}", "{h}").format(h=", ".join(hosts)))


def check_database() -> CheckResult:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return CheckResult(
            "database",
            False,
            Text("无法连接数据库：{e}", "cannot reach the database: {e}").format(e=error),
        )
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    return CheckResult(
        "database", True, Text("可连接（{v}）。", "reachable ({v}).").format(v=vendor)
    )


def migrations_pending() -> list[str]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def check_migrations() -> CheckResult:
    try:
        pending = migrations_pending()
    except DatabaseError:
        return CheckResult(
            "migrations", False, Text("数据库不可用，无法检查。", "database unavailable.")
        )
    if pending:
        return CheckResult(
            "migrations",
            False,
            Text(
                "有 {n} 个迁移未执行；请运行 gongkai manage migrate。",
                "{n} migration(s) not applied; run gongkai manage migrate.",
            ).format(n=len(pending)),
        )
    return CheckResult("migrations", True, Text("已全部执行。", "all applied."))


def _writable(name: str, folder: Path, what: Text) -> CheckResult:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-check-"):
            pass
    except OSError as error:
        return CheckResult(
            name,
            False,
            Text(what.zh + " {p} 不可写：{e}", what.en + " {p} is not writable: {e}").format(
                p=folder, e=error.strerror
            ),
        )
    return CheckResult(name, True, Text("{p} 可写。", "{p} is writable.").format(p=folder))


def check_media() -> CheckResult:
    return _writable("media", Path(settings.MEDIA_ROOT), Text("附件目录", "media directory"))


def check_page_cache() -> CheckResult:
    """Gongkai writes public pages there for nginx (gongkai.portal.pagecache)."""
    if not settings.GONGKAI_PAGE_CACHE:
        return CheckResult("page_cache", True, Text("已关闭。", "off."))
    folder = Path(settings.GONGKAI_PAGE_CACHE_DIR)
    return _writable("page_cache", folder, Text("页面缓存目录", "page cache directory"))


HSTS_MIN_SECONDS = 31_536_000  # one year (spec security.md SEC-08)


def _transport_gaps() -> list[str]:
    """The production browser-security settings that are missing (settings.py)."""
    gaps = [
        name
        for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY")
        if not getattr(settings, name)
    ]
    for name in ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"):
        if getattr(settings, name) not in ("Lax", "Strict"):
            gaps.append(name)
    if settings.SECURE_HSTS_SECONDS < HSTS_MIN_SECONDS:
        gaps.append(f"SECURE_HSTS_SECONDS>={HSTS_MIN_SECONDS}")
    if "gongkai.headers.SecurityHeadersMiddleware" not in settings.MIDDLEWARE:
        gaps.append("Content-Security-Policy")
    elif "unsafe-inline" in settings.GONGKAI_CSP:
        gaps.append("GONGKAI_CSP without 'unsafe-inline'")
    return gaps


def check_transport() -> CheckResult:
    """Secure, HttpOnly, SameSite cookies, HSTS and CSP wherever it is production."""
    if settings.DEBUG:
        return CheckResult(
            "transport",
            False,
            Text("DEBUG 已开启，不得用于生产。", "DEBUG is on: not for production."),
        )
    if not settings.PRODUCTION:
        return CheckResult(
            "transport",
            True,
            Text("演示安装，不要求 HTTPS。", "demo installation: HTTPS not required."),
        )
    gaps = _transport_gaps()
    if gaps:
        return CheckResult(
            "transport",
            False,
            Text("生产环境缺少：{g}", "missing in production: {g}").format(g=", ".join(gaps)),
        )
    return CheckResult(
        "transport",
        True,
        Text("Cookie 安全属性、HSTS、CSP 已设置。", "secure cookies, HSTS and CSP are set."),
    )


def run_all() -> list[CheckResult]:
    return [
        check_secret_key(),
        check_field_keys(),
        check_audit_retention(),
        check_hosts(),
        check_database(),
        check_migrations(),
        check_media(),
        check_page_cache(),
        check_transport(),
    ]
