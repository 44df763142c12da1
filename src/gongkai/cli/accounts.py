"""``gongkai account`` and ``gongkai role``: bootstrap accounts from the shell.

These run as the installation itself (the operator has shell access), through
the same write functions as the web consoles, so every change is audited.
"""

from __future__ import annotations

import getpass
import os

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

ROLE_CHOICES = (
    "editor",
    "reviewer",
    "handler",
    "head",
    "supervisor",
    "system_admin",
    "security_admin",
    "audit_admin",
)


def register(subparsers) -> None:
    account = add_command(subparsers, "account", "Create a staff account.", handle_account)
    account.add_argument("username")
    account.add_argument("--display-name", default="")
    account.add_argument("--email", default="")
    role = add_command(subparsers, "role", "Grant a role to a staff account.", handle_role)
    role.add_argument("username")
    role.add_argument("role", choices=ROLE_CHOICES)
    role.add_argument("--agency", help="the agency's web address name (slug) or credit code")
    reset = add_command(
        subparsers,
        "otp-reset",
        "Remove an account's second factor (it enrols again at the next login).",
        handle_otp_reset,
    )
    reset.add_argument("username")


def _password() -> str:
    password = os.environ.get("GONGKAI_NEW_PASSWORD")
    if password:
        return password
    first = getpass.getpass("密码 Password: ")
    if first != getpass.getpass("再输一次 Again: "):
        raise CommandError(Text("两次输入的密码不一致。", "The passwords differ."))
    return first


def _validation_text(error) -> Text:
    joined = "；".join(str(message) for message in error.messages)
    return Text(joined, joined)


def handle_account(args) -> int:
    setup_django(language=args.lang)
    from django.core.exceptions import ValidationError

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import account_create

    try:
        account_create(
            actor=SYSTEM,
            username=args.username,
            password=_password(),
            display_name=args.display_name,
            email=args.email,
        )
    except ValidationError as error:
        raise CommandError(_validation_text(error)) from error
    print(
        Text("已创建账号 {u}。", "Account {u} created.")
        .format(u=args.username)
        .in_language(args.lang)
    )
    return 0


def handle_role(args) -> int:
    setup_django(language=args.lang)
    from django.core.exceptions import ValidationError
    from django.db.models import Q

    from gongkai.agencies.models import Agency, User
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import role_grant

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(Text("没有账号 {u}。", "No account {u}.").format(u=args.username))
    agency = None
    if args.agency:
        agency = Agency.objects.filter(Q(slug=args.agency) | Q(uscc=args.agency.upper())).first()
        if agency is None:
            raise CommandError(Text("没有机构 {a}。", "No agency {a}.").format(a=args.agency))
    try:
        role_grant(actor=SYSTEM, user=user, role=args.role, agency=agency)
    except ValidationError as error:
        raise CommandError(_validation_text(error)) from error
    print(Text("已授予。", "Granted.").in_language(args.lang))
    return 0


def handle_otp_reset(args) -> int:
    """Break glass: the operator removes a lost authenticator (audited as the system)."""
    setup_django(language=args.lang)
    from gongkai.agencies.models import User
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import totp_reset

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(Text("没有账号 {u}。", "No account {u}.").format(u=args.username))
    totp_reset(actor=SYSTEM, user=user)
    print(
        Text(
            "已移除 {u} 的双因素认证，下次登录时须重新绑定。",
            "The second factor of {u} was removed; it enrols again at the next login.",
        )
        .format(u=args.username)
        .in_language(args.lang)
    )
    return 0
