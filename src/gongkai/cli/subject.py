"""``gongkai subject export|erase``: a data subject's request (个人信息保护法 Arts. 45, 47).

Run by staff after checking the person's identity document: give the agency
(slug) and the name and document number as verified. ``export`` prints
everything held as JSON; ``erase`` anonymises the applicant's cases, or
refuses (exit 1) naming each case still within its retention period.
"""

from __future__ import annotations

import datetime as dt
import json

from gongkai.cli.base import CommandError, add_command, setup_django
from gongkai.rules.text import Text

HELP = "个人信息主体请求 / data-subject requests: export, erase"


def register(subparsers) -> None:
    parser = add_command(subparsers, "subject", HELP, None)
    actions = parser.add_subparsers(dest="subject_action", metavar="ACTION")
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
    for name, handler, text in (
        ("export", handle_export, "导出该申请人的全部个人信息 / export all held"),
        ("erase", handle_erase, "匿名化（保存期限届满后）/ anonymise after retention"),
    ):
        sub = add_command(actions, name, text, handler)
        sub.add_argument("--agency", required=True, help="the agency's web address name (slug)")
        sub.add_argument("--name", required=True, help="name as on the verified document")
        sub.add_argument("--id-number", required=True, help="document number as verified")


def _agency(slug: str):
    from gongkai.agencies.models import Agency

    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise CommandError(Text("没有这个单位：{s}", "No such agency: {s}").format(s=slug))
    return agency


def handle_export(args) -> int:
    setup_django(language=args.lang)
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.privacy.services import subject_export

    data = subject_export(
        actor=SYSTEM, agency=_agency(args.agency), name=args.name, id_number=args.id_number
    )
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def handle_erase(args) -> int:
    setup_django(language=args.lang)
    from django.core.exceptions import ValidationError

    from gongkai.agencies.permissions import SYSTEM
    from gongkai.privacy.services import subject_erase

    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    try:
        count = subject_erase(
            actor=SYSTEM,
            agency=_agency(args.agency),
            name=args.name,
            id_number=args.id_number,
            today=today,
        )
    except ValidationError as error:
        joined = "；".join(error.messages)
        raise CommandError(Text(joined, joined), exit_code=1) from error
    print(
        Text("已匿名化 {n} 件申请。", "{n} application(s) anonymised.")
        .format(n=count)
        .in_language(args.lang)
    )
    return 0
