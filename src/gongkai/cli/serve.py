"""``gongkai serve``: the production server (gunicorn), configured from the environment."""

from __future__ import annotations

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(
        subparsers,
        "serve",
        "Serve in production with gunicorn (settings from the environment).",
        handle,
    )
    parser.add_argument("--bind", help="address to listen on (default: GONGKAI_BIND)")
    parser.add_argument("--workers", type=int, help="worker processes (default: GONGKAI_WORKERS)")


def handle(args) -> int:
    setup_django(language=args.lang)
    from django.conf import settings

    from gongkai.deploy_checks import migrations_pending

    if settings.GONGKAI_SECRET_KEY_SOURCE != "env":
        raise CommandError(
            Text(
                "未设置 SECRET_KEY 环境变量，拒绝启动。请设置一个至少 50 个字符的随机值。",
                "SECRET_KEY is not set in the environment; refusing to start."
                " Set it to a random value of at least 50 characters.",
            )
        )
    if settings.GONGKAI_FIELD_KEYS_SOURCE != "env":
        raise CommandError(
            Text(
                "未设置 GONGKAI_FIELD_KEYS 环境变量（个人信息加密密钥），拒绝启动。",
                "GONGKAI_FIELD_KEYS (the personal-data encryption keys) is not set;"
                " refusing to start.",
            )
        )
    if migrations_pending():
        raise CommandError(
            Text(
                "数据库结构未更新，请先运行：gongkai manage migrate",
                "The database schema is out of date; run: gongkai manage migrate",
            )
        )
    from gongkai.cli.wsgi_server import run_server

    return run_server(
        bind=args.bind or settings.GONGKAI_SERVE_BIND,
        workers=args.workers or settings.GONGKAI_SERVE_WORKERS,
    )
