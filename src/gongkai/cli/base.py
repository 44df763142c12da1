"""Shared pieces of the command line: errors, the parser, Django start-up."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import NoReturn

from gongkai.rules.text import Text

ERROR_PREFIX = Text("错误：", "Error: ")


class CommandError(Exception):
    """Something the person running the command must fix.

    ``message`` is a :class:`Text` (or a plain string already in the right
    language); ``exit_code`` is what the process returns (2 for bad input).
    """

    def __init__(self, message: Text | str, exit_code: int = 2) -> None:
        super().__init__(message if isinstance(message, str) else message.zh)
        self.message = message
        self.exit_code = exit_code

    def render(self, language: str) -> str:
        text = self.message
        body = text if isinstance(text, str) else text.in_language(language)
        return ERROR_PREFIX.in_language(language) + body


def language_from_env(environ: Mapping[str, str]) -> str:
    value = environ.get("GONGKAI_LANGUAGE") or environ.get("LANGUAGE") or ""
    return "en" if value.lower().startswith("en") else "zh"


class GongkaiArgumentParser(argparse.ArgumentParser):
    """argparse with a bilingual first line on usage errors (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        language = language_from_env(os.environ)
        intro = Text("参数有误", "invalid arguments").in_language(language)
        self.exit(2, f"{self.prog}: {intro}: {message}\n")


def add_command(subparsers, name: str, help_text: str, handler) -> argparse.ArgumentParser:
    """Add one subcommand whose usage errors also get the bilingual message."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def setup_django(*, demo: bool = False, language: str = "zh") -> None:
    """Start Django for a command that needs the database or settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if demo:
        os.environ["GONGKAI_DEMO"] = "1"
    import django
    from django.utils import translation

    django.setup()
    translation.activate("en" if language == "en" else "zh-hans")
