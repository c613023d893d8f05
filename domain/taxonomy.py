"""Vietnam's classification of science and technology fields, top two levels.

Source: "Bảng phân loại lĩnh vực nghiên cứu khoa học và công nghệ", issued with Quyết định
12/2008/QĐ-BKHCN (4 September 2008), itself modelled on the OECD Fields of Science (Frascati).
Level 1 has 6 fields coded 1-6; level 2 has 46 sectors coded 101-699, where x99 is the
"other" bucket of field x.

Written from memory, not copied from the gazette. Uncertain points:
- 202: the decision words it "Kỹ thuật điện, kỹ thuật điện tử, kỹ thuật thông tin"; it is often
  quoted as "Kỹ thuật điện, điện tử, viễn thông". We keep the former.
- 208/209 (environmental / industrial biotechnology) and 305/406 (medical / agricultural
  biotechnology) follow the OECD order; the exact Vietnamese wording may differ slightly.
- Thông tư 24/2025/TT-BKHCN replaces the 2008 table from 15 December 2025, keeping 6 fields and
  46 sectors (101-699); sector names here have not been checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Field:
    """A level-1 field (1-digit code, no parent) or a level-2 sector (3-digit code)."""

    code: str
    parent_code: str | None
    name_vi: str
    name_en: str

    @property
    def level(self) -> int:
        return 1 if self.parent_code is None else 2


# (code, name_vi, name_en); a 3-digit code's parent is its first digit.
_TABLE: tuple[tuple[str, str, str], ...] = (
    # --- level-1 field 1 ---
    ("1", "Khoa học tự nhiên", "Natural sciences"),
    ("101", "Toán học và thống kê", "Mathematics and statistics"),
    ("102", "Khoa học máy tính và thông tin", "Computer and information sciences"),
    ("103", "Vật lý", "Physical sciences"),
    ("104", "Hóa học", "Chemical sciences"),
    (
        "105",
        "Các khoa học trái đất và môi trường liên quan",
        "Earth and related environmental sciences",
    ),
    ("106", "Sinh học", "Biological sciences"),
    ("199", "Khoa học tự nhiên khác", "Other natural sciences"),
    # --- level-1 field 2 ---
    ("2", "Khoa học kỹ thuật và công nghệ", "Engineering and technology"),
    ("201", "Kỹ thuật dân dụng", "Civil engineering"),
    (
        "202",
        "Kỹ thuật điện, kỹ thuật điện tử, kỹ thuật thông tin",
        "Electrical, electronic and information engineering",
    ),
    ("203", "Kỹ thuật cơ khí", "Mechanical engineering"),
    ("204", "Kỹ thuật hóa học", "Chemical engineering"),
    ("205", "Kỹ thuật vật liệu và luyện kim", "Materials engineering and metallurgy"),
    ("206", "Kỹ thuật y học", "Medical engineering"),
    ("207", "Kỹ thuật môi trường", "Environmental engineering"),
    ("208", "Công nghệ sinh học môi trường", "Environmental biotechnology"),
    ("209", "Công nghệ sinh học công nghiệp", "Industrial biotechnology"),
    ("210", "Công nghệ nano", "Nanotechnology"),
    ("211", "Kỹ thuật thực phẩm và đồ uống", "Food and beverage engineering"),
    ("299", "Khoa học kỹ thuật và công nghệ khác", "Other engineering and technologies"),
    # --- level-1 field 3 ---
    ("3", "Khoa học y, dược", "Medical and health sciences"),
    ("301", "Y học cơ sở", "Basic medicine"),
    ("302", "Y học lâm sàng", "Clinical medicine"),
    ("303", "Y tế", "Health sciences"),
    ("304", "Dược học", "Pharmacy"),
    ("305", "Công nghệ sinh học trong y học", "Medical biotechnology"),
    ("399", "Khoa học y, dược khác", "Other medical and health sciences"),
    # --- level-1 field 4 ---
    ("4", "Khoa học nông nghiệp", "Agricultural sciences"),
    ("401", "Trồng trọt", "Crop production"),
    ("402", "Chăn nuôi", "Animal husbandry"),
    ("403", "Thú y", "Veterinary science"),
    ("404", "Lâm nghiệp", "Forestry"),
    ("405", "Thủy sản", "Fisheries and aquaculture"),
    ("406", "Công nghệ sinh học trong nông nghiệp", "Agricultural biotechnology"),
    ("499", "Khoa học nông nghiệp khác", "Other agricultural sciences"),
    # --- level-1 field 5 ---
    ("5", "Khoa học xã hội", "Social sciences"),
    ("501", "Tâm lý học", "Psychology"),
    ("502", "Kinh tế và kinh doanh", "Economics and business"),
    ("503", "Khoa học giáo dục", "Educational sciences"),
    ("504", "Xã hội học", "Sociology"),
    ("505", "Pháp luật", "Law"),
    ("506", "Khoa học chính trị", "Political science"),
    ("507", "Địa lý kinh tế và xã hội", "Social and economic geography"),
    ("508", "Thông tin đại chúng và truyền thông", "Media and communications"),
    ("599", "Khoa học xã hội khác", "Other social sciences"),
    # --- level-1 field 6 ---
    ("6", "Khoa học nhân văn", "Humanities"),
    ("601", "Lịch sử và khảo cổ học", "History and archaeology"),
    ("602", "Ngôn ngữ học và văn học", "Languages and literature"),
    ("603", "Triết học, đạo đức học và tôn giáo", "Philosophy, ethics and religion"),
    ("604", "Nghệ thuật", "Arts"),
    ("699", "Khoa học nhân văn khác", "Other humanities"),
)

FIELDS: tuple[Field, ...] = tuple(
    Field(code, None if len(code) == 1 else code[0], name_vi, name_en)
    for code, name_vi, name_en in _TABLE
)

LEVEL1_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.parent_code is None)
SECTORS: tuple[Field, ...] = tuple(f for f in FIELDS if f.parent_code is not None)

_BY_CODE: dict[str, Field] = {f.code: f for f in FIELDS}


def field_by_code(code: str) -> Field | None:
    """The field or sector with this code, or None when the code is not in the table."""
    return _BY_CODE.get(code)


def sectors_of(field_code: str) -> tuple[Field, ...]:
    """The level-2 sectors of a level-1 field, in code order; empty for unknown codes."""
    return tuple(f for f in SECTORS if f.parent_code == field_code)
