"""``gongkai demo``: prepare the embedded database with demo data, then serve."""

from __future__ import annotations

import os

from gongkai.cli.base import add_command, setup_django
from gongkai.rules.text import Text

DEMO_HOME = "anshan-ggzy"


def register(subparsers) -> None:
    parser = add_command(
        subparsers,
        "demo",
        "Prepare the demo (SQLite under GONGKAI_DATA_DIR, demo data) and serve it.",
        handle,
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="prepare the database and demo data, then exit"
    )
    parser.add_argument("--bind", default="127.0.0.1:8000", help="address to serve on")
    add_command(
        subparsers,
        "demo-code",
        "Print the demo administrators' current one-time code (TOTP).",
        handle_code,
    )


def handle_code(args) -> int:
    """The code an authenticator app would show for the demo key, now."""
    setup_django(demo=True, language=args.lang)
    import pyotp

    from gongkai.demo import DEMO_TOTP_SECRET

    print(pyotp.TOTP(DEMO_TOTP_SECRET).now())
    return 0


def handle(args) -> int:
    os.environ.setdefault("GONGKAI_HOME_AGENCY", DEMO_HOME)
    setup_django(demo=True, language=args.lang)
    from django.core.management import call_command

    from gongkai.demo import DEMO_PASSWORD, demo_load

    call_command("migrate", interactive=False, verbosity=0)
    result = demo_load()
    _print_summary(args.lang, result, DEMO_PASSWORD)
    if args.no_serve:
        return 0
    from gongkai.cli.wsgi_server import run_server

    print(
        Text("演示站点：http://{bind}/", "Demo site: http://{bind}/")
        .format(bind=args.bind)
        .in_language(args.lang),
        flush=True,
    )
    return run_server(bind=args.bind, workers=2)


def _print_summary(language: str, result, password: str) -> None:
    from django.conf import settings

    lines = [
        Text("数据目录：{path}", "Data directory: {path}").format(path=settings.DATA_DIR),
        Text(
            "新建机构 {a} 个、账号 {u} 个、依申请公开 {n} 件、公开文件 {d} 件"
            "（已有的数据保留不变）。",
            "Created {a} agencies, {u} accounts, {n} applications and {d} published documents"
            " (existing data kept).",
        ).format(
            a=result.created_agencies,
            u=result.created_accounts,
            n=result.created_applications,
            d=result.published_documents,
        ),
        Text(
            "演示账号（密码均为 {pw}），登录地址 /staff/login/：",
            "Demo logins (password {pw} for all), at /staff/login/:",
        ).format(pw=password),
    ]
    for line in lines:
        print(line.in_language(language))
    for username, roles in result.logins:
        print(f"  {username:<16} {roles}")
    from gongkai.demo import DEMO_TOTP_SECRET

    print(_TOTP_NOTE.format(secret=DEMO_TOTP_SECRET).in_language(language))


_TOTP_NOTE = Text(
    "三个管理员账号（sysadmin、secadmin、auditadmin）还须输入动态口令：在手机验证器应用"
    "（TOTP）中添加密钥 {secret}，或运行 gongkai demo-code 取得当前口令。",
    "The three administrator accounts (sysadmin, secadmin, auditadmin) also need a"
    " one-time code: add the key {secret} to an authenticator app (TOTP), or run"
    " `gongkai demo-code` for the current code.",
)
