"""Field-level encryption of applicants' personal data (AES-256-GCM).

Keys come from the environment: ``GONGKAI_FIELD_KEYS`` is a comma list of
``id:base64key`` (32-byte keys); the first encrypts, all decrypt, so a key can
be rotated by putting a new one first and re-encrypting. ``gongkai demo``
keeps a generated key in the data directory; without either, a throw-away key
is used (tests), which ``gongkai check`` and ``gongkai serve`` refuse.

Ciphertexts look like ``gk1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`` and
are bound to their model field (associated data), so a value copied into
another column does not decrypt. Equality look-ups use :func:`digest` (HMAC).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

PREFIX = "gk1"


class UnknownKey(ValueError):
    """A ciphertext names a key this installation does not have."""


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, bytes]


def parse_keys(spec: str) -> KeyRing:
    """``"k2:BASE64,k1:BASE64"`` → a key ring whose current key is ``k2``."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in (part.strip() for part in spec.split(",") if part.strip()):
        key_id, _, encoded = item.partition(":")
        raw = base64.b64decode(encoded)
        if len(raw) != 32 or not key_id or ":" in key_id:
            raise ValueError("each field key is id:base64 of 32 bytes")
        keys[key_id] = raw
        order.append(key_id)
    if not order:
        raise ValueError("no field key given")
    return KeyRing(order[0], keys)


def new_key_spec(key_id: str = "k1") -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@lru_cache(maxsize=4)
def _ring(spec: str) -> KeyRing:
    return parse_keys(spec)


def keyring() -> KeyRing:
    return _ring(settings.GONGKAI_FIELD_KEYS)


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.current_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    return f"{PREFIX}:{ring.current_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    prefix, key_id, payload = token.split(":", 2)
    if prefix != PREFIX:
        raise ValueError("not a Gongkai ciphertext")
    key = keyring().keys.get(key_id)
    if key is None:
        raise UnknownKey(f"field key {key_id!r} is not configured")
    raw = base64.b64decode(payload)
    return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode("utf-8")).decode("utf-8")


def digest(value: str, *, purpose: str) -> str:
    """A keyed, stable fingerprint for equality matching (e.g. the same ID number)."""
    ring = keyring()
    key = hmac.new(ring.keys[ring.current_id], b"gongkai digest", hashlib.sha256).digest()
    normalised = "".join(value.split()).upper()
    return hmac.new(key, f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python sees plain text ("" stays "")."""

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value, context=self._context())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value, context=self._context())
