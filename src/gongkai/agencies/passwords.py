"""Password validators for ``AUTH_PASSWORD_VALIDATORS`` (spec security.md SEC-03).

The rules themselves are in :mod:`gongkai.rules.passwords`; these classes give
them Django's validator interface and bilingual messages.
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.rules.passwords import character_classes, contains_account_name


class CharacterClassValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self):
        return _(
            "The password must mix at least %(n)d of: capital letters, small letters,"
            " digits and symbols."
        ) % {"n": self.min_classes}


class NotUsernameValidator:
    """The password does not contain the account name or the name reversed."""

    def validate(self, password, user=None):
        names = [getattr(user, "username", ""), getattr(user, "email", "").split("@")[0]]
        if contains_account_name(password, names):
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self):
        return _("The password must not contain the account name, forwards or backwards.")


class PasswordHistoryValidator:
    """Neither the password in use nor the ``count`` before it may be used again."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None) or self.count <= 0:
            return
        # The password in use and the ``count`` before it.
        earlier = [user.password] if user.password else []
        earlier += list(user.password_history.values_list("password", flat=True)[: self.count])
        if any(check_password(password, encoded) for encoded in earlier):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext(
            "The password must differ from the current one and the one before it.",
            "The password must differ from the current one and the %(n)d before it.",
            self.count,
        ) % {"n": self.count}
