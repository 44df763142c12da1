"""``gongkai keys rotate``: re-encrypt every personal-data column under the current key.

Put the new key first in GONGKAI_FIELD_KEYS (keep the old ones after it), and
optionally set GONGKAI_FIELD_CIPHER, then run this. It works in committed
batches and skips rows already under the current key and cipher, so an
interrupted run is simply started again. Each batch is an audit record. Once it
reports nothing left, the old key can be removed from GONGKAI_FIELD_KEYS.
"""

from __future__ import annotations

from gongkai.cli.base import add_command, setup_django
from gongkai.rules.text import Text


def register(subparsers) -> None:
    parser = add_command(subparsers, "keys", "字段密钥 / field keys: rotate", None)
    actions = parser.add_subparsers(dest="keys_action", metavar="ACTION")
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
    rotate = add_command(
        actions, "rotate", "用当前密钥重新加密个人信息 / re-encrypt under the current key", handle
    )
    rotate.add_argument("--batch", type=int, default=500, help="rows per transaction")


def handle(args) -> int:
    setup_django(language=args.lang)
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.crypto import current_prefix
    from gongkai.privacy.services import field_keys_rotate

    done = field_keys_rotate(actor=SYSTEM, batch_size=max(1, args.batch))
    for label, count in done.items():
        print(f"{label}: {count}")
    print(
        Text("已全部使用 {p} 加密。", "Everything is now sealed as {p}.")
        .format(p=current_prefix().rstrip(":"))
        .in_language(args.lang)
    )
    return 0
