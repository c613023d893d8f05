"""Vietnam's 34 provincial-level administrative units in force since 1 July 2025.

Resolution 202/2025/QH15 merged the 63 former units into 6 centrally-run cities and 28
provinces. Codes are stable ASCII slugs of the Vietnamese name, safe for URLs and for the
federation feed; they never change once published. `merged_from` lists the former units whose
territory the new unit took over (empty when the unit was kept as it was), which helps map
legacy addresses.

`official_code` is the two-digit code of the unit in the national table of administrative units
(Bảng danh mục và mã số các đơn vị hành chính Việt Nam, Quyết định 19/2025/QĐ-TTg, in force
from 1 July 2025). A merged unit kept the code of the former unit that hosts its seat (so Bắc
Ninh is 24, the former Bắc Giang's). Checked against two independently published copies of the
decision's table (all 34 agree); a unit's code is never reused for another unit. The feed
and exports carry both: the slug for URLs, the official code for exchange with other
government systems.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ProvinceKind = Literal["city", "province"]


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    kind: ProvinceKind
    merged_from: tuple[str, ...] = ()
    official_code: str = ""


PROVINCES: tuple[Province, ...] = (
    # Centrally-run cities (thành phố trực thuộc trung ương)
    Province("ha-noi", "Hà Nội", "Hanoi", "city"),
    Province("hue", "Huế", "Hue", "city"),
    Province("hai-phong", "Hải Phòng", "Hai Phong", "city", ("Hải Phòng", "Hải Dương")),
    Province("da-nang", "Đà Nẵng", "Da Nang", "city", ("Đà Nẵng", "Quảng Nam")),
    Province(
        "ho-chi-minh",
        "Thành phố Hồ Chí Minh",
        "Ho Chi Minh City",
        "city",
        ("Thành phố Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    ),
    Province("can-tho", "Cần Thơ", "Can Tho", "city", ("Cần Thơ", "Sóc Trăng", "Hậu Giang")),
    # Provinces kept unchanged
    Province("cao-bang", "Cao Bằng", "Cao Bang", "province"),
    Province("dien-bien", "Điện Biên", "Dien Bien", "province"),
    Province("lai-chau", "Lai Châu", "Lai Chau", "province"),
    Province("lang-son", "Lạng Sơn", "Lang Son", "province"),
    Province("son-la", "Sơn La", "Son La", "province"),
    Province("quang-ninh", "Quảng Ninh", "Quang Ninh", "province"),
    Province("thanh-hoa", "Thanh Hóa", "Thanh Hoa", "province"),
    Province("nghe-an", "Nghệ An", "Nghe An", "province"),
    Province("ha-tinh", "Hà Tĩnh", "Ha Tinh", "province"),
    # Provinces formed by merger
    Province("tuyen-quang", "Tuyên Quang", "Tuyen Quang", "province", ("Tuyên Quang", "Hà Giang")),
    Province("lao-cai", "Lào Cai", "Lao Cai", "province", ("Lào Cai", "Yên Bái")),
    Province("thai-nguyen", "Thái Nguyên", "Thai Nguyen", "province", ("Thái Nguyên", "Bắc Kạn")),
    Province("phu-tho", "Phú Thọ", "Phu Tho", "province", ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")),
    Province("bac-ninh", "Bắc Ninh", "Bac Ninh", "province", ("Bắc Ninh", "Bắc Giang")),
    Province("hung-yen", "Hưng Yên", "Hung Yen", "province", ("Hưng Yên", "Thái Bình")),
    Province(
        "ninh-binh", "Ninh Bình", "Ninh Binh", "province", ("Ninh Bình", "Hà Nam", "Nam Định")
    ),
    Province("quang-tri", "Quảng Trị", "Quang Tri", "province", ("Quảng Trị", "Quảng Bình")),
    Province("quang-ngai", "Quảng Ngãi", "Quang Ngai", "province", ("Quảng Ngãi", "Kon Tum")),
    Province("gia-lai", "Gia Lai", "Gia Lai", "province", ("Gia Lai", "Bình Định")),
    Province("dak-lak", "Đắk Lắk", "Dak Lak", "province", ("Đắk Lắk", "Phú Yên")),
    Province("khanh-hoa", "Khánh Hòa", "Khanh Hoa", "province", ("Khánh Hòa", "Ninh Thuận")),
    Province(
        "lam-dong", "Lâm Đồng", "Lam Dong", "province", ("Lâm Đồng", "Đắk Nông", "Bình Thuận")
    ),
    Province("dong-nai", "Đồng Nai", "Dong Nai", "province", ("Đồng Nai", "Bình Phước")),
    Province("tay-ninh", "Tây Ninh", "Tay Ninh", "province", ("Tây Ninh", "Long An")),
    Province("dong-thap", "Đồng Tháp", "Dong Thap", "province", ("Đồng Tháp", "Tiền Giang")),
    Province(
        "vinh-long", "Vĩnh Long", "Vinh Long", "province", ("Vĩnh Long", "Bến Tre", "Trà Vinh")
    ),
    Province("an-giang", "An Giang", "An Giang", "province", ("An Giang", "Kiên Giang")),
    Province("ca-mau", "Cà Mau", "Ca Mau", "province", ("Cà Mau", "Bạc Liêu")),
)

# Official two-digit codes (Quyết định 19/2025/QĐ-TTg), beside the slugs.
_OFFICIAL_CODES: dict[str, str] = {
    "ha-noi": "01",
    "hue": "46",
    "hai-phong": "31",
    "da-nang": "48",
    "ho-chi-minh": "79",
    "can-tho": "92",
    "cao-bang": "04",
    "dien-bien": "11",
    "lai-chau": "12",
    "lang-son": "20",
    "son-la": "14",
    "quang-ninh": "22",
    "thanh-hoa": "38",
    "nghe-an": "40",
    "ha-tinh": "42",
    "tuyen-quang": "08",
    "lao-cai": "15",
    "thai-nguyen": "19",
    "phu-tho": "25",
    "bac-ninh": "24",
    "hung-yen": "33",
    "ninh-binh": "37",
    "quang-tri": "44",
    "quang-ngai": "51",
    "gia-lai": "52",
    "dak-lak": "66",
    "khanh-hoa": "56",
    "lam-dong": "68",
    "dong-nai": "75",
    "tay-ninh": "80",
    "dong-thap": "82",
    "vinh-long": "86",
    "an-giang": "91",
    "ca-mau": "96",
}
PROVINCES = tuple(
    Province(p.code, p.name_vi, p.name_en, p.kind, p.merged_from, _OFFICIAL_CODES[p.code])
    for p in PROVINCES
)

_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}
_BY_OFFICIAL_CODE: dict[str, Province] = {p.official_code: p for p in PROVINCES}


def province_by_code(code: str) -> Province | None:
    """The province or city with this slug, or None when there is none."""
    return _BY_CODE.get(code)


def province_by_official_code(code: str) -> Province | None:
    """The province or city with this two-digit official code, or None."""
    return _BY_OFFICIAL_CODE.get(code)
