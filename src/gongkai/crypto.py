"""Field-level encryption of applicants' personal data (AES-256-GCM or SM4-GCM).

Keys come from the environment: ``GONGKAI_FIELD_KEYS`` is a comma list of
``id:base64key`` (32-byte keys); the first encrypts, all decrypt, so a key can
be rotated by putting a new one first and re-encrypting. ``gongkai demo``
keeps a generated key in the data directory; without either, a throw-away key
is used (tests), which ``gongkai check`` and ``gongkai serve`` refuse.

Ciphertexts look like ``gk1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`` (AES-256-GCM)
or ``gk2:…`` (SM4-GCM, GB/T 32907, under a 128-bit subkey derived from the same
key) and are bound to their model field (associated data), so a value copied
into another column does not decrypt. ``GONGKAI_FIELD_CIPHER`` chooses the
cipher for new values; both always decrypt, so ``gongkai keys rotate`` can move
every value to the current key and cipher. Equality look-ups use :func:`digest`.
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
SM4_PREFIX = "gk2"
CIPHERS = {"aes-256-gcm": PREFIX, "sm4-gcm": SM4_PREFIX}


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


def current_prefix() -> str:
    """``gk1:k2:`` — how a value sealed under the current cipher and key begins."""
    cipher = getattr(settings, "GONGKAI_FIELD_CIPHER", "aes-256-gcm")
    if cipher not in CIPHERS:
        raise ValueError(f"GONGKAI_FIELD_CIPHER must be one of {', '.join(CIPHERS)}")
    return f"{CIPHERS[cipher]}:{keyring().current_id}:"


def _sm4_key(key: bytes) -> bytes:
    return hmac.new(key, b"gongkai sm4-gcm", hashlib.sha256).digest()[:16]


def _sm4_seal(key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    encryptor = Cipher(algorithms.SM4(_sm4_key(key)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(data) + encryptor.finalize() + encryptor.tag


def _sm4_open(key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    mode = modes.GCM(nonce, sealed[-16:])
    decryptor = Cipher(algorithms.SM4(_sm4_key(key)), mode).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(sealed[:-16]) + decryptor.finalize()


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    prefix = current_prefix()
    nonce = os.urandom(12)
    key, data, aad = ring.keys[ring.current_id], plaintext.encode("utf-8"), context.encode()
    if prefix.startswith(SM4_PREFIX):
        sealed = _sm4_seal(key, nonce, data, aad)
    else:
        sealed = AESGCM(key).encrypt(nonce, data, aad)
    return f"{prefix}{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    prefix, key_id, payload = token.split(":", 2)
    if prefix not in (PREFIX, SM4_PREFIX):
        raise ValueError("not a Gongkai ciphertext")
    key = keyring().keys.get(key_id)
    if key is None:
        raise UnknownKey(f"field key {key_id!r} is not configured")
    raw = base64.b64decode(payload)
    if prefix == SM4_PREFIX:
        return _sm4_open(key, raw[:12], raw[12:], context.encode("utf-8")).decode("utf-8")
    return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode("utf-8")).decode("utf-8")


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted columns, and those columns' names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


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
