import pytest

from gongkai.rules import masking


@pytest.mark.parametrize(
    ("function", "value", "masked"),
    [
        (masking.mask_id_number, "11010519491231002X", "110105********002X"),
        (masking.mask_phone, "13912345678", "139****5678"),
        (masking.mask_name, "张三", "张*"),
        (masking.mask_name, "欧阳修", "欧**"),
        (masking.mask_email, "zhang.san@example.cn", "z********@example.cn"),
        (masking.mask_address, "辽宁省鞍山市铁东区某路1号", "辽宁省鞍山市*******"),
        (masking.mask_phone, "123", "***"),
    ],
)
def test_masks(function, value, masked):
    assert function(value) == masked
