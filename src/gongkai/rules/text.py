"""Bilingual text for the rules layer.

The rules layer has no Django, so it cannot use gettext. Messages that users
read (explanations, findings) are built as :class:`Text` pairs and the edge
(CLI, view) picks the language.
"""

from __future__ import annotations

from typing import NamedTuple

LANGUAGES = ("zh", "en")


class Text(NamedTuple):
    """A message in Chinese (the authoritative wording) and English."""

    zh: str
    en: str

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))

    def in_language(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh
