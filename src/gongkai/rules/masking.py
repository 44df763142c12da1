"""How personal data is shown where it must not be read in full.

个人信息保护法 Art. 51 requires measures such as 去标识化; spec security.md asks
for masking in lists and exports. These keep enough to recognise a record
(first and last characters) and hide the rest.
"""

from __future__ import annotations


def mask_middle(value: str, keep_start: int, keep_end: int, fill: str = "*") -> str:
    value = value.strip()
    if len(value) <= keep_start + keep_end:
        return fill * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + fill * hidden + (value[-keep_end:] if keep_end else "")


def mask_id_number(value: str) -> str:
    """110105********002X: region code and last four (as on 实名 receipts)."""
    return mask_middle(value, 6, 4)


def mask_phone(value: str) -> str:
    """139****5678."""
    digits = value.strip()
    return mask_middle(digits, 3, 4)


def mask_name(value: str) -> str:
    """张* / 欧** / J***: the first character of a person's name."""
    return mask_middle(value, 1, 0)


def mask_email(value: str) -> str:
    local, at, domain = value.strip().partition("@")
    if not at:
        return mask_middle(value, 1, 0)
    return mask_middle(local, 1, 0) + "@" + domain


def mask_address(value: str) -> str:
    """Keep the first six characters (province and city), hide the rest."""
    return mask_middle(value, 6, 0)


def mask_within(text: str, replacements: dict[str, str]) -> str:
    """Replace each known personal value in a longer text (a letter) by its masked form.

    Longer values first, so a name inside an address is not masked twice.
    """
    for value in sorted((v for v in replacements if v.strip()), key=len, reverse=True):
        text = text.replace(value, replacements[value])
    return text
