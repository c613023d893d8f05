"""Reference data: the S&T field taxonomy and the 34 provinces of 2025."""

import re
import unicodedata

import pytest

from domain.provinces import PROVINCES, province_by_code
from domain.taxonomy import FIELDS, LEVEL1_FIELDS, SECTORS, Field, field_by_code, sectors_of

VIETNAMESE_MARKS = re.compile(
    r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]"
)


def test_there_are_six_level1_fields_coded_1_to_6() -> None:
    assert [f.code for f in LEVEL1_FIELDS] == ["1", "2", "3", "4", "5", "6"]
    assert [f.name_en for f in LEVEL1_FIELDS] == [
        "Natural sciences",
        "Engineering and technology",
        "Medical and health sciences",
        "Agricultural sciences",
        "Social sciences",
        "Humanities",
    ]
    assert field_by_code("1") == Field("1", None, "Khoa học tự nhiên", "Natural sciences")


def test_every_field_has_sectors_with_three_digit_codes_under_it() -> None:
    for field in LEVEL1_FIELDS:
        sectors = sectors_of(field.code)
        assert len(sectors) >= 4, field.code
        for sector in sectors:
            assert re.fullmatch(rf"{field.code}\d\d", sector.code)
            assert sector.parent_code == field.code
        assert sectors[-1].code == f"{field.code}99"  # the "other" bucket closes each field


def test_codes_are_unique_and_the_table_has_46_sectors() -> None:
    codes = [f.code for f in FIELDS]
    assert len(codes) == len(set(codes))
    assert len(SECTORS) == 46
    assert len(FIELDS) == 52


def test_well_known_sectors_are_present() -> None:
    assert field_by_code("101") == Field(
        "101", "1", "Toán học và thống kê", "Mathematics and statistics"
    )
    assert field_by_code("102").name_vi == "Khoa học máy tính và thông tin"  # type: ignore[union-attr]
    assert field_by_code("201").name_vi == "Kỹ thuật dân dụng"  # type: ignore[union-attr]
    assert field_by_code("405").name_en == "Fisheries and aquaculture"  # type: ignore[union-attr]


def test_unknown_codes_give_none_and_no_sectors() -> None:
    assert field_by_code("7") is None
    assert field_by_code("1011") is None
    assert sectors_of("9") == ()
    assert sectors_of("101") == ()


def test_names_are_vietnamese_with_diacritics_and_nfc() -> None:
    for f in FIELDS:
        assert f.name_vi == unicodedata.normalize("NFC", f.name_vi)
        assert f.name_en.isascii(), f.code
    accented = [f for f in FIELDS if VIETNAMESE_MARKS.search(f.name_vi.lower())]
    assert len(accented) == len(FIELDS)


def test_there_are_34_provinces_six_of_them_cities() -> None:
    assert len(PROVINCES) == 34
    cities = {p.code for p in PROVINCES if p.kind == "city"}
    assert cities == {"ha-noi", "hue", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}
    assert sum(p.kind == "province" for p in PROVINCES) == 28


def test_province_codes_are_unique_ascii_slugs() -> None:
    codes = [p.code for p in PROVINCES]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
    assert len({p.name_vi for p in PROVINCES}) == 34


def test_province_lookup() -> None:
    hcmc = province_by_code("ho-chi-minh")
    assert hcmc is not None
    assert hcmc.name_vi == "Thành phố Hồ Chí Minh"
    assert hcmc.name_en == "Ho Chi Minh City"
    assert "Bình Dương" in hcmc.merged_from
    assert province_by_code("binh-duong") is None  # merged into Ho Chi Minh City in 2025


@pytest.mark.parametrize(
    ("code", "former"),
    [
        ("tuyen-quang", "Hà Giang"),
        ("lao-cai", "Yên Bái"),
        ("phu-tho", "Hòa Bình"),
        ("ninh-binh", "Nam Định"),
        ("da-nang", "Quảng Nam"),
        ("gia-lai", "Bình Định"),
        ("lam-dong", "Đắk Nông"),
        ("tay-ninh", "Long An"),
        ("vinh-long", "Bến Tre"),
        ("an-giang", "Kiên Giang"),
        ("ca-mau", "Bạc Liêu"),
    ],
)
def test_merged_provinces_record_their_former_units(code: str, former: str) -> None:
    province = province_by_code(code)
    assert province is not None
    assert former in province.merged_from


def test_merged_from_covers_the_63_former_units() -> None:
    former = [name for p in PROVINCES for name in (p.merged_from or (p.name_vi,))]
    assert len(former) == 63
    assert len(set(former)) == 63


def test_official_codes_are_the_two_digit_codes_of_decision_19_2025() -> None:
    codes = [p.official_code for p in PROVINCES]
    assert len(set(codes)) == 34
    assert all(re.fullmatch(r"\d{2}", c) for c in codes)
    by_slug = {p.code: p.official_code for p in PROVINCES}
    assert by_slug["ha-noi"] == "01"
    assert by_slug["ho-chi-minh"] == "79"
    assert by_slug["da-nang"] == "48"
    assert by_slug["bac-ninh"] == "24"  # the seat moved to the former Bắc Giang (24)
    assert by_slug["an-giang"] == "91"  # the seat moved to the former Kiên Giang (91)


def test_province_by_official_code() -> None:
    from domain.provinces import province_by_official_code

    found = province_by_official_code("92")
    assert found is not None
    assert found.code == "can-tho"
    assert province_by_official_code("02") is None  # Hà Giang's code is not reused
