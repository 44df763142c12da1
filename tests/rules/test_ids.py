"""Check characters of 统一社会信用代码 and 居民身份证号码, worked by hand."""

import datetime as dt

import pytest

from gongkai.rules import ids


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        # Weights are 3^i mod 31. For 11100000000013127 the weighted sum is
        # 1+3+9 + 1*8+3*24+1*10+2*30+7*28 = 359; 359 mod 31 = 18; 31-18 = 13 -> "D".
        # Its 组织机构代码 00001312-7: 1*5+3*8+1*4+2*2 = 37 (GB 11714 weights), 11-37 mod 11 = 7.
        ("11100000000013127D", True),
        ("11100000000013127E", False),  # wrong USCC check character
        ("111000000000131270", False),
        # sum 1640, mod 31 = 28, 31-28 = 3 -> "3"; 组织机构代码 M000100Y-4: M=22, Y=34 (GB 11714
        # letters are 10-35): 22*3 + 1*5 + 34*2 = 139, 139 mod 11 = 7, 11-7 = 4.
        ("91350100M000100Y43", True),
        ("91350100M000100Y4", False),  # 17 characters
        ("9135010OM000100Y43", False),  # letter O is not in the charset
        ("91AB0100M000100Y43", False),  # region code must be digits
        (" 91350100m000100y43 ", True),  # case and surrounding spaces are tolerated
    ],
)
def test_uscc(code, valid):
    assert ids.is_valid_uscc(code) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        # GB 11643-1999 Annex example: 11010519491231002X
        ("11010519491231002X", True),
        ("110105194912310021", False),  # wrong check digit
        ("11010519490231002X", False),  # 31 February does not exist
        ("11010519491231002", False),  # 17 characters
        ("11010519491231002x", True),  # lower-case x accepted
    ],
)
def test_resident_id(number, valid):
    assert ids.is_valid_resident_id(number) is valid


def test_resident_id_future_birth_rejected():
    number = "110105203001010017"
    first17 = number[:17]
    number = first17 + ids.resident_id_check_char(first17)
    assert ids.is_valid_resident_id(number) is True
    assert ids.is_valid_resident_id(number, today=dt.date(2026, 11, 25)) is False


def test_org_code_check_is_verified_inside_uscc():
    first17 = "91350100M000100Y5"  # organisation code check should be 4, not 5
    assert ids.is_valid_uscc(first17 + ids.uscc_check_char(first17)) is False


def test_deal_codes_carry_a_mod_37_2_check_character():
    import datetime as dt

    from gongkai.demo.loader import demo_uscc
    from gongkai.rules.ids import DEAL_ALPHABET, deal_code, is_valid_deal_code

    uscc = demo_uscc("12", 2)
    code = deal_code(uscc, dt.date(2019, 3, 1), 17)
    assert len(code) == 33 and code.startswith(uscc + "20190301000017")
    assert is_valid_deal_code(code)
    # ISO 7064 MOD 37-2: the check character makes the weighted sum ≡ 1 (mod 37)
    total = 0
    for char in code:
        total = (total + DEAL_ALPHABET.index(char)) * 2 % 37
    assert total == 2  # == (1 * 2) % 37 after the last doubling
    for position in (0, 20, 31):  # any single changed character is caught
        changed = code[:position] + ("1" if code[position] != "1" else "2") + code[position + 1 :]
        assert not is_valid_deal_code(changed)
    assert not is_valid_deal_code(code[:-1])
