"""Deterministic, realistic bilingual demo content for the Innovation Portal and the Exchange.

`generate_demo(seed)` returns plain frozen dataclasses (no database, no framework) that the
seeding command and the tests wire in. The same seed always yields the same dataset, in any
process: only a seeded `random.Random` is used, never sets or the clock.

All organisations, people and listings are fictional. Organisation names follow the patterns of
real Vietnamese bodies (Sở ..., Viện ..., Công ty CP ...) so listings read naturally, but no
listing describes the work of a real body. The prose comes from ~40 hand-written bilingual
topic templates at the bottom of this module, combined with organisations, places, states and
numbers; every initiative, offer and need records its `topic`, which doubles as ground truth
for matching evaluation (an offer and a need with the same topic should match).
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from domain.provinces import province_by_code

# Lifecycle states, in lifecycle order. The domain owns the real state machines; these are the
# names the seeder maps onto them.
INITIATIVE_STATES: tuple[str, ...] = (
    "draft",
    "submitted",
    "screening",
    "under_review",
    "revision_requested",
    "resubmitted",
    "accepted",
    "rejected",
    "published",
    "commercialising",
    "commercialised",
    "withdrawn",
)
OFFER_STATES: tuple[str, ...] = (
    "draft",
    "pending_approval",
    "listed",
    "under_negotiation",
    "transferred",
    "withdrawn",
    "expired",
)
NEED_STATES: tuple[str, ...] = ("draft", "open", "closed", "awarded")
NEED_KINDS: tuple[str, ...] = ("request", "challenge")
ORGANIZATION_KINDS: tuple[str, ...] = (
    "university",
    "research_institute",
    "enterprise",
    "startup",
    "agency",
    "fund",
    "support_org",
    "individual",
)
PERSON_ROLES: tuple[str, ...] = ("operator", "reviewer", "org_admin", "org_member")
IP_STATUSES: tuple[str, ...] = (
    "none",
    "pending",
    "patent",
    "utility_solution",
    "copyright",
    "trade_secret",
)
TRANSFER_MODES: tuple[str, ...] = (
    "licence",
    "assignment",
    "technical_service",
    "joint_venture",
    "capital_contribution",
    "turnkey",
)
LANGUAGES: tuple[str, ...] = ("vi", "en")

EMAIL_DOMAIN = "example.vn"
# Deadlines are computed from this date, not from today, so that output is reproducible.
# Pass `reference_date=date.today()` to get needs that are open "now".
REFERENCE_DATE = date(2026, 6, 1)
MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    key: str
    name: str
    kind: str
    province_code: str
    registry_code: str | None  # tax code for companies, budget-unit code for public bodies
    verified: bool


@dataclass(frozen=True, slots=True)
class DemoPerson:
    key: str
    email: str
    display_name: str
    locale: str
    organization_key: str | None  # None for national operators
    role: str


@dataclass(frozen=True, slots=True)
class DemoInitiative:
    key: str
    organization_key: str
    title: str
    summary: str
    description: str
    problem: str
    solution: str
    advantages: str
    field_code: str
    keywords: tuple[str, ...]
    trl: int
    ip_status: str
    ip_number: str | None
    target_users: str
    expected_impact: str
    province_code: str
    language: str
    coauthors: tuple[tuple[str, int], ...]  # (name, share_percent), shares sum to 100
    target_state: str
    submitter_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoOffer:
    key: str
    organization_key: str
    title: str
    summary: str
    description: str
    trl: int
    ip_status: str
    field_code: str
    keywords: tuple[str, ...]
    transfer_modes: tuple[str, ...]
    price_min_vnd: int | None  # both None: price by negotiation ("giá thỏa thuận")
    price_max_vnd: int | None
    terms: str
    province_code: str
    initiative_key: str | None
    target_state: str
    language: str
    owner_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoNeed:
    key: str
    organization_key: str
    kind: str
    title: str
    problem_statement: str
    desired_outcome: str
    constraints: str
    min_trl: int
    budget_min_vnd: int
    budget_max_vnd: int
    deadline: date
    province_code: str
    field_code: str
    prize_vnd: int | None  # challenges only
    order_commitment: str | None  # challenges only
    target_state: str
    language: str
    owner_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoFund:
    key: str
    organization_key: str
    thesis: str
    field_codes: tuple[str, ...]
    trl_min: int
    trl_max: int
    ticket_min_vnd: int
    ticket_max_vnd: int
    province_codes: tuple[str, ...]  # empty: invests nationwide


@dataclass(frozen=True, slots=True)
class DemoDataset:
    seed: int
    reference_date: date
    organizations: tuple[DemoOrganization, ...]
    people: tuple[DemoPerson, ...]
    initiatives: tuple[DemoInitiative, ...]
    offers: tuple[DemoOffer, ...]
    needs: tuple[DemoNeed, ...]
    funds: tuple[DemoFund, ...]


# --------------------------------------------------------------------------------------------
# Organisations: (name, kind, province, topics it supplies or seeks)

_ORGANIZATIONS: tuple[tuple[str, str, str, str], ...] = (
    # Universities
    ("Trường Đại học Công nghệ Miền Tây", "university", "can-tho",
     "flood-iot saline-monitoring nano-silica husk-gasifier-dryer"),
    ("Trường Đại học Nông Lâm Tây Nguyên", "university", "dak-lak",
     "smart-irrigation coffee-traceability forest-monitoring corn-silage"),
    ("Trường Đại học Bách khoa Duyên hải", "university", "hai-phong",
     "cobot-welding bridge-monitoring plastic-brick tuna-cold-storage"),
    ("Trường Đại học Y Dược Sông Hương", "university", "hue",
     "stroke-rehab telehealth-commune student-mental-health liver-herbal"),
    ("Trường Đại học Khoa học và Kỹ thuật Hồng Hà", "university", "ha-noi",
     "vietnamese-asr ai-xray-tb legal-assistant adaptive-traffic rooftop-solar-ems"),
    ("Trường Đại học Khoa học Ứng dụng Phương Nam", "university", "ho-chi-minh",
     "textile-wastewater black-soldier-fly dengue-forecast battery-swap cassava-bioplastic"),
    ("Trường Đại học Thủy sản và Biển Nam Trung Bộ", "university", "khanh-hoa",
     "fish-sauce tuna-cold-storage shrimp-test-kit island-water"),
    ("Trường Đại học Kỹ thuật Sông Hàn", "university", "da-nang",
     "adaptive-traffic bridge-monitoring island-water heritage-3d"),
    ("Trường Đại học Nông nghiệp Trung du", "university", "thai-nguyen",
     "shan-tea probiotic-poultry corn-silage"),
    ("Trường Đại học Vùng cao Tây Bắc", "university", "son-la",
     "bilingual-learning corn-silage landslide-warning telehealth-commune"),
    # Research institutes
    ("Viện Công nghệ Sinh học Nông nghiệp Cần Thơ", "research_institute", "can-tho",
     "straw-biofertiliser shrimp-test-kit rice-shrimp probiotic-poultry"),
    ("Viện Nghiên cứu Tài nguyên Nước và Xâm nhập mặn Nam Bộ", "research_institute",
     "vinh-long", "saline-monitoring flood-iot rice-shrimp"),
    ("Viện Khoa học Vật liệu Ứng dụng Miền Bắc", "research_institute", "ha-noi",
     "nano-silica plastic-brick cassava-bioplastic"),
    ("Viện Nghiên cứu Cơ điện tử và Tự động hóa Phương Nam", "research_institute",
     "ho-chi-minh", "cobot-welding battery-swap rooftop-solar-ems husk-gasifier-dryer"),
    ("Viện Nghiên cứu Nuôi trồng Thủy sản Bán đảo Cà Mau", "research_institute", "ca-mau",
     "shrimp-test-kit rice-shrimp"),
    ("Viện Nghiên cứu Cà phê và Cây công nghiệp Cao nguyên", "research_institute", "lam-dong",
     "coffee-traceability smart-irrigation durian-storage dragon-fruit-led"),
    ("Viện Y học Phục hồi chức năng Miền Trung", "research_institute", "hue", "stroke-rehab"),
    ("Viện Trí tuệ nhân tạo và Ngôn ngữ tiếng Việt", "research_institute", "ha-noi",
     "vietnamese-asr legal-assistant ai-xray-tb"),
    ("Viện Môi trường và Năng lượng Duyên hải", "research_institute", "hai-phong",
     "textile-wastewater craft-village-wastewater island-water plastic-brick"),
    ("Viện Địa chất và Thiên tai Miền núi phía Bắc", "research_institute", "lao-cai",
     "landslide-warning forest-monitoring"),
    ("Viện Dược liệu Trường Sơn", "research_institute", "quang-ngai",
     "ngoc-linh-ginseng liver-herbal"),
    # Enterprises, which both supply and seek
    ("Công ty CP Giải pháp Nước sạch Miền Trung", "enterprise", "da-nang",
     "island-water craft-village-wastewater"),
    ("Công ty TNHH Thiết bị Y tế An Khang", "enterprise", "ho-chi-minh",
     "stroke-rehab ai-xray-tb"),
    ("Công ty CP Phân bón Sinh học Mê Kông Xanh", "enterprise", "an-giang",
     "straw-biofertiliser black-soldier-fly"),
    ("Công ty CP Cà phê Đất Đỏ Buôn Hồ", "enterprise", "dak-lak",
     "coffee-traceability smart-irrigation"),
    ("Công ty TNHH Chế biến Thủy sản Biển Đông Cà Mau", "enterprise", "ca-mau",
     "shrimp-test-kit rice-shrimp"),
    ("Công ty CP Năng lượng Mặt trời Phương Nam", "enterprise", "dong-nai",
     "rooftop-solar-ems dragon-fruit-led island-water"),
    ("Công ty CP Cơ khí Chính xác Kinh Bắc", "enterprise", "bac-ninh",
     "cobot-welding husk-gasifier-dryer"),
    ("Công ty TNHH Dệt nhuộm Phố Hiến", "enterprise", "hung-yen", "textile-wastewater"),
    ("Công ty CP Nông sản Sầu riêng Cái Mơn Xanh", "enterprise", "vinh-long",
     "durian-storage agri-ecommerce"),
    ("Công ty CP Vật liệu Xây dựng Xanh Hạ Long", "enterprise", "quang-ninh",
     "plastic-brick nano-silica"),
    ("Công ty CP Chè Shan Tuyết Hà Giang", "enterprise", "tuyen-quang",
     "shan-tea agri-ecommerce"),
    ("Công ty TNHH Nước mắm Truyền thống Cửa Bé", "enterprise", "khanh-hoa", "fish-sauce"),
    ("Công ty CP Bao bì Sinh học Tây Ninh", "enterprise", "tay-ninh", "cassava-bioplastic"),
    ("Công ty CP Thức ăn Chăn nuôi Đồng Xanh", "enterprise", "phu-tho",
     "probiotic-poultry corn-silage black-soldier-fly"),
    ("Công ty CP Dược phẩm Xứ Thanh", "enterprise", "thanh-hoa",
     "liver-herbal ngoc-linh-ginseng"),
    ("Công ty CP Giao vận Nhanh Sông Hồng", "enterprise", "ha-noi",
     "battery-swap adaptive-traffic"),
    ("Công ty CP Hải sản Xuất khẩu Nam Trung Bộ", "enterprise", "gia-lai",
     "tuna-cold-storage fish-sauce"),
    # Startups
    ("Công ty TNHH Công nghệ MekongSense", "startup", "can-tho",
     "flood-iot saline-monitoring"),
    ("Công ty CP VietVoice AI", "startup", "ha-noi", "vietnamese-asr legal-assistant"),
    ("Công ty TNHH RehaTech Việt", "startup", "hue", "stroke-rehab"),
    ("Công ty CP AgriTrace Việt Nam", "startup", "dak-lak",
     "coffee-traceability agri-ecommerce"),
    ("Công ty TNHH Green Larvae", "startup", "ho-chi-minh", "black-soldier-fly"),
    ("Công ty CP SolarDrop", "startup", "khanh-hoa", "island-water"),
    ("Công ty TNHH ShrimpCheck Bio", "startup", "ca-mau", "shrimp-test-kit"),
    ("Công ty CP Pin Xanh Đô thị", "startup", "ha-noi", "battery-swap"),
    ("Công ty TNHH Học Vui Vùng Cao", "startup", "lao-cai", "bilingual-learning"),
    ("Công ty CP MindCare Việt", "startup", "ho-chi-minh",
     "student-mental-health telehealth-commune"),
    ("Công ty TNHH TrafficEye", "startup", "da-nang", "adaptive-traffic"),
    ("Công ty TNHH Di sản Số Việt", "startup", "hue", "heritage-3d"),
    ("Công ty CP Rừng Xanh Số", "startup", "nghe-an", "forest-monitoring"),
    # State agencies, which seek
    ("Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long", "agency", "vinh-long",
     "saline-monitoring rice-shrimp straw-biofertiliser"),
    ("Sở Khoa học và Công nghệ tỉnh An Giang", "agency", "an-giang",
     "flood-iot straw-biofertiliser husk-gasifier-dryer"),
    ("Ban Chỉ huy Phòng thủ dân sự tỉnh Lào Cai", "agency", "lao-cai", "landslide-warning"),
    ("Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Khánh Hòa", "agency",
     "khanh-hoa", "island-water"),
    ("Trung tâm Kiểm soát Bệnh tật thành phố Cần Thơ", "agency", "can-tho",
     "dengue-forecast ai-xray-tb"),
    ("Sở Xây dựng thành phố Hải Phòng", "agency", "hai-phong",
     "bridge-monitoring adaptive-traffic"),
    ("Trung tâm Phục vụ Hành chính công thành phố Đà Nẵng", "agency", "da-nang",
     "vietnamese-asr legal-assistant"),
    ("Sở Y tế tỉnh Sơn La", "agency", "son-la", "telehealth-commune"),
    ("Ban Quản lý Rừng phòng hộ tỉnh Quảng Trị", "agency", "quang-tri", "forest-monitoring"),
    ("Sở Giáo dục và Đào tạo tỉnh Điện Biên", "agency", "dien-bien",
     "bilingual-learning student-mental-health"),
    ("Ban Quản lý Di tích và Bảo tàng tỉnh Ninh Bình", "agency", "ninh-binh", "heritage-3d"),
    # Investment funds, whose theses are in _FUNDS
    ("Quỹ Đầu tư Khởi nghiệp Sáng tạo Mê Kông", "fund", "can-tho", ""),
    ("Quỹ Đầu tư Công nghệ Nông nghiệp Xanh Việt", "fund", "ho-chi-minh", ""),
    ("Quỹ Phát triển Khoa học và Công nghệ Đắk Lắk", "fund", "dak-lak", ""),
    ("Quỹ Đầu tư Mạo hiểm Sông Hồng", "fund", "ha-noi", ""),
    ("Quỹ Đầu tư Y tế Số An Tâm", "fund", "ho-chi-minh", ""),
    ("Quỹ Khí hậu và Năng lượng Sạch Duyên hải", "fund", "da-nang", ""),
    ("Quỹ Đổi mới Sáng tạo Kinh Bắc", "fund", "bac-ninh", ""),
    ("Quỹ Đầu tư Thiên thần Xứ Huế", "fund", "hue", ""),
    ("Quỹ Đầu tư Kinh tế Biển Nam Trung Bộ", "fund", "khanh-hoa", ""),
    ("Quỹ Đầu tư Công nghệ Lõi Thăng Long", "fund", "ha-noi", ""),
    # Innovation support organisations
    ("Trung tâm Hỗ trợ Khởi nghiệp Đổi mới Sáng tạo Cần Thơ", "support_org", "can-tho", ""),
    ("Vườn ươm Công nghệ Nông nghiệp Phương Nam", "support_org", "ho-chi-minh", ""),
    ("Trung tâm Sở hữu trí tuệ và Chuyển giao Công nghệ Miền Trung", "support_org",
     "da-nang", ""),
    ("Hiệp hội Doanh nghiệp Khoa học và Công nghệ Hải Phòng", "support_org", "hai-phong", ""),
    ("Trung tâm Đổi mới Sáng tạo Nghệ An", "support_org", "nghe-an", ""),
    # Independent inventors
    ("Nguyễn Văn Thành", "individual", "an-giang", "husk-gasifier-dryer straw-biofertiliser"),
    ("Trần Thị Mỹ Hạnh", "individual", "dong-thap", "agri-ecommerce durian-storage"),
    ("Lê Quang Vinh", "individual", "thanh-hoa", "cobot-welding"),
    ("Hoàng Minh Đức", "individual", "ha-tinh", "island-water"),
    ("Y Thuôn Niê", "individual", "dak-lak", "smart-irrigation"),
)  # fmt: skip

_SUPPLIER_KINDS = ("university", "research_institute", "enterprise", "startup", "individual")
_SEEKER_KINDS = ("agency", "enterprise")

# (fund name, thesis, field codes, TRL range, ticket range in million VND, provinces)
_FUNDS: tuple[tuple[str, str, str, tuple[int, int], tuple[int, int], str], ...] = (
    (
        "Quỹ Đầu tư Khởi nghiệp Sáng tạo Mê Kông",
        "Đầu tư giai đoạn hạt giống và tiền Series A vào doanh nghiệp công nghệ nông nghiệp, "
        "thủy sản và thích ứng biến đổi khí hậu tại Đồng bằng sông Cửu Long; ưu tiên đội ngũ "
        "đã có sản phẩm thử nghiệm thực địa và khách hàng trả tiền đầu tiên.",
        "401 405 406 105 202",
        (5, 8),
        (2_000, 15_000),
        "can-tho an-giang dong-thap vinh-long ca-mau",
    ),
    (
        "Quỹ Đầu tư Công nghệ Nông nghiệp Xanh Việt",
        "Đầu tư tăng trưởng vào công nghệ chế biến, bảo quản sau thu hoạch và đầu vào sinh học "
        "giúp nông sản Việt Nam đáp ứng tiêu chuẩn xuất khẩu và giảm phát thải.",
        "211 401 402 406 209",
        (6, 9),
        (5_000, 40_000),
        "",
    ),
    (
        "Quỹ Phát triển Khoa học và Công nghệ Đắk Lắk",
        "Cho vay ưu đãi và tài trợ có thu hồi cho dự án ứng dụng, chuyển giao công nghệ vào sản "
        "xuất cà phê, hồ tiêu, sầu riêng và chăn nuôi trên địa bàn tỉnh.",
        "401 402 211 102",
        (6, 9),
        (500, 5_000),
        "dak-lak",
    ),
    (
        "Quỹ Đầu tư Mạo hiểm Sông Hồng",
        "Đầu tư vào công nghệ lõi về trí tuệ nhân tạo, xử lý tiếng nói và dữ liệu lớn có khả năng "
        "thương mại hóa trong khu vực công, y tế và tài chính.",
        "102 202 302",
        (4, 8),
        (10_000, 60_000),
        "",
    ),
    (
        "Quỹ Đầu tư Y tế Số An Tâm",
        "Đồng hành cùng doanh nghiệp thiết bị y tế, y tế số và dược liệu đã có dữ liệu lâm sàng "
        "hoặc tiền lâm sàng, hướng tới tuyến y tế cơ sở.",
        "206 302 303 304 305",
        (5, 9),
        (5_000, 30_000),
        "",
    ),
    (
        "Quỹ Khí hậu và Năng lượng Sạch Duyên hải",
        "Đầu tư vào giải pháp cảnh báo thiên tai, nước sạch, xử lý chất thải và năng lượng tái "
        "tạo cho các tỉnh ven biển miền Trung.",
        "202 207 208 105",
        (4, 8),
        (5_000, 50_000),
        "da-nang hue quang-ngai quang-tri khanh-hoa gia-lai",
    ),
    (
        "Quỹ Đổi mới Sáng tạo Kinh Bắc",
        "Đầu tư vào tự động hóa, robot và vật liệu mới cho doanh nghiệp sản xuất vừa và nhỏ "
        "vùng đồng bằng sông Hồng.",
        "203 202 205",
        (6, 9),
        (3_000, 25_000),
        "bac-ninh ha-noi hai-phong hung-yen thai-nguyen",
    ),
    (
        "Quỹ Đầu tư Thiên thần Xứ Huế",
        "Mạng lưới nhà đầu tư thiên thần hỗ trợ dự án giai đoạn sớm về giáo dục, văn hóa, di "
        "sản và chăm sóc sức khỏe tinh thần.",
        "503 601 501 303",
        (3, 6),
        (300, 2_000),
        "",
    ),
    (
        "Quỹ Đầu tư Kinh tế Biển Nam Trung Bộ",
        "Đầu tư vào nuôi trồng, khai thác và chế biến thủy sản bền vững, cùng các giải pháp môi "
        "trường biển và hải đảo.",
        "405 207 211",
        (5, 9),
        (3_000, 20_000),
        "khanh-hoa dak-lak gia-lai quang-ngai lam-dong",
    ),
    (
        "Quỹ Đầu tư Công nghệ Lõi Thăng Long",
        "Đầu tư dài hạn vào vật liệu tiên tiến, công nghệ nano và công nghệ sinh học có bằng "
        "sáng chế, chấp nhận rủi ro công nghệ ở giai đoạn phòng thí nghiệm.",
        "205 209 210 305",
        (3, 7),
        (10_000, 80_000),
        "",
    ),
)


# --------------------------------------------------------------------------------------------
# People

_FAMILY_NAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 5),
    ("Phan", 4), ("Vũ", 4), ("Võ", 4), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 1),
)  # fmt: skip
_MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Anh", "Ngọc")
_MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Hồng", "Phương", "Kim", "Bích", "Minh")
_GIVEN_MALE = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Hải", "Sơn", "Phong", "Khoa", "Bảo", "Trung",
    "Hiếu", "Thắng", "Quân", "Tâm", "Lộc", "Phúc", "Khánh", "Đạt", "Vinh", "Toàn", "Nghĩa",
)  # fmt: skip
_GIVEN_FEMALE = (
    "Lan", "Hương", "Mai", "Linh", "Trang", "Hằng", "Ngân", "Thảo", "Vy", "Nhung", "Yến",
    "Hạnh", "Loan", "Oanh", "Quyên", "Diễm", "Châu", "Tuyết", "Hoa", "Trinh",
)  # fmt: skip
_FOREIGN_NAMES = ("Sarah Mitchell", "Kenji Watanabe", "Anna Schmidt", "David Laurent")
_ACADEMIC_TITLES = ("GS.TS.", "PGS.TS.", "PGS.TS.", "TS.", "TS.", "TS.", "ThS.")


def _vietnamese_name(rng: random.Random) -> str:
    family = rng.choices([n for n, _ in _FAMILY_NAMES], [w for _, w in _FAMILY_NAMES])[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(_MIDDLE_MALE)} {rng.choice(_GIVEN_MALE)}"
    return f"{family} {rng.choice(_MIDDLE_FEMALE)} {rng.choice(_GIVEN_FEMALE)}"


def ascii_slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII slug of Vietnamese text: "Đắk Lắk" -> "dak-lak"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return sep.join(words)


# --------------------------------------------------------------------------------------------
# Topic templates (the prose lives in _TOPIC_SOURCE at the bottom of the module)


@dataclass(frozen=True, slots=True)
class _Text:
    title: str
    summary: str
    problem: str
    solution: str
    advantages: str
    users: str
    impact: str
    need_title: str
    need_problem: str
    need_outcome: str
    keywords: tuple[str, ...]
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Topic:
    slug: str
    field_code: str
    provinces: tuple[str, ...]
    trl: tuple[int, int]
    price_million: tuple[int, int]
    kind: str  # device | software | process: picks fitting constraints and terms
    vi: _Text
    en: _Text

    def text(self, language: str) -> _Text:
        return self.en if language == "en" else self.vi


_TEXT_KEYS = (
    "title", "summary", "problem", "solution", "advantages", "users", "impact",
    "need_title", "need_problem", "need_outcome", "keywords",
)  # fmt: skip


def _parse_range(value: str) -> tuple[int, int]:
    low, high = value.split("-")
    return int(low), int(high)


def _parse_topics(source: str) -> tuple[_Topic, ...]:
    """Parse the `== slug` / `key: value` blocks; indented lines continue the previous value."""
    blocks: list[tuple[str, dict[str, str], list[str]]] = []
    last_key = ""
    for raw in source.splitlines():
        if not raw.strip():
            continue
        if raw.startswith("== "):
            blocks.append((raw[3:].strip(), {}, []))
            continue
        slug, values, variants = blocks[-1]
        if raw.startswith(" "):
            if last_key == "variant":
                variants[-1] += " " + raw.strip()
            else:
                values[last_key] += " " + raw.strip()
            continue
        key, _, value = raw.partition(":")
        last_key = key.strip()
        if last_key == "variant":
            variants.append(value.strip())
        else:
            values[last_key] = value.strip()

    topics = []
    for slug, values, variants in blocks:
        pairs = [tuple(part.strip() for part in v.split("|")) for v in variants]
        texts = {}
        for lang in LANGUAGES:
            missing = [k for k in _TEXT_KEYS if f"{k}_{lang}" not in values]
            if missing:
                raise ValueError(f"topic {slug}: missing {missing} for {lang}")
            fields = {k: values[f"{k}_{lang}"] for k in _TEXT_KEYS}
            texts[lang] = _Text(
                **{k: v for k, v in fields.items() if k != "keywords"},
                keywords=tuple(k.strip() for k in fields["keywords"].split(";")),
                variants=tuple(p[0 if lang == "vi" else 1] for p in pairs),
            )
        topics.append(
            _Topic(
                slug=slug,
                field_code=values["field"],
                provinces=tuple(values["provinces"].split()),
                trl=_parse_range(values["trl"]),
                price_million=_parse_range(values["price"]),
                kind=values["kind"],
                vi=texts["vi"],
                en=texts["en"],
            )
        )
    return tuple(topics)


@cache
def _topics() -> tuple[_Topic, ...]:
    return _parse_topics(_TOPIC_SOURCE)


def topic_slugs() -> tuple[str, ...]:
    """The slugs of the hand-written topic templates, in source order."""
    return tuple(t.slug for t in _topics())


# --------------------------------------------------------------------------------------------
# Generation helpers


def _spread(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    """n states drawn by weight, with every state present at least once."""
    states = list(weights)
    drawn = rng.choices(states, [weights[s] for s in states], k=n - len(states))
    out = states + drawn
    rng.shuffle(out)
    return out


def _province_name(code: str, language: str) -> str:
    province = province_by_code(code)
    if province is None:
        raise ValueError(f"unknown province {code}")
    return province.name_en if language == "en" else province.name_vi


def _unique_title(
    rng: random.Random,
    *,
    text: _Text,
    language: str,
    province_code: str,
    used: set[str],
    prefix: str = "",
    pilot: bool = True,
) -> str:
    """A title not yet in `used`: the topic title, optionally qualified by a variant and by the
    place (a pilot site for solutions, the location for needs)."""
    base = prefix + text.title
    name = _province_name(province_code, language)
    if pilot:
        place = f"(pilot in {name})" if language == "en" else f"(thí điểm tại {name})"
    else:
        place = f"in {name}" if language == "en" else f"tại {name}"
    candidates = [base, f"{base} {place}"]
    if text.variants:
        qualified = f"{base} – {rng.choice(text.variants)}"
        candidates += [qualified, f"{qualified} {place}"]
    first = rng.randrange(len(candidates))
    for title in candidates[first:] + candidates[:first]:
        if title not in used:
            used.add(title)
            return title
    phase = 2
    while True:
        title = f"{base} {place} ({'phase' if language == 'en' else 'giai đoạn'} {phase})"
        if title not in used:
            used.add(title)
            return title
        phase += 1


def _ip(rng: random.Random, topic: _Topic, year: int) -> tuple[str, str | None]:
    if topic.kind == "software":
        status = rng.choices(("copyright", "none", "trade_secret", "pending"), (5, 2, 2, 1))[0]
    else:
        status = rng.choices(
            ("patent", "utility_solution", "pending", "trade_secret", "none"), (2, 3, 3, 1, 2)
        )[0]
    number: str | None = None
    if status == "patent":
        number = f"1-00{rng.randint(30000, 42999)}"
    elif status == "utility_solution":
        number = f"2-000{rng.randint(2000, 4299)}"
    elif status == "pending":
        kind = "2" if topic.kind == "software" else rng.choice("12")
        number = f"{kind}-{year}-{rng.randint(100, 9999):05d}"
    elif status == "copyright":
        number = f"{rng.randint(1000, 9999)}/{year}/QTG"
    return status, number


def _shares(rng: random.Random, count: int) -> list[int]:
    """Authorship shares in steps of 5 that sum to 100, largest first (the lead author)."""
    if count == 1:
        return [100]
    lead = rng.choice(range(40, 75, 5))
    units = (100 - lead) // 5
    cuts = sorted(rng.sample(range(1, units), count - 2)) if count > 2 else []
    bounds = [0, *cuts, units]
    shares = [lead, *(5 * (b - a) for a, b in itertools.pairwise(bounds))]
    return sorted(shares, reverse=True)


def _price(rng: random.Random, topic: _Topic) -> tuple[int, int]:
    low, high = topic.price_million
    minimum = low + 10 * rng.randint(0, max(0, (high - low) // 20))
    maximum = int(minimum * rng.choice((1.5, 2, 2.5, 3)) // 10 * 10)
    return minimum * MILLION, maximum * MILLION


# Offer and need boilerplate: "any" fits every topic, the others only topics of that kind.
_PACKAGE: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "device": (
            "Gói chuyển giao gồm hồ sơ thiết kế, quy trình công nghệ, đào tạo vận hành và hỗ "
            "trợ kỹ thuật {months} tháng.",
            "Bên chuyển giao hướng dẫn lắp đặt, vận hành thử tại cơ sở của bên nhận và bảo hành "
            "{months} tháng.",
            "Chuyển giao trọn gói kèm tài liệu kỹ thuật, chương trình đào tạo cho {people} cán "
            "bộ kỹ thuật và hỗ trợ từ xa {months} tháng.",
        ),
        "process": (
            "Gói chuyển giao gồm quy trình công nghệ chi tiết, công thức phối trộn, đào tạo tại "
            "chỗ và giám sát {months} tháng sản xuất đầu tiên.",
            "Chuyển giao quy trình kèm hồ sơ tiêu chuẩn cơ sở, đào tạo {people} kỹ thuật viên "
            "và hỗ trợ {months} tháng.",
        ),
        "software": (
            "Gói chuyển giao gồm bản quyền sử dụng, mã nguồn phần tích hợp, tài liệu API và hỗ "
            "trợ kỹ thuật {months} tháng.",
            "Triển khai trên hạ tầng của bên nhận, đào tạo {people} quản trị viên và bảo trì "
            "{months} tháng.",
        ),
    },
    "en": {
        "device": (
            "The package includes design files, process documentation, operator training and "
            "{months} months of technical support.",
            "We install and commission at the licensee's site and provide a {months}-month "
            "warranty.",
            "Turnkey transfer with technical documentation, training for {people} engineers and "
            "{months} months of remote support.",
        ),
        "process": (
            "The package includes the detailed process, formulations, on-site training and "
            "supervision of the first {months} months of production.",
            "Process transfer with product specifications, training for {people} technicians "
            "and {months} months of support.",
        ),
        "software": (
            "The package includes a usage licence, integration source code, API documentation "
            "and {months} months of support.",
            "Deployed on the licensee's own infrastructure, with training for {people} "
            "administrators and {months} months of maintenance.",
        ),
    },
}
_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "any": (
            "Phí chuyển giao trả 2 đợt: {a}% khi ký hợp đồng, phần còn lại sau nghiệm thu.",
            "Phí chuyển giao cố định cộng phí bản quyền {r}% doanh thu thuần trong {y} năm.",
            "Li-xăng không độc quyền theo từng tỉnh, thời hạn {y} năm, có thể gia hạn.",
            "Góp vốn bằng công nghệ tương đương {a}% vốn điều lệ của pháp nhân mới.",
        ),
        "device": (
            "Li-xăng độc quyền trong phạm vi lãnh thổ Việt Nam, thời hạn {y} năm; bên nhận cam "
            "kết sản lượng tối thiểu.",
            "Ưu tiên hợp tác với doanh nghiệp có nhà xưởng sẵn có; giá thỏa thuận theo quy mô.",
        ),
        "process": (
            "Li-xăng độc quyền trong phạm vi lãnh thổ Việt Nam, thời hạn {y} năm; bên nhận cam "
            "kết sản lượng tối thiểu.",
            "Ưu tiên hợp tác với doanh nghiệp có nhà xưởng sẵn có; giá thỏa thuận theo quy mô.",
        ),
        "software": (
            "Phí bản quyền tính theo năm và theo số đơn vị sử dụng; cập nhật phiên bản miễn phí "
            "trong {y} năm.",
        ),
    },
    "en": {
        "any": (
            "Fee payable in two instalments: {a}% at signature, the balance on acceptance.",
            "Fixed transfer fee plus a {r}% royalty on net sales for {y} years.",
            "Non-exclusive licence per province for {y} years, renewable.",
            "Technology contributed as capital worth {a}% of the charter capital of a new company.",
        ),
        "device": (
            "Exclusive licence for Vietnam for {y} years, subject to minimum volumes.",
            "Preference for partners with existing production facilities; price depends on scale.",
        ),
        "process": (
            "Exclusive licence for Vietnam for {y} years, subject to minimum volumes.",
            "Preference for partners with existing production facilities; price depends on scale.",
        ),
        "software": (
            "Annual subscription priced per site; version upgrades included for {y} years.",
        ),
    },
}
_CONSTRAINTS: dict[str, dict[str, tuple[str, ...]]] = {
    "vi": {
        "any": (
            "Giải pháp phải vận hành được bởi đội ngũ hiện có sau tối đa 5 ngày đào tạo.",
            "Thời gian thử nghiệm thực địa không quá 6 tháng.",
            "Tổng chi phí sở hữu trong 5 năm không vượt ngân sách đã nêu.",
            "Đơn vị đề xuất phải có tư cách pháp nhân hoặc liên danh với tổ chức có tư cách "
            "pháp nhân.",
            "Giải pháp phải nhân rộng được ra ít nhất 3 địa phương khác.",
        ),
        "device": (
            "Ưu tiên thiết bị, linh kiện được bảo hành và thay thế trong nước.",
            "Thiết bị lắp ngoài trời phải chịu được mưa bão, độ ẩm cao và nhiệt độ tới 45°C.",
        ),
        "process": (
            "Quy trình phải được chứng minh ở quy mô sản xuất thử, không chỉ trong phòng thí "
            "nghiệm.",
            "Nguyên liệu, vật tư đầu vào phải sẵn có trong nước.",
        ),
        "software": (
            "Dữ liệu phải được lưu trữ tại Việt Nam và tuân thủ quy định về bảo vệ dữ liệu cá "
            "nhân.",
            "Phải tích hợp được với hệ thống hiện có qua API mở.",
        ),
    },
    "en": {
        "any": (
            "Must be operable by existing staff after no more than five days of training.",
            "Field trials may last no longer than six months.",
            "Five-year total cost of ownership must stay within the stated budget.",
            "Proposers must be legal entities or partner with one.",
            "The solution must be replicable in at least three other provinces.",
        ),
        "device": (
            "Preference for equipment and parts that can be serviced and replaced locally.",
            "Outdoor equipment must withstand storms, high humidity and temperatures up to 45°C.",
        ),
        "process": (
            "The process must be proven at pilot production scale, not only in the laboratory.",
            "Raw materials and inputs must be available in Vietnam.",
        ),
        "software": (
            "Data must be stored in Vietnam in line with personal data protection rules.",
            "Must integrate with existing systems through open APIs.",
        ),
    },
}


def _pool(pools: dict[str, tuple[str, ...]], topic: _Topic) -> tuple[str, ...]:
    return pools.get("any", ()) + pools.get(topic.kind, ())


_ORDER_COMMITMENT = {
    "vi": (
        "Cam kết đặt hàng triển khai tại {n} điểm nếu giải pháp đạt yêu cầu nghiệm thu thí điểm.",
        "Cam kết mua {n} bộ thiết bị trong 2 năm đầu sau khi thử nghiệm thành công.",
        "Đưa giải pháp vào kế hoạch đầu tư công giai đoạn tới với quy mô {n} đơn vị.",
    ),
    "en": (
        "Commitment to deploy at {n} sites if the pilot passes acceptance.",
        "Commitment to buy {n} units over the first two years after a successful trial.",
        "Inclusion in the next public investment plan at a scale of {n} units.",
    ),
}


# --------------------------------------------------------------------------------------------
# The generator


def generate_demo(seed: int = 2026, reference_date: date = REFERENCE_DATE) -> DemoDataset:
    """Build the full demo dataset. Same seed and reference date, same dataset."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    topics = _topics()
    topic_by_slug = {t.slug: t for t in topics}

    organizations, org_topics = _organizations(rng)
    people, members = _people(rng, organizations)
    org_by_key = {o.key: o for o in organizations}

    suppliers: dict[str, list[DemoOrganization]] = {t.slug: [] for t in topics}
    seekers: dict[str, list[DemoOrganization]] = {t.slug: [] for t in topics}
    for org in organizations:
        for slug in org_topics[org.key]:
            if org.kind in _SUPPLIER_KINDS:
                suppliers[slug].append(org)
            if org.kind in _SEEKER_KINDS:
                seekers[slug].append(org)

    initiatives = _initiatives(rng, topics, suppliers, members, 150)
    offers = _offers(
        rng,
        topic_by_slug=topic_by_slug,
        suppliers=suppliers,
        members=members,
        initiatives=initiatives,
        org_by_key=org_by_key,
        count=150,
    )
    needs = _needs(
        rng,
        topics=topics,
        seekers=seekers,
        members=members,
        reference_date=reference_date,
        count=60,
    )
    funds = _funds(organizations)
    return DemoDataset(
        seed=seed,
        reference_date=reference_date,
        organizations=organizations,
        people=people,
        initiatives=initiatives,
        offers=offers,
        needs=needs,
        funds=funds,
    )


def _organizations(
    rng: random.Random,
) -> tuple[tuple[DemoOrganization, ...], dict[str, tuple[str, ...]]]:
    orgs = []
    topics: dict[str, tuple[str, ...]] = {}
    for index, (name, kind, province, slugs) in enumerate(_ORGANIZATIONS, start=1):
        key = f"org-{index:03d}"
        registry: str | None
        if kind in ("enterprise", "startup", "fund", "support_org"):
            registry = f"0{rng.randint(100_000_000, 999_999_999)}"  # 10-digit tax code
        elif kind == "individual":
            registry = None
        else:
            registry = f"QHNS-{rng.randint(1_000_000, 9_999_999)}"
        verified = kind in ("university", "research_institute", "agency", "fund") or (
            rng.random() < (0.4 if kind == "individual" else 0.8)
        )
        orgs.append(DemoOrganization(key, name, kind, province, registry, verified))
        topics[key] = tuple(slugs.split())
    return tuple(orgs), topics


def _people(
    rng: random.Random, organizations: tuple[DemoOrganization, ...]
) -> tuple[tuple[DemoPerson, ...], dict[str, list[DemoPerson]]]:
    people: list[DemoPerson] = []
    members: dict[str, list[DemoPerson]] = {o.key: [] for o in organizations}
    emails: set[str] = set()
    counters = dict.fromkeys(PERSON_ROLES, 0)

    def add(name: str, role: str, org_key: str | None, title: str = "", locale: str = "vi") -> None:
        counters[role] += 1
        local = ascii_slug(name, ".")
        email, n = f"{local}@{EMAIL_DOMAIN}", 1
        while email in emails:
            n += 1
            email = f"{local}{n}@{EMAIL_DOMAIN}"
        emails.add(email)
        key = f"{role.replace('_', '-')}-{counters[role]:03d}"
        display = f"{title} {name}" if title else name
        person = DemoPerson(key, email, display, locale, org_key, role)
        people.append(person)
        if org_key is not None and role in ("org_admin", "org_member"):
            members[org_key].append(person)

    for _ in range(5):
        add(_vietnamese_name(rng), "operator", None)
    academic = [o for o in organizations if o.kind in ("university", "research_institute")]
    for index in range(12):
        org = academic[index % len(academic)]
        if index < 2:
            add(_FOREIGN_NAMES[index], "reviewer", org.key, "Dr.", "en")
        else:
            add(_vietnamese_name(rng), "reviewer", org.key, rng.choice(_ACADEMIC_TITLES))
    for org in organizations:
        if org.kind == "individual":
            add(org.name, "org_admin", org.key)
            continue
        add(_vietnamese_name(rng), "org_admin", org.key)
        for _ in range(rng.choice((0, 1, 1, 2))):
            add(_vietnamese_name(rng), "org_member", org.key)
    if counters["org_member"] < 4:  # pragma: no cover - guards seeds with few members
        for org in organizations[:4]:
            add(_vietnamese_name(rng), "org_member", org.key)
    return tuple(people), members


_INITIATIVE_WEIGHTS = {
    "draft": 12, "submitted": 10, "screening": 8, "under_review": 14,
    "revision_requested": 6, "resubmitted": 5, "accepted": 8, "rejected": 6,
    "published": 22, "commercialising": 10, "commercialised": 7, "withdrawn": 3,
}  # fmt: skip


def _initiatives(
    rng: random.Random,
    topics: tuple[_Topic, ...],
    suppliers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    count: int,
) -> tuple[DemoInitiative, ...]:
    # every topic once, then at random
    order = list(topics) + rng.choices(topics, k=count - len(topics))
    rng.shuffle(order)
    states = _spread(rng, _INITIATIVE_WEIGHTS, count)
    used: set[str] = set()
    out = []
    for index, (topic, state) in enumerate(zip(order, states, strict=True), start=1):
        org = rng.choice(suppliers[topic.slug])
        language = "en" if rng.random() < 0.2 else "vi"
        text = topic.text(language)
        province = org.province_code if rng.random() < 0.5 else rng.choice(topic.provinces)
        low, high = topic.trl
        trl = (
            rng.randint(max(low, 7), 9)
            if state.startswith("commercialis")
            else (rng.randint(low, high))
        )
        year = rng.randint(2021, 2025)
        ip_status, ip_number = _ip(rng, topic, year)
        submitter = rng.choice(members[org.key])
        authors = [submitter.display_name]
        authors.extend(_vietnamese_name(rng) for _ in range(rng.choice((0, 0, 1, 1, 2, 3))))
        shares = _shares(rng, len(authors))
        place = _province_name(province, language)
        if language == "en":
            context = (
                f"Developed by {org.name} and piloted in {place} since {year}. "
                f"Current technology readiness: TRL {trl}."
            )
        else:
            context = (
                f"Giải pháp do {org.name} nghiên cứu, phát triển và thử nghiệm tại {place} "
                f"từ năm {year}. Mức độ sẵn sàng công nghệ hiện tại: TRL {trl}."
            )
        out.append(
            DemoInitiative(
                key=f"ini-{index:03d}",
                organization_key=org.key,
                title=_unique_title(
                    rng, text=text, language=language, province_code=province, used=used
                ),
                summary=text.summary,
                description=f"{text.problem}\n\n{text.solution}\n\n{context}",
                problem=text.problem,
                solution=text.solution,
                advantages=text.advantages,
                field_code=topic.field_code,
                keywords=tuple(rng.sample(text.keywords, k=min(len(text.keywords), 4))),
                trl=trl,
                ip_status=ip_status,
                ip_number=ip_number,
                target_users=text.users,
                expected_impact=text.impact,
                province_code=province,
                language=language,
                coauthors=tuple(zip(authors, shares, strict=True)),
                target_state=state,
                submitter_key=submitter.key,
                topic=topic.slug,
            )
        )
    return tuple(out)


_OFFER_WEIGHTS = {
    "draft": 10, "pending_approval": 10, "listed": 40, "under_negotiation": 14,
    "transferred": 12, "withdrawn": 5, "expired": 6,
}  # fmt: skip
_OFFERABLE = ("accepted", "published", "commercialising", "commercialised")


def _offers(
    rng: random.Random,
    *,
    topic_by_slug: dict[str, _Topic],
    suppliers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    initiatives: tuple[DemoInitiative, ...],
    org_by_key: dict[str, DemoOrganization],
    count: int,
) -> tuple[DemoOffer, ...]:
    linkable = [i for i in initiatives if i.target_state in _OFFERABLE]
    rng.shuffle(linkable)
    linked = linkable[: min(len(linkable), count * 2 // 5)]
    slugs = sorted(topic_by_slug)
    states = _spread(rng, _OFFER_WEIGHTS, count)
    used = {i.title for i in linked}
    out = []
    for index, state in enumerate(states, start=1):
        source = linked[index - 1] if index <= len(linked) else None
        if source is not None:
            topic = topic_by_slug[source.topic]
            org = org_by_key[source.organization_key]
            language, province, trl = source.language, source.province_code, source.trl
            text = topic.text(language)
            title, keywords = source.title, source.keywords
            field_code, ip_status = source.field_code, source.ip_status
        else:
            topic = topic_by_slug[rng.choice(slugs)]
            org = rng.choice(suppliers[topic.slug])
            language = "en" if rng.random() < 0.2 else "vi"
            text = topic.text(language)
            province = org.province_code if rng.random() < 0.6 else rng.choice(topic.provinces)
            trl = rng.randint(max(topic.trl[0], 4), topic.trl[1])
            title = _unique_title(
                rng, text=text, language=language, province_code=province, used=used
            )
            keywords = tuple(rng.sample(text.keywords, k=min(len(text.keywords), 4)))
            field_code = topic.field_code
            ip_status = _ip(rng, topic, 2024)[0]
        if state == "transferred":
            trl = max(trl, 7)
        if topic.kind == "software":
            pool: tuple[str, ...] = ("licence", "technical_service", "joint_venture")
        else:
            pool = TRANSFER_MODES
        modes = tuple(sorted(rng.sample(pool, k=rng.randint(1, 3)), key=TRANSFER_MODES.index))
        price_min, price_max = (None, None) if rng.random() < 0.12 else _price(rng, topic)
        package = rng.choice(_pool(_PACKAGE[language], topic)).format(
            months=rng.choice((6, 12, 18, 24)), people=rng.choice((5, 8, 10, 15))
        )
        terms = rng.choice(_pool(_TERMS[language], topic)).format(
            a=rng.choice((30, 40, 50)), r=rng.choice((2, 3, 5)), y=rng.choice((3, 5, 7, 10))
        )
        out.append(
            DemoOffer(
                key=f"off-{index:03d}",
                organization_key=org.key,
                title=title,
                summary=text.summary,
                description=f"{text.solution}\n\n{text.advantages}\n\n{package}",
                trl=trl,
                ip_status=ip_status,
                field_code=field_code,
                keywords=keywords,
                transfer_modes=modes,
                price_min_vnd=price_min,
                price_max_vnd=price_max,
                terms=terms,
                province_code=province,
                initiative_key=source.key if source is not None else None,
                target_state=state,
                language=language,
                owner_key=rng.choice(members[org.key]).key,
                topic=topic.slug,
            )
        )
    return tuple(out)


_NEED_WEIGHTS = {"draft": 8, "open": 30, "closed": 12, "awarded": 10}


def _needs(
    rng: random.Random,
    *,
    topics: tuple[_Topic, ...],
    seekers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    reference_date: date,
    count: int,
) -> tuple[DemoNeed, ...]:
    sought = [t for t in topics if seekers[t.slug]]
    order = sought + rng.choices(sought, k=max(0, count - len(sought)))
    order = order[:count]
    rng.shuffle(order)
    states = _spread(rng, _NEED_WEIGHTS, count)
    # awarded needs are challenges; make sure plain requests exist too
    kinds = ["challenge" if s == "awarded" or rng.random() < 0.3 else "request" for s in states]
    if "request" not in kinds:  # pragma: no cover - depends on seed
        kinds[states.index("open")] = "request"
    used: set[str] = set()
    out = []
    for index, (topic, state, kind) in enumerate(zip(order, states, kinds, strict=True), start=1):
        org = rng.choice(seekers[topic.slug])
        language = "en" if rng.random() < 0.15 else "vi"
        text = topic.text(language)
        province = org.province_code
        prefix = (
            ("Challenge: " if language == "en" else "Bài toán: ") if kind == "challenge" else ""
        )
        # topic variants qualify solutions, not problems: need titles only get a place
        title_text = replace(text, title=text.need_title, variants=())
        title = _unique_title(
            rng,
            text=title_text,
            language=language,
            province_code=province,
            used=used,
            prefix=prefix,
            pilot=False,
        )
        year = reference_date.year
        if language == "en":
            closing = f"{org.name} is looking for a proven solution to deploy in {year}."
        else:
            closing = f"{org.name} tìm kiếm đối tác có giải pháp đã được kiểm chứng để triển khai "
            closing += f"trong năm {year}."
        constraints = " ".join(rng.sample(_pool(_CONSTRAINTS[language], topic), k=2))
        low, high = topic.price_million
        budget_min = (low + 10 * rng.randint(0, max(0, (high - low) // 20))) * MILLION
        budget_max = int(budget_min * rng.choice((1.5, 2, 3))) // (10 * MILLION) * 10 * MILLION
        if state == "draft":
            deadline = reference_date + timedelta(days=rng.randint(60, 300))
        elif state == "open":
            deadline = reference_date + timedelta(days=rng.randint(20, 200))
        else:
            deadline = reference_date - timedelta(days=rng.randint(10, 330))
        prize: int | None = None
        order_commitment: str | None = None
        if kind == "challenge":
            if rng.random() < 0.7:
                prize = rng.choice((200, 300, 500, 800, 1000, 1500, 2000)) * MILLION
            if prize is None or rng.random() < 0.5:
                order_commitment = rng.choice(_ORDER_COMMITMENT[language]).format(
                    n=rng.choice((10, 20, 30, 50, 100))
                )
        out.append(
            DemoNeed(
                key=f"need-{index:03d}",
                organization_key=org.key,
                kind=kind,
                title=title,
                problem_statement=f"{text.need_problem} {closing}",
                desired_outcome=text.need_outcome,
                constraints=constraints,
                min_trl=rng.randint(3, 6) if kind == "challenge" else rng.randint(5, 7),
                budget_min_vnd=budget_min,
                budget_max_vnd=max(budget_max, budget_min + 10 * MILLION),
                deadline=deadline,
                province_code=province,
                field_code=topic.field_code,
                prize_vnd=prize,
                order_commitment=order_commitment,
                target_state=state,
                language=language,
                owner_key=rng.choice(members[org.key]).key,
                topic=topic.slug,
            )
        )
    return tuple(out)


def _funds(organizations: tuple[DemoOrganization, ...]) -> tuple[DemoFund, ...]:
    by_name = {o.name: o for o in organizations}
    out = []
    for index, (name, thesis, fields, trl, ticket, provinces) in enumerate(_FUNDS, start=1):
        out.append(
            DemoFund(
                key=f"fund-{index:02d}",
                organization_key=by_name[name].key,
                thesis=thesis,
                field_codes=tuple(fields.split()),
                trl_min=trl[0],
                trl_max=trl[1],
                ticket_min_vnd=ticket[0] * MILLION,
                ticket_max_vnd=ticket[1] * MILLION,
                province_codes=tuple(provinces.split()),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Topic templates. One block per topic: `== slug`, then `key: value` lines; a line starting
# with spaces continues the previous value. `variant: vi | en` lines give title qualifiers.
# price is the usual transfer price range in million VND; trl the usual readiness range.

_TOPIC_SOURCE = """
== flood-iot
field: 202
provinces: can-tho an-giang dong-thap vinh-long
trl: 4-8
price: 250-1200
kind: device
keywords_vi: cảnh báo lũ sớm; cảm biến mực nước; IoT; LoRaWAN; Đồng bằng sông Cửu Long; phòng chống
    thiên tai
keywords_en: flood early warning; water-level sensor; IoT; LoRaWAN; Mekong Delta; disaster risk
    reduction
variant: quy mô cấp xã | at commune scale
variant: tích hợp cảnh báo qua Zalo và loa truyền thanh | with alerts via Zalo and village
    loudspeakers
title_vi: Hệ thống cảnh báo sớm lũ bằng cảm biến mực nước IoT
title_en: IoT water-level sensor network for flood early warning
summary_vi: Trạm đo mực nước siêu âm dùng năng lượng mặt trời, truyền dữ liệu qua LoRaWAN về nền
    tảng dự báo và phát cảnh báo lũ trước 6–12 giờ cho chính quyền và người dân.
summary_en: Solar-powered ultrasonic water-level gauges report over LoRaWAN to a forecasting
    platform that warns authorities and residents of floods 6–12 hours ahead.
problem_vi: Mùa lũ ở vùng đầu nguồn sông Tiền, sông Hậu, mực nước lên nhanh nhưng trạm thủy văn còn
    thưa và phần lớn vẫn đọc thủ công 2–4 lần mỗi ngày. Chính quyền xã thường nhận thông tin muộn,
    khó chủ động di dời người, tài sản và gia cố đê bao.
problem_en: In the flood season on the upper Tien and Hau rivers, water rises quickly, yet gauging
    stations are sparse and mostly read by hand two to four times a day. Commune authorities learn
    too late to evacuate people, move assets or reinforce dykes.
solution_vi: Các trạm đo mực nước siêu âm giá thấp được lắp trên cầu, cống và bến đò, đo 5 phút một
    lần và gửi số liệu qua mạng LoRaWAN về máy chủ. Mô hình dự báo kết hợp mực nước thượng nguồn,
    thủy triều và lượng mưa để tính trước 12 giờ; khi vượt ngưỡng báo động, hệ thống tự gửi SMS,
    tin nhắn Zalo và kích hoạt loa truyền thanh của ấp.
solution_en: Low-cost ultrasonic gauges mounted on bridges, sluice gates and ferry landings measure
    every five minutes and send readings over LoRaWAN. A forecasting model combines upstream
    levels, tides and rainfall to look 12 hours ahead; when an alarm level is crossed the system
    sends SMS and Zalo messages and triggers the hamlet loudspeakers.
advantages_vi: Giá mỗi trạm chỉ bằng khoảng 1/5 trạm tự động nhập khẩu; pin mặt trời và ắc quy dự
    phòng đủ cho 7 ngày không nắng; sai số đo dưới 1 cm; dữ liệu mở theo chuẩn OGC SensorThings nên
    dễ tích hợp với hệ thống của tỉnh.
advantages_en: Each station costs about a fifth of an imported automatic gauge; solar panel and
    battery last seven sunless days; error below 1 cm; data published through OGC SensorThings for
    easy integration with provincial systems.
users_vi: Ban chỉ huy phòng chống thiên tai cấp tỉnh và cấp xã, công ty khai thác thủy lợi, người
    dân vùng trũng.
users_en: Provincial and commune disaster management committees, irrigation companies and residents
    of low-lying areas.
impact_vi: Kéo dài thời gian cảnh báo từ dưới 2 giờ lên 6–12 giờ; dự kiến giảm 15–20% thiệt hại tài
    sản và mùa màng trong các đợt lũ lớn.
impact_en: Lead time grows from under two hours to 6–12 hours; damage to property and crops in
    major floods is expected to fall by 15–20%.
need_title_vi: Cần giải pháp quan trắc và cảnh báo mực nước tự động cho các xã ven sông
need_title_en: Automatic water-level monitoring and warning for riverside communes
need_problem_vi: Hơn 40 xã ven sông thường xuyên ngập khi lũ về nhưng toàn tỉnh chỉ có 6 trạm thủy
    văn; số liệu cập nhật chậm và hầu như không đến được người dân kịp thời.
need_problem_en: More than 40 riverside communes flood regularly, but there are only six gauging
    stations in the province; data arrive late and rarely reach residents in time.
need_outcome_vi: Ít nhất 30 điểm đo tự động, cảnh báo qua tin nhắn và loa truyền thanh, vận hành ổn
    định qua trọn một mùa lũ và kết nối với trung tâm điều hành của tỉnh.
need_outcome_en: At least 30 automatic gauges with SMS and loudspeaker alerts, running reliably
    through a full flood season and connected to the provincial operations centre.

== saline-monitoring
field: 105
provinces: vinh-long ca-mau dong-thap can-tho tay-ninh
trl: 5-8
price: 200-900
kind: device
keywords_vi: xâm nhập mặn; độ mặn; quan trắc tự động; cống ngăn mặn; nông nghiệp thích ứng; biến
    đổi khí hậu
keywords_en: saline intrusion; salinity; automatic monitoring; salinity control sluice; climate
    adaptation; agriculture
variant: cho vùng trồng lúa và cây ăn trái | for rice and fruit-growing areas
variant: kết hợp điều khiển cống từ xa | with remote sluice-gate control
title_vi: Mạng quan trắc xâm nhập mặn tự động và bản tin độ mặn cho nông dân
title_en: Automatic saline intrusion monitoring and salinity bulletins for farmers
summary_vi: Đầu đo độ dẫn điện đặt tại cửa cống và kênh nội đồng, cập nhật độ mặn theo giờ, gửi bản
    tin khuyến cáo lấy nước tưới cho từng ấp qua tin nhắn và ứng dụng di động.
summary_en: Conductivity probes at sluice gates and field canals update salinity hourly and send
    each hamlet advice on when to take irrigation water, by text message and mobile app.
problem_vi: Mùa khô, nước mặn lấn sâu 50–70 km vào nội đồng. Nông dân thường đo bằng bút đo cầm tay
    hoặc nếm thử, nhiều hộ lấy nhầm nước mặn vào vườn sầu riêng, bưởi, gây chết cây và thiệt hại
    hàng trăm triệu đồng mỗi hộ.
problem_en: In the dry season, seawater pushes 50–70 km inland. Farmers test with handheld pens or
    by taste, and many households pump brackish water into durian or pomelo orchards by mistake,
    killing trees and losing hundreds of millions of dong each.
solution_vi: Các phao đo độ dẫn điện và nhiệt độ có bù nhiệt, truyền dữ liệu qua mạng di động mỗi
    giờ. Phần mềm nội suy bản đồ độ mặn theo kênh, dự báo 3 ngày dựa trên thủy triều và lưu lượng
    thượng nguồn, rồi gửi khung giờ nên và không nên lấy nước cho từng khu vực.
solution_en: Floating conductivity and temperature probes with temperature compensation report
    hourly over the mobile network. Software interpolates a salinity map along the canals,
    forecasts three days ahead from tides and upstream flow, and tells each area when it is safe to
    take water.
advantages_vi: Đầu đo chống hà bám bằng lớp phủ đồng, chỉ cần vệ sinh 2 tháng một lần; bản tin viết
    bằng ngôn ngữ dễ hiểu cho nông dân; có thể điều khiển đóng mở cống tự động khi độ mặn vượt 1‰.
advantages_en: Copper-coated probes resist fouling and need cleaning only every two months;
    bulletins are written in plain language for farmers; sluice gates can close automatically when
    salinity exceeds 1‰.
users_vi: Hợp tác xã nông nghiệp, hộ trồng cây ăn trái, công ty khai thác công trình thủy lợi, Sở
    Nông nghiệp và Môi trường.
users_en: Agricultural cooperatives, fruit growers, irrigation operators and provincial departments
    of agriculture and environment.
impact_vi: Giảm trên 80% số vụ lấy nhầm nước mặn ở vùng thí điểm; bảo vệ khoảng 12.000 ha cây ăn
    trái trong mùa khô.
impact_en: Cuts accidental intake of saline water by more than 80% in pilot areas and protects
    about 12,000 ha of orchards in the dry season.
need_title_vi: Đặt hàng hệ thống giám sát độ mặn thời gian thực trên các kênh cấp nước chính
need_title_en: Real-time salinity monitoring on the main irrigation canals
need_problem_vi: Đợt hạn mặn vừa qua làm thiệt hại hơn 3.000 ha cây ăn trái do người dân không biết
    độ mặn thực tế tại kênh nhà mình; các điểm đo thủ công chỉ cập nhật 2 lần mỗi tuần.
need_problem_en: The last drought and salinity season destroyed over 3,000 ha of orchards because
    growers did not know the salinity in their own canal; manual sampling points are updated only
    twice a week.
need_outcome_vi: Bản đồ độ mặn cập nhật hằng giờ cho toàn bộ kênh cấp 1 và cấp 2, bản tin khuyến
    cáo gửi tới hộ dân, dữ liệu mở cho các cơ quan chuyên môn.
need_outcome_en: An hourly salinity map of all primary and secondary canals, advice bulletins
    pushed to households and open data for technical agencies.

== straw-biofertiliser
field: 406
provinces: an-giang dong-thap can-tho vinh-long ninh-binh
trl: 5-9
price: 150-800
kind: process
keywords_vi: rơm rạ; phân bón hữu cơ vi sinh; nấm Trichoderma; kinh tế tuần hoàn; giảm đốt đồng;
    lúa gạo
keywords_en: rice straw; organic bio-fertiliser; Trichoderma; circular economy; open burning; rice
variant: ủ ngay tại ruộng | composted in the field
variant: quy mô hợp tác xã | at cooperative scale
title_vi: Quy trình xử lý rơm rạ thành phân bón hữu cơ vi sinh bằng chế phẩm Trichoderma
title_en: Turning rice straw into organic bio-fertiliser with a Trichoderma starter
summary_vi: Chế phẩm vi sinh bản địa giúp phân hủy rơm rạ trong 25–30 ngày, tạo phân hữu cơ đạt
    tiêu chuẩn, thay thế 20–30% phân hóa học và chấm dứt việc đốt rơm sau thu hoạch.
summary_en: A native microbial starter breaks down rice straw in 25–30 days into standard-grade
    organic fertiliser that replaces 20–30% of chemical fertiliser and ends post-harvest straw
    burning.
problem_vi: Mỗi năm Đồng bằng sông Cửu Long thải ra khoảng 25 triệu tấn rơm rạ, phần lớn bị đốt
    ngay trên đồng, gây khói bụi, phát thải khí nhà kính và làm nghèo đất. Phân hữu cơ thương mại
    lại đắt và khó vận chuyển tới ruộng.
problem_en: The Mekong Delta produces about 25 million tonnes of rice straw a year, most of it
    burnt in the field, causing smoke, greenhouse gas emissions and soil depletion. Commercial
    organic fertiliser is expensive and hard to deliver to the fields.
solution_vi: Chế phẩm gồm các chủng Trichoderma và Bacillus phân lập từ đất phèn địa phương, dạng
    bột hoặc lỏng. Rơm được gom thành luống, phun chế phẩm kèm mật rỉ đường, phủ bạt; sau khoảng 4
    tuần thu được phân hữu cơ giàu mùn, có khả năng đối kháng nấm gây bệnh thối rễ.
solution_en: The starter combines Trichoderma and Bacillus strains isolated from local acid
    sulphate soils, supplied as powder or liquid. Straw is raked into windrows, sprayed with the
    starter and molasses and covered; after about four weeks it becomes humus-rich fertiliser that
    also suppresses root-rot fungi.
advantages_vi: Chi phí xử lý chỉ khoảng 350.000 đồng mỗi tấn rơm; không cần máy móc chuyên dụng;
    chủng vi sinh thích nghi tốt với đất phèn, mặn nhẹ; đã được cấp bằng giải pháp hữu ích cho quy
    trình phối trộn.
advantages_en: Treatment costs about 350,000 VND per tonne of straw; no special machinery needed;
    strains are adapted to acid and mildly saline soils; the mixing process is protected as a
    utility solution.
users_vi: Nông dân trồng lúa, hợp tác xã dịch vụ nông nghiệp, doanh nghiệp sản xuất phân bón hữu
    cơ.
users_en: Rice farmers, agricultural service cooperatives and organic fertiliser producers.
impact_vi: Mỗi hécta giảm khoảng 1,2 tấn CO₂ tương đương do không đốt rơm và tiết kiệm 1,5–2 triệu
    đồng tiền phân bón mỗi vụ.
impact_en: Avoids about 1.2 t CO₂-equivalent per hectare by not burning straw and saves 1.5–2
    million VND of fertiliser per hectare per season.
need_title_vi: Tìm công nghệ xử lý rơm rạ tại chỗ cho vùng lúa chất lượng cao
need_title_en: On-site rice straw treatment for a high-quality rice area
need_problem_vi: Vùng nguyên liệu 5.000 ha của doanh nghiệp phải đáp ứng tiêu chuẩn giảm phát thải
    cho gạo xuất khẩu, nhưng nông dân vẫn đốt rơm vì thiếu giải pháp thay thế rẻ và đơn giản.
need_problem_en: The company's 5,000 ha sourcing area must meet low-emission standards for export
    rice, yet farmers still burn straw because there is no cheap, simple alternative.
need_outcome_vi: Quy trình xử lý rơm tại ruộng có chi phí dưới 500.000 đồng/tấn, được chứng minh
    trên ít nhất 200 ha, kèm tài liệu tập huấn cho nông dân.
need_outcome_en: An in-field straw treatment costing under 500,000 VND per tonne, proven on at
    least 200 ha, with training material for farmers.

== shrimp-test-kit
field: 403
provinces: ca-mau can-tho vinh-long khanh-hoa
trl: 4-8
price: 300-1500
kind: process
keywords_vi: bộ kit chẩn đoán nhanh; tôm nuôi; bệnh hoại tử gan tụy cấp; EHP; LAMP; an toàn sinh
    học
keywords_en: rapid test kit; farmed shrimp; AHPND; EHP; LAMP; biosecurity
variant: dùng ngay tại ao nuôi | for use at the pond side
variant: đọc kết quả bằng điện thoại | with smartphone read-out
title_vi: Bộ kit LAMP phát hiện nhanh bệnh hoại tử gan tụy cấp và vi bào tử trùng EHP trên tôm
title_en: LAMP rapid test kit for AHPND and EHP in farmed shrimp
summary_vi: Bộ xét nghiệm đẳng nhiệt cho kết quả sau 40 phút ngay tại ao nuôi, không cần máy PCR,
    giúp người nuôi phát hiện sớm mầm bệnh trong tôm giống và tôm thương phẩm.
summary_en: An isothermal assay gives results in 40 minutes at the pond side without a PCR machine,
    so farmers can detect pathogens early in post-larvae and grow-out shrimp.
problem_vi: Bệnh hoại tử gan tụy cấp và vi bào tử trùng EHP gây thiệt hại hàng nghìn tỷ đồng mỗi
    năm cho nghề nuôi tôm. Xét nghiệm PCR phải gửi mẫu lên phòng thí nghiệm, mất 1–2 ngày, trong
    khi dịch có thể làm chết cả ao chỉ sau 3–5 ngày.
problem_en: AHPND and EHP cost shrimp farmers trillions of dong every year. PCR testing means
    shipping samples to a laboratory and waiting one to two days, while an outbreak can wipe out a
    pond in three to five days.
solution_vi: Bộ kit gồm ống phản ứng LAMP đông khô, dung dịch tách chiết nhanh và bộ ủ nhiệt cầm
    tay chạy pin. Kết quả hiển thị bằng đổi màu, có ứng dụng điện thoại chụp ảnh ống để đọc tự động
    và lưu lịch sử xét nghiệm theo ao.
solution_en: The kit contains freeze-dried LAMP tubes, a quick extraction buffer and a
    battery-powered handheld incubator. Results show as a colour change; a phone app photographs
    the tubes, reads them automatically and keeps a test history per pond.
advantages_vi: Độ nhạy tương đương PCR (ngưỡng phát hiện 100 bản sao/phản ứng); bảo quản ở nhiệt độ
    phòng 6 tháng; giá khoảng 45.000 đồng mỗi mẫu, bằng một phần ba chi phí gửi xét nghiệm PCR.
advantages_en: Sensitivity comparable to PCR (100 copies per reaction); six months' shelf life at
    room temperature; about 45,000 VND per sample, a third of the cost of a PCR test.
users_vi: Hộ và trang trại nuôi tôm, trại sản xuất tôm giống, đại lý thuốc thú y thủy sản, cơ quan
    thú y cấp tỉnh.
users_en: Shrimp farms, hatcheries, aquaculture veterinary dealers and provincial veterinary
    services.
impact_vi: Phát hiện bệnh sớm hơn 1–2 ngày, giúp giảm 30–40% thiệt hại do dịch và hạn chế lạm dụng
    kháng sinh.
impact_en: Detects disease one to two days earlier, cutting outbreak losses by 30–40% and reducing
    antibiotic misuse.
need_title_vi: Cần bộ xét nghiệm nhanh bệnh tôm dùng tại ao cho vùng nuôi siêu thâm canh
need_title_en: Pond-side rapid shrimp disease test for super-intensive farming areas
need_problem_vi: Các trang trại thành viên nuôi tôm siêu thâm canh với mật độ cao, chỉ cần chậm
    phát hiện bệnh một ngày là mất trắng cả vụ; phòng xét nghiệm gần nhất cách 60 km.
need_problem_en: Member farms stock shrimp at very high densities, so a one-day delay in detecting
    disease can lose the whole crop; the nearest laboratory is 60 km away.
need_outcome_vi: Bộ kit cho kết quả dưới 1 giờ, độ nhạy và độ đặc hiệu trên 95% so với PCR, giá
    dưới 60.000 đồng/mẫu, có đào tạo cho kỹ thuật viên trang trại.
need_outcome_en: A kit with results in under an hour, over 95% sensitivity and specificity against
    PCR, costing under 60,000 VND per sample, with training for farm technicians.

== vietnamese-asr
field: 102
provinces: ha-noi da-nang ho-chi-minh hue
trl: 5-9
price: 400-3000
kind: software
keywords_vi: nhận dạng tiếng nói; tiếng Việt; phương ngữ; dịch vụ công trực tuyến; trí tuệ nhân
    tạo; tổng đài tự động
keywords_en: speech recognition; Vietnamese; dialects; online public services; artificial
    intelligence; voice bot
variant: hỗ trợ phương ngữ ba miền | covering northern, central and southern dialects
variant: triển khai trên máy chủ nội bộ | deployable on-premises
title_vi: Nhận dạng tiếng nói tiếng Việt cho tổng đài và dịch vụ công trực tuyến
title_en: Vietnamese speech recognition for public service hotlines and portals
summary_vi: Mô hình nhận dạng tiếng nói tiếng Việt được huấn luyện trên dữ liệu hội thoại hành
    chính, hiểu giọng ba miền, giúp người dân tra cứu và nộp hồ sơ bằng giọng nói.
summary_en: A Vietnamese speech model trained on administrative conversations understands all three
    regional accents and lets citizens look up and file applications by voice.
problem_vi: Nhiều người cao tuổi và người dân vùng nông thôn gặp khó khăn khi điền biểu mẫu trực
    tuyến. Tổng đài hỗ trợ dịch vụ công thường quá tải vào đầu tháng, thời gian chờ có lúc trên 15
    phút.
problem_en: Many elderly and rural citizens struggle with online forms. Public service hotlines are
    overloaded at the start of each month, with waits sometimes over 15 minutes.
solution_vi: Hệ thống gồm mô hình nhận dạng tiếng nói tinh chỉnh cho thuật ngữ hành chính (tên thủ
    tục, địa danh sau sắp xếp đơn vị hành chính), mô-đun hiểu ý định và trợ lý giọng nói trả lời tự
    động các câu hỏi thường gặp, chuyển máy cho cán bộ khi cần.
solution_en: The system combines a speech model fine-tuned for administrative vocabulary (procedure
    names, place names after the administrative reorganisation), an intent module and a voice
    assistant that answers common questions and hands over to staff when needed.
advantages_vi: Tỷ lệ lỗi từ 6,8% trên giọng miền Trung, thấp hơn các dịch vụ quốc tế; chạy trên máy
    chủ trong nước, đáp ứng yêu cầu bảo vệ dữ liệu cá nhân; cập nhật từ vựng mới trong vài giờ.
advantages_en: 6.8% word error rate on central accents, better than international services; runs on
    servers in Vietnam to meet personal data protection rules; new vocabulary can be added within
    hours.
users_vi: Trung tâm phục vụ hành chính công, tổng đài 1022, ngân hàng, bệnh viện và các doanh
    nghiệp có tổng đài chăm sóc khách hàng.
users_en: Public administration service centres, 1022 hotlines, banks, hospitals and companies with
    customer call centres.
impact_vi: Tự động xử lý 60% cuộc gọi thông thường, rút ngắn thời gian chờ xuống dưới 1 phút, giúp
    người cao tuổi tiếp cận dịch vụ công dễ dàng hơn.
impact_en: Handles 60% of routine calls automatically, brings waiting time under one minute and
    makes public services more accessible to older people.
need_title_vi: Trợ lý giọng nói tiếng Việt cho tổng đài hỗ trợ thủ tục hành chính
need_title_en: Vietnamese voice assistant for the administrative procedures hotline
need_problem_vi: Tổng đài tiếp nhận khoảng 3.000 cuộc gọi mỗi ngày, phần lớn hỏi về cùng một nhóm
    thủ tục; nhân lực không đủ để trả lời kịp, người dân phải gọi lại nhiều lần.
need_problem_en: The hotline receives about 3,000 calls a day, mostly about the same handful of
    procedures; there are not enough staff, so citizens have to call back several times.
need_outcome_vi: Trợ lý giọng nói trả lời đúng ít nhất 85% câu hỏi thường gặp, nhận dạng tốt giọng
    địa phương, tích hợp với hệ thống một cửa điện tử và triển khai trên hạ tầng của thành phố.
need_outcome_en: A voice assistant answering at least 85% of common questions correctly, handling
    local accents, integrated with the one-stop e-government system and hosted on city
    infrastructure.

== durian-storage
field: 211
provinces: dak-lak dong-thap vinh-long lam-dong
trl: 4-8
price: 200-1200
kind: process
keywords_vi: sầu riêng; bảo quản sau thu hoạch; màng bao ăn được; khí quyển điều chỉnh; xuất khẩu;
    chuỗi lạnh
keywords_en: durian; post-harvest storage; edible coating; controlled atmosphere; export; cold
    chain
variant: cho xuất khẩu đường biển | for sea-freight export
variant: dùng màng bao từ chitosan | using a chitosan coating
title_vi: Công nghệ bảo quản sầu riêng tươi sau thu hoạch bằng màng bao ăn được kết hợp khí quyển
    điều chỉnh
title_en: Post-harvest storage of fresh durian with edible coating and controlled atmosphere
summary_vi: Kéo dài thời gian bảo quản sầu riêng nguyên trái từ 7 lên 25 ngày, giữ chất lượng cơm
    và mùi vị, cho phép chuyển từ vận chuyển đường bộ sang đường biển để giảm chi phí.
summary_en: Extends the storage life of whole durian from 7 to 25 days while keeping pulp quality
    and flavour, allowing exporters to switch from road to cheaper sea freight.
problem_vi: Sầu riêng chín nhanh, nứt vỏ và nhiễm nấm sau 5–7 ngày, nên phần lớn phải xuất bằng xe
    tải với chi phí cao. Nhiều lô hàng bị trả về do không đạt yêu cầu chất lượng hoặc tồn dư hóa
    chất bảo quản.
problem_en: Durian ripens fast, splits and grows mould after five to seven days, so most of it goes
    by truck at high cost. Many consignments are rejected for poor quality or preservative
    residues.
solution_vi: Trái được xử lý nước nóng để diệt bào tử nấm, phủ màng chitosan kết hợp tinh dầu tự
    nhiên, sau đó bảo quản ở 12–14°C trong container có điều chỉnh nồng độ O₂ và CO₂. Quy trình kèm
    chỉ số độ già thu hoạch giúp chọn trái phù hợp để đi xa.
solution_en: Fruit is hot-water treated to kill fungal spores, coated with chitosan and natural
    essential oils, then kept at 12–14°C in containers with controlled O₂ and CO₂. A maturity index
    helps select fruit fit for long journeys.
advantages_vi: Không dùng hóa chất bảo quản tổng hợp, đáp ứng quy định về dư lượng của thị trường
    nhập khẩu; tỷ lệ hao hụt dưới 5%; chi phí xử lý khoảng 1.200 đồng mỗi kg.
advantages_en: No synthetic preservatives, so it meets importing markets' residue limits; losses
    below 5%; treatment costs about 1,200 VND per kg.
users_vi: Doanh nghiệp thu mua, đóng gói và xuất khẩu sầu riêng; hợp tác xã trồng sầu riêng; đơn vị
    logistics chuỗi lạnh.
users_en: Durian buyers, packers and exporters, grower cooperatives and cold-chain logistics
    companies.
impact_vi: Giảm khoảng 40% chi phí vận chuyển mỗi tấn khi chuyển sang đường biển và mở rộng khả
    năng tiếp cận các thị trường xa.
impact_en: Cuts freight cost per tonne by about 40% when switching to sea freight and opens more
    distant markets.
need_title_vi: Cần giải pháp bảo quản sầu riêng đủ 3 tuần để xuất khẩu bằng đường biển
need_title_en: Keeping durian fresh for three weeks for sea-freight export
need_problem_vi: Doanh nghiệp xuất khẩu khoảng 20.000 tấn sầu riêng mỗi năm, chủ yếu bằng đường bộ;
    thử nghiệm vận chuyển đường biển trước đây có tỷ lệ trái nứt, thối trên 15%.
need_problem_en: The company exports about 20,000 t of durian a year, mostly by road; earlier
    sea-freight trials saw more than 15% of fruit split or rot.
need_outcome_vi: Quy trình bảo quản đạt thời gian ít nhất 21 ngày, tỷ lệ hư hỏng dưới 5%, không tồn
    dư hóa chất ngoài danh mục cho phép, được thử nghiệm trên tối thiểu 3 container.
need_outcome_en: A storage protocol giving at least 21 days, under 5% spoilage and no unapproved
    residues, tested on at least three containers.

== island-water
field: 207
provinces: khanh-hoa quang-ninh an-giang quang-ngai
trl: 5-9
price: 300-2500
kind: device
keywords_vi: lọc nước; năng lượng mặt trời; thẩm thấu ngược; hải đảo; nước sinh hoạt; khử mặn
keywords_en: water purification; solar energy; reverse osmosis; islands; drinking water;
    desalination
variant: dạng container di động | in a mobile container
variant: cho điểm trường và trạm y tế | for schools and health stations
title_vi: Hệ thống lọc nước lợ thành nước uống dùng năng lượng mặt trời cho xã đảo
title_en: Solar-powered brackish water purification for island communes
summary_vi: Trạm lọc thẩm thấu ngược công suất 2–10 m³/ngày chạy hoàn toàn bằng điện mặt trời, cung
    cấp nước uống đạt quy chuẩn cho hộ dân, trường học và đơn vị trên đảo.
summary_en: Reverse-osmosis units producing 2–10 m³ a day run entirely on solar power and supply
    drinking water to standard for households, schools and units on islands.
problem_vi: Nhiều xã đảo thiếu nước ngọt vào mùa khô, người dân phải mua nước chở bằng tàu từ đất
    liền với giá 150.000–300.000 đồng/m³. Máy lọc chạy dầu diesel tốn nhiên liệu và hay hỏng do
    thiếu thợ sửa chữa.
problem_en: Many island communes run short of fresh water in the dry season and buy water shipped
    from the mainland at 150,000–300,000 VND per m³. Diesel-powered purifiers burn fuel and break
    down for lack of repair skills.
solution_vi: Hệ thống gồm tấm pin mặt trời, bơm cao áp biến tần, màng RO chịu mặn và bộ thu hồi
    năng lượng. Bộ điều khiển tự điều chỉnh lưu lượng theo cường độ nắng nên không cần ắc quy lớn;
    dữ liệu vận hành được giám sát từ xa để cảnh báo sớm khi màng bị bẩn.
solution_en: The system uses solar panels, a variable-speed high-pressure pump, salt-tolerant RO
    membranes and an energy recovery device. The controller follows sunlight, so no large battery
    is needed; operating data are monitored remotely to flag membrane fouling early.
advantages_vi: Tiêu thụ 3,5 kWh/m³ với nước lợ; không tốn nhiên liệu; khung container chống ăn mòn,
    lắp đặt trong 3 ngày; người dân địa phương vận hành được sau 2 ngày tập huấn.
advantages_en: Uses 3.5 kWh per m³ on brackish water; no fuel; corrosion-proof container frame
    installed in three days; local residents can operate it after two days of training.
users_vi: Ủy ban nhân dân xã đảo, đồn biên phòng, trường học, trạm y tế, khu du lịch sinh thái trên
    đảo.
users_en: Island commune authorities, border posts, schools, health stations and island
    eco-resorts.
impact_vi: Giá thành nước uống giảm còn khoảng 25.000 đồng/m³; mỗi trạm phục vụ 300–800 người và
    giảm khoảng 12 tấn CO₂ mỗi năm so với máy chạy diesel.
impact_en: Drinking water costs fall to about 25,000 VND per m³; each unit serves 300–800 people
    and avoids about 12 t of CO₂ a year compared with diesel units.
need_title_vi: Cấp nước uống bền vững cho các xã đảo không có nguồn nước ngọt
need_title_en: Sustainable drinking water for islands without fresh water sources
need_problem_vi: Ba xã đảo với khoảng 4.500 dân phụ thuộc vào nước mưa và nước chở từ đất liền; mùa
    khô kéo dài 5 tháng, giá nước tăng gấp đôi khi biển động.
need_problem_en: Three island communes with about 4,500 people depend on rainwater and water
    shipped from the mainland; the dry season lasts five months and prices double when seas are
    rough.
need_outcome_vi: Trạm lọc nước uống công suất tối thiểu 20 m³/ngày, chạy bằng năng lượng tái tạo,
    chi phí vận hành dưới 30.000 đồng/m³, có cam kết bảo trì 3 năm.
need_outcome_en: A drinking-water plant of at least 20 m³ a day on renewable energy, operating cost
    under 30,000 VND per m³, with a three-year maintenance commitment.

== stroke-rehab
field: 206
provinces: ha-noi hue ho-chi-minh da-nang
trl: 4-7
price: 300-2000
kind: device
keywords_vi: phục hồi chức năng; đột quỵ; thiết bị y tế; khung xương ngoài; bàn tay; chăm sóc tại
    nhà
keywords_en: rehabilitation; stroke; medical device; exoskeleton; hand; home care
variant: có trò chơi tương tác | with interactive games
variant: cho tuyến y tế cơ sở | for primary health care
title_vi: Găng tay robot giá thấp hỗ trợ phục hồi chức năng bàn tay sau đột quỵ
title_en: Low-cost robotic glove for hand rehabilitation after stroke
summary_vi: Găng tay mềm dẫn động bằng khí nén, có cảm biến cơ điện và trò chơi trên máy tính bảng,
    giúp bệnh nhân đột quỵ tập luyện tại nhà dưới sự theo dõi từ xa của kỹ thuật viên.
summary_en: A soft pneumatic glove with EMG sensors and tablet games lets stroke patients train at
    home while therapists follow their progress remotely.
problem_vi: Mỗi năm Việt Nam có khoảng 200.000 ca đột quỵ mới; phần lớn người bệnh bị yếu liệt tay
    nhưng chỉ được tập phục hồi vài tuần tại bệnh viện. Thiết bị robot nhập khẩu có giá hàng tỷ
    đồng, chỉ có ở một số bệnh viện tuyến trung ương.
problem_en: Vietnam sees around 200,000 new strokes a year; most survivors have a weak hand but
    receive only a few weeks of therapy in hospital. Imported rehabilitation robots cost billions
    of dong and exist only in a few central hospitals.
solution_vi: Găng tay gồm các ngón khí nén in 3D bằng silicon, bộ điều khiển nhỏ gọn và cảm biến
    EMG dán trên cẳng tay để phát hiện ý định cử động. Chương trình tập được cá nhân hóa theo thang
    điểm Fugl-Meyer, dữ liệu đồng bộ lên nền tảng để bác sĩ điều chỉnh bài tập.
solution_en: The glove has 3D-printed silicone pneumatic fingers, a compact controller and EMG
    electrodes on the forearm that detect the intention to move. Exercise plans follow the
    Fugl-Meyer score, and data sync to a platform where doctors adjust the programme.
advantages_vi: Giá dự kiến dưới 25 triệu đồng, bằng khoảng 1/20 thiết bị nhập khẩu; nhẹ 380 g; có
    thể cho thuê theo tháng; đã thử nghiệm trên 42 bệnh nhân với kết quả cải thiện rõ rệt sức nắm.
advantages_en: Expected price under 25 million VND, about one twentieth of imported devices; weighs
    380 g; can be rented monthly; tested on 42 patients with clear gains in grip strength.
users_vi: Bệnh nhân sau đột quỵ và gia đình, khoa phục hồi chức năng bệnh viện tỉnh, trung tâm y tế
    khu vực.
users_en: Stroke survivors and their families, provincial hospital rehabilitation departments and
    district health centres.
impact_vi: Tăng số giờ tập luyện của bệnh nhân lên gấp 3 lần, giúp nhiều người tự phục vụ sinh hoạt
    cá nhân và giảm gánh nặng chăm sóc cho gia đình.
impact_en: Triples practice time, helping many patients regain self-care and easing the burden on
    families.
need_title_vi: Thiết bị hỗ trợ tập phục hồi chức năng tại nhà cho bệnh nhân đột quỵ
need_title_en: Home rehabilitation equipment for stroke patients
need_problem_vi: Khoa phục hồi chức năng chỉ đáp ứng khoảng 30% nhu cầu tập luyện; bệnh nhân ra
    viện sớm không được tập tiếp, nhiều người mất khả năng vận động bàn tay vĩnh viễn.
need_problem_en: The rehabilitation department meets only about 30% of demand; patients discharged
    early stop training and many permanently lose hand function.
need_outcome_vi: Thiết bị tập tại nhà có giá dưới 30 triệu đồng, được cấp phép lưu hành trang thiết
    bị y tế, có theo dõi từ xa và tài liệu hướng dẫn cho người chăm sóc.
need_outcome_en: A home training device under 30 million VND, licensed as medical equipment, with
    remote monitoring and guidance for carers.

== coffee-traceability
field: 102
provinces: dak-lak lam-dong gia-lai
trl: 6-9
price: 200-1500
kind: software
keywords_vi: truy xuất nguồn gốc; cà phê; EUDR; không phá rừng; mã QR; chuỗi cung ứng
keywords_en: traceability; coffee; EUDR; deforestation-free; QR code; supply chain
variant: đáp ứng quy định chống phá rừng của EU | compliant with the EU deforestation regulation
variant: cho hợp tác xã và nông hộ nhỏ | for cooperatives and smallholders
title_vi: Nền tảng truy xuất nguồn gốc cà phê xuất khẩu từ vườn đến cảng
title_en: Farm-to-port traceability platform for export coffee
summary_vi: Số hóa ranh giới vườn bằng định vị GPS, đối chiếu với ảnh vệ tinh để chứng minh không
    phá rừng và gắn mã QR theo từng lô cà phê từ nông hộ đến container xuất khẩu.
summary_en: Maps farm boundaries with GPS, checks them against satellite imagery to prove no
    deforestation and tags every coffee lot with a QR code from smallholder to export container.
problem_vi: Từ năm 2025, nhà nhập khẩu châu Âu yêu cầu chứng minh cà phê không có nguồn gốc từ đất
    phá rừng, kèm tọa độ từng lô đất. Phần lớn cà phê Việt Nam do hàng trăm nghìn nông hộ nhỏ cung
    cấp qua nhiều tầng đại lý, rất khó truy vết.
problem_en: European importers now require proof that coffee does not come from deforested land,
    with coordinates for each plot. Most Vietnamese coffee comes from hundreds of thousands of
    smallholders through layers of middlemen and is hard to trace.
solution_vi: Ứng dụng di động cho cán bộ hợp tác xã đo ranh giới vườn ngay cả khi không có mạng; hệ
    thống tự động so sánh với bản đồ che phủ rừng giai đoạn 2020–nay. Mỗi lần cân mua được ghi
    nhận, gộp lô và sinh hồ sơ tuân thủ theo định dạng mà nhà nhập khẩu yêu cầu.
solution_en: A mobile app lets cooperative staff map farm boundaries even offline; the system
    compares them with forest cover maps from 2020 onwards. Each purchase is recorded, lots are
    merged and a due-diligence file is generated in the format importers require.
advantages_vi: Hoạt động ngoại tuyến ở vùng sâu; giao diện tiếng Việt và tiếng Ê Đê; chi phí khoảng
    15.000 đồng mỗi nông hộ mỗi năm; dữ liệu thuộc quyền sở hữu của hợp tác xã.
advantages_en: Works offline in remote areas; interface in Vietnamese and Ede; costs about 15,000
    VND per farmer per year; data remain the property of the cooperative.
users_vi: Doanh nghiệp xuất khẩu cà phê, hợp tác xã, nông hộ trồng cà phê, tổ chức chứng nhận.
users_en: Coffee exporters, cooperatives, coffee farmers and certification bodies.
impact_vi: Giữ được thị trường châu Âu cho khoảng 40% sản lượng cà phê xuất khẩu, giá bán cao hơn
    3–5% cho lô hàng truy xuất đầy đủ.
impact_en: Keeps the European market open for around 40% of coffee exports and earns a 3–5% premium
    for fully traced lots.
need_title_vi: Cần hệ thống chứng minh cà phê không phá rừng cho 15.000 nông hộ
need_title_en: Deforestation-free proof for coffee from 15,000 smallholders
need_problem_vi: Khách hàng châu Âu yêu cầu tọa độ và bằng chứng không phá rừng cho toàn bộ lô hàng
    từ niên vụ tới; doanh nghiệp hiện chỉ có thông tin của khoảng 20% nông hộ cung cấp.
need_problem_en: European customers require coordinates and deforestation-free evidence for every
    shipment from next season; the company holds data for only about 20% of its supplying farmers.
need_outcome_vi: Dữ liệu ranh giới vườn của toàn bộ nông hộ, hồ sơ tuân thủ xuất tự động cho từng
    container, tích hợp với phần mềm kế toán và kho hiện có.
need_outcome_en: Farm boundaries for all suppliers, an automatic compliance file per container and
    integration with the existing accounting and warehouse software.

== landslide-warning
field: 105
provinces: lao-cai lai-chau tuyen-quang son-la cao-bang dien-bien
trl: 4-7
price: 300-1800
kind: device
keywords_vi: sạt lở đất; lũ quét; cảnh báo sớm; miền núi phía Bắc; độ ẩm đất; đo mưa tự động
keywords_en: landslide; flash flood; early warning; northern mountains; soil moisture; automatic
    rain gauge
variant: cho các điểm dân cư ven taluy | for settlements below steep slopes
variant: kết hợp bản đồ nguy cơ | with hazard mapping
title_vi: Hệ thống cảnh báo sớm sạt lở đất dựa trên đo mưa và độ ẩm đất tự động
title_en: Landslide early warning from automatic rainfall and soil moisture monitoring
summary_vi: Trạm đo mưa, độ ẩm đất và nghiêng kế đặt tại sườn dốc nguy hiểm, kết hợp ngưỡng mưa
    tích lũy để phát cảnh báo sạt lở cho từng bản trước khi xảy ra.
summary_en: Rain, soil moisture and tilt sensors on dangerous slopes, combined with cumulative
    rainfall thresholds, warn individual villages before landslides happen.
problem_vi: Mưa lớn kéo dài ở vùng núi phía Bắc thường gây sạt lở, lũ quét, vùi lấp nhà cửa và làm
    nhiều người thiệt mạng. Bản đồ nguy cơ đã có nhưng thiếu thông tin theo thời gian thực để quyết
    định sơ tán.
problem_en: Prolonged heavy rain in the northern mountains often triggers landslides and flash
    floods that bury houses and cost lives. Hazard maps exist, but there is no real-time
    information to decide on evacuation.
solution_vi: Mỗi cụm giám sát gồm trạm đo mưa, 3–5 cảm biến độ ẩm đất ở các độ sâu khác nhau và
    nghiêng kế MEMS. Thuật toán so sánh lượng mưa tích lũy và độ bão hòa của đất với ngưỡng đã hiệu
    chỉnh cho từng khu vực, rồi gửi cảnh báo ba cấp tới trưởng bản, cán bộ xã và kích hoạt còi tại
    chỗ.
solution_en: Each cluster has a rain gauge, three to five soil moisture sensors at different depths
    and a MEMS tiltmeter. The algorithm compares cumulative rainfall and soil saturation with
    thresholds calibrated per site and sends three-level alerts to village heads and commune
    officers, sounding a local siren.
advantages_vi: Thiết bị chịu được mưa lớn và nhiệt độ thấp; truyền dữ liệu qua vệ tinh ở nơi không
    có sóng di động; ngưỡng cảnh báo được hiệu chỉnh từ dữ liệu các vụ sạt lở 2008–2024 trong vùng.
advantages_en: Hardware withstands heavy rain and cold; falls back to satellite links where there
    is no mobile coverage; thresholds are calibrated on regional landslide records from 2008 to
    2024.
users_vi: Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn, chính quyền xã vùng cao, đơn vị
    quản lý đường giao thông miền núi.
users_en: Disaster management and search-and-rescue committees, upland commune authorities and
    mountain road operators.
impact_vi: Tạo khoảng thời gian 2–6 giờ để sơ tán người dân khỏi vùng nguy hiểm, góp phần giảm
    thương vong do sạt lở.
impact_en: Gives two to six hours to evacuate residents from danger zones and helps reduce
    landslide casualties.
need_title_vi: Giám sát và cảnh báo sạt lở cho các khu dân cư vùng cao nguy cơ rất cao
need_title_en: Landslide monitoring and warning for very high-risk upland settlements
need_problem_vi: Tỉnh đã xác định 120 điểm dân cư có nguy cơ sạt lở rất cao nhưng chưa có thiết bị
    giám sát; việc sơ tán hiện dựa vào kinh nghiệm và quan sát bằng mắt.
need_problem_en: The province has identified 120 settlements at very high landslide risk but has no
    monitoring equipment; evacuation relies on experience and visual observation.
need_outcome_vi: Thí điểm giám sát tại ít nhất 10 điểm, cảnh báo tự động ba cấp, hoạt động được khi
    mất điện lưới và mất sóng di động, kèm quy trình phối hợp sơ tán.
need_outcome_en: A pilot at ten or more sites with automatic three-level alerts that keep working
    through power and mobile outages, plus an evacuation coordination procedure.
== husk-gasifier-dryer
field: 203
provinces: an-giang dong-thap can-tho
trl: 6-9
price: 400-2500
kind: device
keywords_vi: máy sấy lúa; khí hóa trấu; năng lượng sinh khối; sau thu hoạch; tiết kiệm nhiên liệu
keywords_en: paddy dryer; rice husk gasifier; biomass energy; post-harvest; fuel saving
variant: công suất 10 tấn/mẻ | with 10-tonne batches
variant: kết hợp thu hồi tro trấu | with husk ash recovery
title_vi: Lò sấy lúa dùng khí hóa trấu có điều khiển nhiệt độ tự động
title_en: Paddy dryer heated by a rice husk gasifier with automatic temperature control
summary_vi: Lò khí hóa trấu tạo khí đốt sạch cấp nhiệt cho máy sấy vỉ ngang, giữ nhiệt độ sấy ổn
    định ±1°C, giảm tỷ lệ gạo gãy và không khói bụi như lò đốt trấu truyền thống.
summary_en: A husk gasifier produces clean fuel gas for flat-bed dryers, holds drying temperature
    within ±1°C, reduces broken rice and avoids the smoke of traditional husk furnaces.
problem_vi: Lò đốt trấu trực tiếp ở các lò sấy nông thôn khó điều chỉnh nhiệt, làm hạt nứt, tăng tỷ
    lệ gạo gãy và gây khói bụi cho khu dân cư xung quanh.
problem_en: Direct husk furnaces at rural drying yards are hard to regulate, crack the grain, raise
    the share of broken rice and blow smoke over nearby homes.
solution_vi: Buồng khí hóa dạng tầng cố định chuyển trấu thành khí tổng hợp, được đốt trong buồng
    đốt có quạt gió điều khiển bằng bộ PID theo cảm biến nhiệt độ khí sấy. Tro trấu được thu gom để
    làm phụ gia xi măng hoặc phân bón.
solution_en: A fixed-bed gasifier turns husk into syngas, burnt in a chamber whose fan is
    PID-controlled from the drying-air temperature. Husk ash is collected for cement additive or
    fertiliser.
advantages_vi: Tiết kiệm 25% lượng trấu; tỷ lệ gạo nguyên tăng 3–5%; khí thải đạt quy chuẩn; cải
    tạo được từ lò sấy vỉ ngang sẵn có.
advantages_en: Uses 25% less husk; head rice yield up 3–5%; emissions within national limits;
    retrofits existing flat-bed dryers.
users_vi: Chủ lò sấy, nhà máy xay xát, hợp tác xã dịch vụ lúa gạo.
users_en: Drying yard owners, rice mills and rice service cooperatives.
impact_vi: Mỗi lò 10 tấn/mẻ tăng thu nhập khoảng 150 triệu đồng mỗi năm nhờ giảm hao hụt và nhiên
    liệu.
impact_en: Each 10-tonne dryer earns about 150 million VND more a year through lower losses and
    fuel use.
need_title_vi: Cải tạo hệ thống lò sấy lúa để giảm khói bụi và tỷ lệ gạo gãy
need_title_en: Upgrading paddy dryers to cut smoke and broken rice
need_problem_vi: Cụm 25 lò sấy trong vùng bị người dân phản ánh về khói bụi; chất lượng hạt sau sấy
    không đồng đều khiến giá bán thấp.
need_problem_en: Residents complain about smoke from a cluster of 25 dryers; uneven drying quality
    keeps prices low.
need_outcome_vi: Giải pháp cải tạo có chi phí dưới 300 triệu đồng mỗi lò, khí thải đạt quy chuẩn,
    tỷ lệ gạo nguyên tăng ít nhất 3%.
need_outcome_en: A retrofit under 300 million VND per dryer, emissions within limits and head rice
    yield up at least 3%.

== dragon-fruit-led
field: 401
provinces: lam-dong tay-ninh
trl: 6-9
price: 100-600
kind: device
keywords_vi: thanh long; đèn LED; ra hoa trái vụ; tiết kiệm điện; chiếu sáng nông nghiệp
keywords_en: dragon fruit; LED lighting; off-season flowering; energy saving; horticultural
    lighting
variant: có hẹn giờ thông minh | with smart timers
variant: cho vườn quy mô hợp tác xã | for cooperative-scale orchards
title_vi: Đèn LED phổ đỏ chuyên dụng kích thích thanh long ra hoa trái vụ
title_en: Red-spectrum LED lamps for off-season dragon fruit flowering
summary_vi: Bóng LED bước sóng 620–660 nm thay cho đèn compact, giảm 60% điện năng thắp đèn cho
    thanh long mà vẫn đảm bảo tỷ lệ ra hoa trên 85%.
summary_en: 620–660 nm LED bulbs replace compact fluorescent lamps, using 60% less power while
    keeping flowering above 85%.
problem_vi: Thắp đèn cho thanh long ra hoa trái vụ tiêu tốn lượng điện rất lớn, gây quá tải lưới
    điện nông thôn vào mùa chong đèn; đèn compact nhanh hỏng và chứa thủy ngân.
problem_en: Lighting dragon fruit for off-season flowering uses huge amounts of power and overloads
    rural grids; compact fluorescent lamps fail quickly and contain mercury.
solution_vi: Bóng LED với phổ đỏ tối ưu cho phản ứng quang chu kỳ, vỏ chống nước IP65 và bộ hẹn giờ
    chiếu sáng ngắt quãng theo lịch phù hợp từng giai đoạn.
solution_en: LEDs tuned to the photoperiod response, with IP65 housings and a timer that runs
    intermittent lighting schedules for each stage.
advantages_vi: Tuổi thọ trên 20.000 giờ; hoàn vốn sau khoảng 2 vụ; không chứa thủy ngân; giảm áp
    lực cho lưới điện.
advantages_en: Over 20,000 hours' life; pays back in about two seasons; mercury-free; eases the
    load on the grid.
users_vi: Nông dân và hợp tác xã trồng thanh long, công ty điện lực.
users_en: Dragon fruit growers, cooperatives and power utilities.
impact_vi: Tiết kiệm khoảng 18 triệu đồng tiền điện mỗi hécta mỗi vụ chong đèn.
impact_en: Saves about 18 million VND of electricity per hectare per lighting season.
need_title_vi: Giảm tiêu thụ điện cho vùng thanh long chong đèn
need_title_en: Cutting power use in lit dragon fruit orchards
need_problem_vi: Mùa chong đèn làm phụ tải lưới điện khu vực tăng gấp 3 lần, nhiều trạm biến áp quá
    tải và sự cố.
need_problem_en: The lighting season triples the local grid load; many transformers overload and
    trip.
need_outcome_vi: Giải pháp chiếu sáng giảm ít nhất 50% điện năng, được chứng minh trên 50 ha, có
    chương trình hỗ trợ nông dân chuyển đổi.
need_outcome_en: Lighting that cuts power use by at least 50%, proven on 50 ha, with a scheme to
    help farmers switch.

== smart-irrigation
field: 401
provinces: dak-lak gia-lai lam-dong
trl: 5-9
price: 150-900
kind: device
keywords_vi: tưới nhỏ giọt; cảm biến độ ẩm đất; cà phê; hồ tiêu; tiết kiệm nước; Tây Nguyên
keywords_en: drip irrigation; soil moisture sensor; coffee; black pepper; water saving; Central
    Highlands
variant: kết hợp bón phân qua nước tưới | with fertigation
variant: điều khiển bằng điện thoại | controlled from a phone
title_vi: Tưới nhỏ giọt thông minh theo độ ẩm đất cho cà phê và hồ tiêu
title_en: Soil-moisture-driven smart drip irrigation for coffee and pepper
summary_vi: Bộ điều khiển tưới dựa trên cảm biến độ ẩm đất và dự báo thời tiết, giúp nông hộ Tây
    Nguyên tiết kiệm 30–40% nước tưới trong mùa khô.
summary_en: An irrigation controller driven by soil moisture sensors and weather forecasts helps
    Central Highlands farmers save 30–40% of irrigation water in the dry season.
problem_vi: Mùa khô ở Tây Nguyên ngày càng khắc nghiệt, mực nước ngầm giảm mạnh; nông dân tưới gốc
    theo kinh nghiệm, vừa lãng phí nước vừa làm rửa trôi phân bón.
problem_en: Dry seasons in the Central Highlands are getting harsher and groundwater is falling;
    farmers flood-irrigate by habit, wasting water and leaching fertiliser.
solution_vi: Cảm biến độ ẩm đất đặt ở hai tầng rễ, bộ điều khiển van điện từ chạy pin mặt trời và
    ứng dụng điện thoại lập lịch tưới, bón phân hòa tan theo giai đoạn sinh trưởng.
solution_en: Soil moisture sensors at two root depths, solar-powered valve controllers and a phone
    app that schedules irrigation and soluble fertiliser by growth stage.
advantages_vi: Bộ thiết bị cho 1 ha giá khoảng 12 triệu đồng; cảm biến hiệu chuẩn cho đất đỏ bazan;
    hoạt động độc lập khi mất kết nối.
advantages_en: A one-hectare kit costs about 12 million VND; sensors calibrated for red basalt
    soil; works independently when offline.
users_vi: Nông hộ trồng cà phê, hồ tiêu, sầu riêng; hợp tác xã; doanh nghiệp vật tư nông nghiệp.
users_en: Coffee, pepper and durian growers, cooperatives and farm input suppliers.
impact_vi: Tiết kiệm khoảng 1.500 m³ nước và 20% phân bón mỗi hécta mỗi năm, năng suất tăng 8–12%.
impact_en: Saves about 1,500 m³ of water and 20% of fertiliser per hectare per year, with yields up
    8–12%.
need_title_vi: Giải pháp tưới tiết kiệm nước cho vùng cà phê thiếu nước mùa khô
need_title_en: Water-saving irrigation for drought-hit coffee areas
need_problem_vi: Các hồ chứa nhỏ trong vùng cạn sớm hơn 1 tháng so với trước đây; hơn 8.000 ha cà
    phê có nguy cơ thiếu nước tưới.
need_problem_en: Small reservoirs dry up a month earlier than they used to; more than 8,000 ha of
    coffee risk running short of water.
need_outcome_vi: Mô hình tưới tiết kiệm giảm ít nhất 30% lượng nước, chi phí đầu tư dưới 15 triệu
    đồng/ha, nhân rộng được qua hợp tác xã.
need_outcome_en: A water-saving model using at least 30% less water, costing under 15 million VND
    per hectare and scalable through cooperatives.

== fish-sauce
field: 211
provinces: khanh-hoa an-giang hai-phong quang-tri
trl: 5-9
price: 200-1200
kind: process
keywords_vi: nước mắm; lên men; enzyme; histamine; thực phẩm truyền thống; an toàn thực phẩm
keywords_en: fish sauce; fermentation; enzyme; histamine; traditional food; food safety
variant: giữ hương vị truyền thống | preserving the traditional taste
variant: giảm hàm lượng histamine | with reduced histamine
title_vi: Rút ngắn thời gian chượp nước mắm truyền thống bằng enzyme nội tại và kiểm soát nhiệt độ
title_en: Shortening traditional fish sauce fermentation with endogenous enzymes and temperature
    control
summary_vi: Quy trình kiểm soát nhiệt độ và bổ sung enzyme từ nội tạng cá giúp rút thời gian chượp
    từ 12 tháng xuống 6 tháng, giữ độ đạm và hương vị đặc trưng, giảm histamine dưới ngưỡng xuất
    khẩu.
summary_en: Controlled temperature and enzymes recovered from fish viscera cut fermentation from 12
    to 6 months while keeping protein content and flavour, and bring histamine below export limits.
problem_vi: Nước mắm truyền thống cần 12–18 tháng ủ chượp, chiếm nhiều bể và vốn lưu động; hàm
    lượng histamine cao khiến nhiều lô không đạt yêu cầu của thị trường nhập khẩu.
problem_en: Traditional fish sauce takes 12–18 months to ferment, tying up vats and working
    capital; high histamine keeps many batches out of export markets.
solution_vi: Cá cơm được muối theo tỷ lệ chuẩn, bổ sung dịch enzyme thu hồi từ nội tạng cá, giữ ở
    38–42°C bằng hệ thống gia nhiệt năng lượng mặt trời; vi khuẩn lactic chọn lọc được bổ sung để
    ức chế vi sinh vật tạo histamine.
solution_en: Anchovies are salted at a standard ratio with enzyme extract recovered from viscera
    and held at 38–42°C by solar heating; selected lactic bacteria suppress histamine-forming
    microbes.
advantages_vi: Độ đạm đạt 30–40 g/l; histamine dưới 200 mg/l; không dùng chất bảo quản; tận dụng bể
    chượp hiện có.
advantages_en: 30–40 g/l protein nitrogen; histamine under 200 mg/l; no preservatives; uses
    existing vats.
users_vi: Cơ sở và làng nghề sản xuất nước mắm, doanh nghiệp chế biến thủy sản.
users_en: Fish sauce makers, craft villages and seafood processors.
impact_vi: Tăng gấp đôi vòng quay bể chượp, mở rộng xuất khẩu sang các thị trường khó tính.
impact_en: Doubles vat turnover and opens demanding export markets.
need_title_vi: Giảm histamine trong nước mắm truyền thống để đạt chuẩn xuất khẩu
need_title_en: Lowering histamine in traditional fish sauce to export standards
need_problem_vi: Khoảng 30% số lô nước mắm của các cơ sở trong hội không đạt giới hạn histamine của
    nhà nhập khẩu, buộc phải bán nội địa với giá thấp.
need_problem_en: About 30% of the association's batches exceed importers' histamine limits and have
    to be sold locally at low prices.
need_outcome_vi: Quy trình giảm histamine xuống dưới 200 mg/l, không làm thay đổi hương vị, áp dụng
    được cho cơ sở quy mô hộ gia đình.
need_outcome_en: A process bringing histamine under 200 mg/l without changing flavour, usable by
    household producers.

== ngoc-linh-ginseng
field: 406
provinces: quang-ngai da-nang
trl: 4-8
price: 500-3000
kind: process
keywords_vi: sâm Ngọc Linh; nuôi cấy mô; dược liệu quý; nhân giống; sinh khối rễ
keywords_en: Ngoc Linh ginseng; tissue culture; medicinal plant; propagation; root biomass
variant: nuôi cấy rễ tóc trong bioreactor | with hairy-root bioreactor culture
variant: cho vùng trồng dưới tán rừng | for under-canopy growing areas
title_vi: Nhân giống sâm Ngọc Linh bằng nuôi cấy mô và sản xuất sinh khối rễ
title_en: Ngoc Linh ginseng propagation by tissue culture and root biomass production
summary_vi: Quy trình nhân giống in vitro cho cây con sạch bệnh, tỷ lệ sống trên 80% khi đưa ra
    vườn ươm, cùng công nghệ nuôi sinh khối rễ giàu saponin cho ngành dược.
summary_en: An in-vitro propagation protocol yields disease-free plantlets with over 80% survival
    in the nursery, plus saponin-rich root biomass culture for pharmaceuticals.
problem_vi: Sâm Ngọc Linh sinh trưởng chậm, hạt giống khan hiếm và giá rất cao; tình trạng giả mạo
    giống làm mất uy tín sản phẩm và thiệt hại cho người trồng.
problem_en: Ngoc Linh ginseng grows slowly, seed is scarce and expensive, and counterfeit planting
    stock damages growers and the product's reputation.
solution_vi: Mô sẹo từ cây mẹ đã xác định di truyền được tái sinh chồi và rễ trong môi trường tối
    ưu, sau đó huấn luyện cây con trong nhà màng trước khi trồng dưới tán rừng; song song nuôi rễ
    tóc trong bình phản ứng sinh học để thu sinh khối.
solution_en: Callus from genetically verified mother plants is regenerated into shoots and roots,
    then hardened in net houses before planting under forest canopy; hairy roots are grown in
    bioreactors for biomass.
advantages_vi: Giống được xác thực bằng chỉ thị phân tử; hàm lượng saponin MR2 tương đương cây
    trồng 5 năm tuổi; giảm áp lực khai thác tự nhiên.
advantages_en: Planting stock verified by molecular markers; MR2 saponin content similar to
    five-year-old plants; less pressure on wild stands.
users_vi: Doanh nghiệp và hợp tác xã trồng sâm, công ty dược phẩm, vườn ươm giống.
users_en: Ginseng growers and cooperatives, pharmaceutical companies and nurseries.
impact_vi: Cung cấp 200.000 cây giống sạch bệnh mỗi năm, giảm 40% giá cây giống.
impact_en: Supplies 200,000 disease-free plantlets a year and cuts their price by 40%.
need_title_vi: Cần nguồn cây giống sâm Ngọc Linh xác thực di truyền quy mô lớn
need_title_en: Large-scale supply of genetically verified Ngoc Linh ginseng plantlets
need_problem_vi: Dự án phát triển vùng trồng sâm 500 ha dưới tán rừng thiếu nguồn giống tin cậy;
    giống trôi nổi không rõ nguồn gốc chiếm tỷ lệ lớn.
need_problem_en: A 500 ha under-canopy ginseng project lacks reliable stock; much planting material
    on the market is of unknown origin.
need_outcome_vi: Tối thiểu 100.000 cây giống/năm có chứng nhận di truyền, tỷ lệ sống sau trồng trên
    75%.
need_outcome_en: At least 100,000 certified plantlets a year with over 75% survival after planting.

== liver-herbal
field: 304
provinces: ha-noi nghe-an thanh-hoa
trl: 5-9
price: 300-2000
kind: process
keywords_vi: dược liệu; cà gai leo; hỗ trợ chức năng gan; chiết xuất; thực phẩm bảo vệ sức khỏe;
    GACP
keywords_en: medicinal herbs; Solanum procumbens; liver support; extraction; health supplement;
    GACP
variant: dạng viên nang cứng | as hard capsules
variant: từ vùng trồng đạt chuẩn GACP | from GACP-certified farms
title_vi: Cao chiết chuẩn hóa cà gai leo hỗ trợ chức năng gan
title_en: Standardised Solanum procumbens extract for liver support
summary_vi: Quy trình chiết xuất và chuẩn hóa hàm lượng glycoalkaloid từ cà gai leo trồng theo
    GACP, bào chế thành viên nang ổn định chất lượng giữa các lô.
summary_en: Extraction and standardisation of glycoalkaloid content from GACP-grown Solanum
    procumbens, formulated into capsules with consistent batch quality.
problem_vi: Sản phẩm từ cà gai leo trên thị trường có chất lượng không đồng đều do dược liệu thu
    hái tự nhiên, thiếu chỉ tiêu định lượng hoạt chất.
problem_en: Solanum procumbens products vary widely in quality because the herb is wild-collected
    and active compounds are not quantified.
solution_vi: Vùng trồng đạt GACP, thu hái đúng thời điểm; chiết bằng ethanol 70% kết hợp siêu âm;
    cao khô được định lượng bằng HPLC và phối hợp với cao actiso theo công thức đã thử nghiệm tiền
    lâm sàng.
solution_en: GACP farms harvest at the right time; extraction with 70% ethanol and ultrasound; the
    dry extract is assayed by HPLC and combined with artichoke extract in a preclinically tested
    formula.
advantages_vi: Hàm lượng hoạt chất ổn định ±5% giữa các lô; hiệu suất chiết tăng 20%; hồ sơ tiêu
    chuẩn cơ sở đầy đủ.
advantages_en: Active content within ±5% between batches; 20% higher extraction yield; complete
    in-house specification dossier.
users_vi: Doanh nghiệp dược phẩm, cơ sở sản xuất thực phẩm bảo vệ sức khỏe, hợp tác xã trồng dược
    liệu.
users_en: Pharmaceutical firms, supplement makers and herb-growing cooperatives.
impact_vi: Tạo thu nhập ổn định cho khoảng 300 hộ trồng dược liệu, nâng giá trị cà gai leo lên 3
    lần.
impact_en: Provides steady income to about 300 herb-growing households and triples the value of the
    crop.
need_title_vi: Tìm quy trình chuẩn hóa cao dược liệu cho dây chuyền đạt GMP
need_title_en: Standardised herbal extract process for a GMP line
need_problem_vi: Nhà máy mới đạt GMP nhưng nguyên liệu cao dược liệu mua ngoài không đồng đều,
    nhiều lô phải hủy do không đạt chỉ tiêu định lượng.
need_problem_en: The new GMP plant buys extracts of uneven quality and has to discard batches that
    fail assay.
need_outcome_vi: Quy trình chiết xuất và tiêu chuẩn cơ sở cho ít nhất 2 dược liệu, chuyển giao vận
    hành cho đội ngũ nhà máy.
need_outcome_en: Extraction processes and specifications for at least two herbs, handed over to the
    plant's team.

== ai-xray-tb
field: 302
provinces: ha-noi ho-chi-minh thai-nguyen can-tho
trl: 5-8
price: 500-3500
kind: software
keywords_vi: trí tuệ nhân tạo; X-quang ngực; sàng lọc lao; y tế cơ sở; chẩn đoán hình ảnh
keywords_en: artificial intelligence; chest X-ray; tuberculosis screening; primary care; medical
    imaging
variant: chạy trên máy tính không cần mạng | running offline on a laptop
variant: tích hợp xe X-quang lưu động | integrated with mobile X-ray vans
title_vi: Phần mềm AI đọc phim X-quang ngực hỗ trợ sàng lọc bệnh lao cho y tế cơ sở
title_en: AI chest X-ray reading for tuberculosis screening in primary care
summary_vi: Mô hình học sâu phát hiện tổn thương nghi lao trên phim X-quang ngực trong vài giây,
    giúp trung tâm y tế tuyến xã, khu vực sàng lọc khi thiếu bác sĩ chẩn đoán hình ảnh.
summary_en: A deep learning model flags suspected TB on chest X-rays in seconds, helping commune
    and district health centres screen without an on-site radiologist.
problem_vi: Việt Nam nằm trong nhóm nước có gánh nặng bệnh lao cao; nhiều trung tâm y tế tuyến cơ
    sở có máy X-quang nhưng thiếu bác sĩ đọc phim, người bệnh bị phát hiện muộn.
problem_en: Vietnam has a high TB burden; many primary health centres own X-ray machines but lack
    radiologists, so cases are found late.
solution_vi: Mô hình được huấn luyện trên hơn 120.000 phim X-quang có chú thích của bác sĩ Việt
    Nam, tích hợp chuẩn DICOM, trả về bản đồ nhiệt vùng tổn thương và điểm nguy cơ; ca nghi ngờ
    được chuyển làm xét nghiệm GeneXpert.
solution_en: Trained on more than 120,000 chest X-rays annotated by Vietnamese doctors, the model
    plugs into DICOM, returns heat maps and risk scores, and refers suspected cases for GeneXpert
    testing.
advantages_vi: Độ nhạy 94% tại ngưỡng sàng lọc; chạy được trên máy tính thường không cần kết nối
    mạng; giao diện tiếng Việt; dữ liệu bệnh nhân không rời khỏi cơ sở y tế.
advantages_en: 94% sensitivity at the screening threshold; runs on an ordinary computer without
    internet; Vietnamese interface; patient data never leave the facility.
users_vi: Trung tâm y tế khu vực, bệnh viện phổi tỉnh, chương trình chống lao, đội sàng lọc lưu
    động.
users_en: District health centres, provincial lung hospitals, TB programmes and mobile screening
    teams.
impact_vi: Tăng 30% số ca lao được phát hiện trong các đợt sàng lọc chủ động, rút ngắn thời gian
    trả kết quả từ 3 ngày xuống trong ngày.
impact_en: Finds 30% more TB cases in active screening campaigns and returns results the same day
    instead of after three days.
need_title_vi: Hỗ trợ đọc phim X-quang cho các trạm y tế không có bác sĩ chẩn đoán hình ảnh
need_title_en: X-ray reading support for health stations without radiologists
need_problem_vi: 18 trung tâm y tế trong tỉnh có máy X-quang kỹ thuật số nhưng chỉ 5 nơi có bác sĩ
    chẩn đoán hình ảnh; phim phải gửi về tuyến tỉnh đọc, chậm 2–4 ngày.
need_problem_en: Eighteen health centres have digital X-ray machines but only five have
    radiologists; images go to the provincial hospital and take two to four days.
need_outcome_vi: Phần mềm hỗ trợ đọc phim được cấp phép, độ nhạy tối thiểu 90% với bệnh lao, tích
    hợp hệ thống PACS hiện có, chi phí tính theo số ca.
need_outcome_en: A licensed reading aid with at least 90% TB sensitivity, integrated with the
    existing PACS and priced per case.

== telehealth-commune
field: 303
provinces: son-la dien-bien cao-bang lai-chau
trl: 6-9
price: 200-1500
kind: software
keywords_vi: khám chữa bệnh từ xa; trạm y tế xã; vùng cao; hồ sơ sức khỏe điện tử; bác sĩ gia đình
keywords_en: telemedicine; commune health station; highlands; electronic health record; family
    doctor
variant: kèm bộ đo sinh hiệu | with vital-sign kits
variant: dùng được trên đường truyền yếu | working over weak connections
title_vi: Nền tảng khám chữa bệnh từ xa kết nối trạm y tế xã vùng cao với bệnh viện tuyến trên
title_en: Telemedicine platform linking upland commune health stations with referral hospitals
summary_vi: Bộ thiết bị đo sinh hiệu và phần mềm hội chẩn từ xa cho phép y sĩ trạm y tế xã tham vấn
    bác sĩ chuyên khoa theo thời gian thực, kể cả khi đường truyền yếu.
summary_en: Vital-sign kits and teleconsultation software let commune health workers consult
    specialists in real time, even over weak connections.
problem_vi: Người dân vùng cao phải đi 40–80 km đường núi để khám chuyên khoa; trạm y tế xã thiếu
    bác sĩ, nhiều ca bệnh được chuyển tuyến muộn hoặc không cần thiết.
problem_en: Upland residents travel 40–80 km of mountain roads to see a specialist; commune
    stations lack doctors and many referrals are late or unnecessary.
solution_vi: Trạm y tế được trang bị máy đo điện tim, huyết áp, SpO₂, ống nghe điện tử kết nối máy
    tính bảng; phần mềm nén dữ liệu cho phép hội chẩn video ở băng thông 256 kbps và lưu hồ sơ sức
    khỏe điện tử liên thông.
solution_en: Stations get ECG, blood pressure, SpO₂ and digital stethoscope devices connected to a
    tablet; the software compresses data so video consultations work at 256 kbps and records flow
    into interoperable health records.
advantages_vi: Chi phí trang bị khoảng 80 triệu đồng mỗi trạm; giao diện có tiếng Thái, tiếng Mông
    cho phần hướng dẫn người bệnh; tuân thủ quy định về hồ sơ bệnh án điện tử.
advantages_en: About 80 million VND per station; patient guidance in Thai and Hmong; compliant with
    electronic medical record rules.
users_vi: Trạm y tế xã, trung tâm y tế khu vực, bệnh viện đa khoa tỉnh, Sở Y tế.
users_en: Commune health stations, district health centres, provincial general hospitals and health
    departments.
impact_vi: Giảm 35% số ca chuyển tuyến không cần thiết, tiết kiệm chi phí đi lại cho người dân vùng
    cao.
impact_en: Cuts unnecessary referrals by 35% and saves upland families travel costs.
need_title_vi: Khám chữa bệnh từ xa cho các trạm y tế xã vùng sâu
need_title_en: Telemedicine for remote commune health stations
need_problem_vi: 60% trạm y tế xã trong tỉnh chưa có bác sĩ; người bệnh nặng phải chuyển lên tuyến
    tỉnh qua đường đèo, có nơi mất 4 giờ.
need_problem_en: 60% of commune stations have no doctor; serious cases travel over mountain passes,
    up to four hours, to the provincial hospital.
need_outcome_vi: Kết nối từ xa cho ít nhất 30 trạm y tế, hội chẩn ổn định ở đường truyền yếu, đào
    tạo nhân viên y tế sử dụng.
need_outcome_en: Remote links for at least 30 stations, stable consultations on weak connections
    and training for staff.

== dengue-forecast
field: 303
provinces: ho-chi-minh can-tho khanh-hoa da-nang
trl: 4-7
price: 200-1200
kind: software
keywords_vi: sốt xuất huyết; dự báo dịch; dữ liệu thời tiết; học máy; y tế dự phòng
keywords_en: dengue; outbreak forecasting; weather data; machine learning; preventive medicine
variant: dự báo đến cấp phường, xã | down to ward and commune level
variant: tích hợp dữ liệu côn trùng học | with entomological data
title_vi: Mô hình dự báo sớm dịch sốt xuất huyết từ dữ liệu thời tiết và ca bệnh
title_en: Early dengue outbreak forecasting from weather and case data
summary_vi: Mô hình học máy dự báo số ca sốt xuất huyết trước 4–8 tuần cho từng phường, xã, giúp
    ngành y tế chủ động phun hóa chất, diệt lăng quăng đúng nơi, đúng lúc.
summary_en: A machine learning model forecasts dengue cases four to eight weeks ahead for each ward
    and commune so health services can target spraying and larval control.
problem_vi: Các đợt phòng chống sốt xuất huyết thường bắt đầu khi số ca đã tăng cao, chi phí lớn mà
    hiệu quả hạn chế; nguồn lực phun hóa chất không đủ cho toàn địa bàn.
problem_en: Dengue control usually starts after cases have surged, at high cost and limited effect;
    there is not enough capacity to spray everywhere.
solution_vi: Kết hợp dữ liệu ca bệnh từ hệ thống giám sát, nhiệt độ, lượng mưa, độ ẩm, chỉ số
    véc-tơ và mật độ dân cư trong mô hình dự báo; bảng điều khiển hiển thị bản đồ nguy cơ và gợi ý
    ưu tiên can thiệp.
solution_en: Surveillance case data, temperature, rainfall, humidity, vector indices and population
    density feed the model; a dashboard shows risk maps and suggests where to intervene first.
advantages_vi: Sai số dự báo trung bình dưới 20% ở tầm 4 tuần; cập nhật tự động hằng tuần; mã nguồn
    và dữ liệu đặt tại hạ tầng của địa phương.
advantages_en: Mean forecast error under 20% at four weeks; weekly automatic updates; code and data
    hosted on local infrastructure.
users_vi: Trung tâm Kiểm soát Bệnh tật tỉnh, thành phố; trạm y tế phường, xã.
users_en: Provincial and city centres for disease control and ward health stations.
impact_vi: Giúp can thiệp sớm 3–4 tuần, góp phần giảm 20–25% số ca mắc trong mùa dịch.
impact_en: Allows intervention three to four weeks earlier, helping reduce cases by 20–25% in the
    season.
need_title_vi: Công cụ dự báo ổ dịch sốt xuất huyết để ưu tiên nguồn lực phòng chống
need_title_en: Dengue hotspot forecasting to prioritise control resources
need_problem_vi: Mỗi năm thành phố ghi nhận 10.000–20.000 ca sốt xuất huyết; đội phun hóa chất chỉ
    đáp ứng được 30% số điểm nguy cơ.
need_problem_en: The city records 10,000–20,000 dengue cases a year; spraying teams can cover only
    30% of risk sites.
need_outcome_vi: Dự báo theo tuần cho từng phường, xã với tầm nhìn ít nhất 4 tuần, độ chính xác
    được kiểm chứng trên dữ liệu 5 năm gần nhất.
need_outcome_en: Weekly ward-level forecasts at least four weeks ahead, validated on the last five
    years of data.

== plastic-brick
field: 205
provinces: hai-phong quang-ninh da-nang khanh-hoa
trl: 5-9
price: 300-2000
kind: device
keywords_vi: rác thải nhựa; gạch không nung; vật liệu xây dựng; kinh tế tuần hoàn; tái chế
keywords_en: plastic waste; unfired bricks; building materials; circular economy; recycling
variant: dùng nhựa thu gom trên biển | using plastic collected at sea
variant: cho công trình ven biển | for coastal works
title_vi: Gạch lát và gạch không nung từ rác thải nhựa hỗn hợp và cát
title_en: Paving blocks and unfired bricks from mixed plastic waste and sand
summary_vi: Công nghệ nung chảy nhựa hỗn hợp không cần phân loại, trộn với cát và phụ gia khoáng để
    ép thành gạch lát có cường độ cao hơn gạch xi măng thông thường.
summary_en: Mixed plastic waste, melted without sorting and blended with sand and mineral
    additives, is pressed into paving blocks stronger than ordinary cement blocks.
problem_vi: Các địa phương ven biển phát sinh lượng lớn nhựa hỗn hợp, túi ni lông, lưới đánh cá cũ
    không tái chế được bằng công nghệ thông thường và phải chôn lấp hoặc đốt.
problem_en: Coastal areas generate large amounts of mixed plastic, bags and old fishing nets that
    conventional recyclers cannot handle, so they are landfilled or burnt.
solution_vi: Nhựa được băm nhỏ, gia nhiệt trong máy trộn trục vít kín có thu hồi khí, phối trộn với
    60–70% cát và ép khuôn thủy lực. Khí thải được xử lý qua tháp hấp thụ và than hoạt tính.
solution_en: Plastic is shredded, heated in a closed screw mixer with fume extraction, blended with
    60–70% sand and hydraulically pressed. Fumes pass through an absorption tower and activated
    carbon.
advantages_vi: Cường độ nén trên 30 MPa, hút nước dưới 1%; mỗi viên gạch tiêu thụ khoảng 0,6 kg
    nhựa; không dùng xi măng; dây chuyền quy mô nhỏ đặt được tại bãi rác.
advantages_en: Compressive strength over 30 MPa and water absorption under 1%; each block takes
    about 0.6 kg of plastic; no cement; small lines can sit at landfill sites.
users_vi: Công ty môi trường đô thị, doanh nghiệp vật liệu xây dựng, ban quản lý khu du lịch biển.
users_en: Urban environment companies, building material producers and coastal tourism authorities.
impact_vi: Mỗi dây chuyền xử lý khoảng 1.500 tấn nhựa mỗi năm, giảm chôn lấp và phát thải khí nhà
    kính.
impact_en: Each line handles about 1,500 t of plastic a year, reducing landfill and emissions.
need_title_vi: Xử lý rác thải nhựa thu gom từ biển và bãi biển
need_title_en: Processing plastic waste collected from the sea and beaches
need_problem_vi: Mỗi tháng địa phương thu gom khoảng 80 tấn rác nhựa từ bãi biển và tàu cá nhưng
    chưa có nơi tái chế; rác nhựa đang tồn đọng tại bãi tập kết.
need_problem_en: About 80 t of plastic is collected from beaches and fishing boats every month with
    nowhere to recycle it; it is piling up at the depot.
need_outcome_vi: Giải pháp xử lý ít nhất 50 tấn nhựa/tháng thành sản phẩm có đầu ra, khí thải đạt
    quy chuẩn, mô hình kinh doanh tự chủ.
need_outcome_en: A process turning at least 50 t a month into saleable products, emissions within
    limits, on a self-sustaining business model.

== textile-wastewater
field: 207
provinces: ho-chi-minh hung-yen ninh-binh dong-nai
trl: 5-9
price: 500-4000
kind: device
keywords_vi: nước thải dệt nhuộm; oxy hóa nâng cao; khử màu; tái sử dụng nước; xử lý môi trường
keywords_en: textile dyeing wastewater; advanced oxidation; decolourisation; water reuse;
    environmental treatment
variant: đạt quy chuẩn xả thải cột A | meeting class A discharge limits
variant: cho cụm công nghiệp dệt nhuộm | for textile dyeing clusters
title_vi: Xử lý nước thải dệt nhuộm bằng oxy hóa nâng cao kết hợp màng lọc để tái sử dụng
title_en: Textile dyeing wastewater treatment by advanced oxidation and membranes for reuse
summary_vi: Kết hợp ozone xúc tác và màng lọc nano để khử màu, giảm COD, cho phép tái sử dụng
    40–60% nước cho công đoạn giặt, nhuộm.
summary_en: Catalytic ozonation and nanofiltration remove colour and COD so that 40–60% of the
    water can be reused for washing and dyeing.
problem_vi: Nước thải dệt nhuộm có độ màu và COD cao, khó xử lý bằng phương pháp sinh học; nhiều cơ
    sở bị xử phạt và phải trả phí nước sạch ngày càng tăng.
problem_en: Dyeing effluent carries heavy colour and COD that biological plants struggle with; many
    mills are fined and face rising water bills.
solution_vi: Nước thải sau xử lý sinh học được đưa qua tháp ozone có xúc tác oxit kim loại trên nền
    than hoạt tính, sau đó lọc qua màng NF; nước sau màng đạt chất lượng để tái sử dụng, dòng đậm
    đặc được cô đặc xử lý riêng.
solution_en: After biological treatment, effluent passes a catalytic ozone tower with metal oxides
    on activated carbon, then an NF membrane; the permeate is fit for reuse and the concentrate is
    treated separately.
advantages_vi: Khử màu trên 95%; chi phí vận hành khoảng 9.000 đồng/m³; lắp đặt dạng mô-đun bên
    cạnh trạm xử lý hiện có.
advantages_en: Over 95% colour removal; operating cost about 9,000 VND per m³; modular units
    installed beside the existing plant.
users_vi: Nhà máy dệt nhuộm, khu và cụm công nghiệp, công ty vận hành trạm xử lý nước thải.
users_en: Dyeing mills, industrial parks and clusters, and wastewater plant operators.
impact_vi: Một nhà máy 1.000 m³/ngày tiết kiệm khoảng 2,5 tỷ đồng tiền nước mỗi năm và đạt quy
    chuẩn xả thải cột A.
impact_en: A 1,000 m³/day mill saves about 2.5 billion VND of water a year and meets the strictest
    discharge class.
need_title_vi: Công nghệ tái sử dụng nước thải cho cụm công nghiệp dệt nhuộm
need_title_en: Water reuse technology for a textile dyeing cluster
need_problem_vi: Trạm xử lý tập trung 5.000 m³/ngày thường xuyên vượt chỉ tiêu độ màu; nguồn nước
    cấp cho cụm công nghiệp đang bị hạn chế.
need_problem_en: The 5,000 m³/day central plant often exceeds colour limits, and water supply to
    the cluster is being rationed.
need_outcome_vi: Nâng cấp đạt quy chuẩn xả thải, tái sử dụng tối thiểu 40% lượng nước, chi phí vận
    hành dưới 12.000 đồng/m³.
need_outcome_en: An upgrade meeting discharge limits, reusing at least 40% of the water at under
    12,000 VND per m³.
== craft-village-wastewater
field: 208
provinces: bac-ninh ha-noi ninh-binh hung-yen
trl: 5-9
price: 200-1500
kind: process
keywords_vi: làng nghề; nước thải; bãi lọc trồng cây; xử lý sinh học; chế biến nông sản
keywords_en: craft village; wastewater; constructed wetland; biological treatment; food processing
variant: cho làng nghề làm bún, bánh đa | for noodle-making villages
variant: chi phí vận hành thấp | with low running costs
title_vi: Xử lý nước thải làng nghề chế biến nông sản bằng bể kỵ khí và bãi lọc trồng cây
title_en: Craft village food-processing wastewater treatment with anaerobic tanks and constructed
    wetlands
summary_vi: Mô hình xử lý phân tán gồm bể kỵ khí có vách ngăn và bãi lọc trồng cây dòng chảy ngầm,
    phù hợp làng nghề làm bún, đậu phụ, tinh bột với chi phí vận hành rất thấp.
summary_en: A decentralised system of baffled anaerobic reactors and subsurface-flow wetlands suits
    villages making noodles, tofu and starch at very low running cost.
problem_vi: Nước thải làng nghề chế biến nông sản giàu chất hữu cơ, xả thẳng ra kênh mương gây mùi
    hôi và ô nhiễm nguồn nước; trạm xử lý tập trung đắt và khó vận hành.
problem_en: Food-processing villages discharge organic-rich effluent straight into canals, causing
    odour and pollution; central treatment plants are costly and hard to run.
solution_vi: Nước thải từ các hộ được thu gom về bể kỵ khí có vách ngăn, khí biogas được tận dụng
    đun nấu; nước sau bể chảy qua bãi lọc trồng sậy, cỏ nến để xử lý tiếp nitơ, phốt pho.
solution_en: Household effluent flows into a baffled anaerobic reactor whose biogas is used for
    cooking; the outflow then passes through reed and cattail beds that remove nitrogen and
    phosphorus.
advantages_vi: Không dùng hóa chất, điện năng rất thấp; cảnh quan xanh; người dân địa phương tự vận
    hành được.
advantages_en: No chemicals and minimal electricity; green landscape; operable by villagers
    themselves.
users_vi: Ủy ban nhân dân xã có làng nghề, hợp tác xã, hộ sản xuất.
users_en: Commune authorities with craft villages, cooperatives and household producers.
impact_vi: Giảm trên 85% COD trước khi xả, cải thiện rõ rệt chất lượng nước kênh mương trong làng.
impact_en: Removes over 85% of COD before discharge and visibly improves village canal water.
need_title_vi: Giải pháp xử lý nước thải phân tán cho làng nghề chế biến thực phẩm
need_title_en: Decentralised wastewater treatment for a food-processing craft village
need_problem_vi: Làng nghề với khoảng 200 hộ làm bún, bánh phở xả khoảng 600 m³ nước thải mỗi ngày
    ra kênh chung, người dân phản ánh kéo dài.
need_problem_en: A village of about 200 noodle-making households discharges some 600 m³ of effluent
    a day into a shared canal, prompting long-running complaints.
need_outcome_vi: Hệ thống xử lý đạt quy chuẩn xả thải, chi phí vận hành dưới 3.000 đồng/m³, cộng
    đồng tự quản lý được.
need_outcome_en: A system meeting discharge limits at under 3,000 VND per m³, managed by the
    community.

== black-soldier-fly
field: 208
provinces: ho-chi-minh ha-noi dong-nai can-tho
trl: 6-9
price: 300-2500
kind: process
keywords_vi: ruồi lính đen; rác hữu cơ; thức ăn chăn nuôi; phân bón; kinh tế tuần hoàn
keywords_en: black soldier fly; organic waste; animal feed; fertiliser; circular economy
variant: tại chợ đầu mối | at wholesale markets
variant: quy mô 10 tấn rác mỗi ngày | for 10 tonnes of waste per day
title_vi: Xử lý rác thải hữu cơ bằng ấu trùng ruồi lính đen tạo đạm thức ăn chăn nuôi
title_en: Organic waste treatment with black soldier fly larvae producing feed protein
summary_vi: Ấu trùng ruồi lính đen tiêu thụ rác hữu cơ từ chợ và nhà hàng, cho sinh khối giàu đạm
    làm thức ăn cho cá, gà và phân hữu cơ từ chất thải của ấu trùng.
summary_en: Black soldier fly larvae eat organic waste from markets and restaurants, yielding
    protein-rich biomass for fish and poultry feed and organic fertiliser from the residue.
problem_vi: Rác hữu cơ chiếm khoảng 60% rác sinh hoạt đô thị, chủ yếu vẫn chôn lấp, gây mùi và nước
    rỉ rác; ngành chăn nuôi phải nhập khẩu phần lớn bột cá, khô dầu đậu tương.
problem_en: Organic matter is about 60% of urban waste and is mostly landfilled, causing odour and
    leachate, while livestock farming imports most of its fishmeal and soybean meal.
solution_vi: Rác được nghiền, điều chỉnh độ ẩm và đưa vào khay nuôi ấu trùng trong nhà xưởng kín có
    kiểm soát nhiệt độ; sau 12–14 ngày ấu trùng được tách, sấy hoặc ép dầu; bã được ủ thành phân.
solution_en: Waste is ground, moisture-adjusted and fed to larvae in trays inside a closed,
    temperature-controlled building; after 12–14 days larvae are separated, dried or pressed for
    oil, and the frass is composted.
advantages_vi: Giảm 70–80% khối lượng rác trong 2 tuần; bột ấu trùng chứa 40–45% đạm; không phát
    sinh mùi nhờ hệ thống thông gió có lọc sinh học.
advantages_en: Cuts waste mass by 70–80% in two weeks; larval meal has 40–45% protein; no odour
    thanks to biofiltered ventilation.
users_vi: Công ty môi trường đô thị, ban quản lý chợ, nhà máy thức ăn chăn nuôi, trang trại.
users_en: Urban environment companies, market management boards, feed mills and farms.
impact_vi: Mỗi tấn rác hữu cơ tạo khoảng 150 kg ấu trùng tươi và 250 kg phân hữu cơ, giảm chi phí
    chôn lấp.
impact_en: Each tonne of organic waste yields about 150 kg of fresh larvae and 250 kg of fertiliser
    and avoids landfill fees.
need_title_vi: Xử lý rác hữu cơ tại chợ đầu mối nông sản
need_title_en: Organic waste treatment at a wholesale produce market
need_problem_vi: Chợ đầu mối thải khoảng 25 tấn rau củ quả hư hỏng mỗi ngày, chi phí vận chuyển đi
    chôn lấp ngày càng tăng và khu vực tập kết gây ô nhiễm.
need_problem_en: The market throws away about 25 t of spoilt produce a day; hauling it to landfill
    gets dearer and the collection area pollutes the surroundings.
need_outcome_vi: Giải pháp xử lý tại chỗ tối thiểu 15 tấn/ngày, không gây mùi, sản phẩm đầu ra có
    thị trường tiêu thụ.
need_outcome_en: On-site treatment of at least 15 t a day, odour-free, with marketable outputs.

== rooftop-solar-ems
field: 202
provinces: bac-ninh dong-nai ho-chi-minh hai-phong
trl: 6-9
price: 200-1500
kind: software
keywords_vi: điện mặt trời mái nhà; quản lý năng lượng; tự sản tự tiêu; lưu trữ điện; doanh nghiệp
    nhỏ và vừa
keywords_en: rooftop solar; energy management; self-consumption; battery storage; SMEs
variant: có lưu trữ bằng pin | with battery storage
variant: không phát điện lên lưới | with zero grid export
title_vi: Hệ thống quản lý năng lượng cho điện mặt trời mái nhà tự sản tự tiêu tại nhà xưởng
title_en: Energy management system for self-consumed rooftop solar in factories
summary_vi: Bộ điều khiển và phần mềm tối ưu việc dùng điện mặt trời, pin lưu trữ và điện lưới theo
    biểu giá giờ, đảm bảo không phát ngược lên lưới theo quy định mới.
summary_en: A controller and software optimise solar, battery and grid power against time-of-use
    tariffs while guaranteeing zero export under the new rules.
problem_vi: Theo cơ chế mới, điện mặt trời mái nhà tự sản tự tiêu không được bán lên lưới; nhiều
    nhà xưởng phải cắt giảm công suất phát, lãng phí đầu tư và vẫn trả giá điện giờ cao điểm cao.
problem_en: Under the new scheme self-consumed rooftop solar may not be sold to the grid; many
    factories curtail output, wasting their investment while still paying high peak tariffs.
solution_vi: Thiết bị đo ở điểm đấu nối điều khiển biến tần và pin lưu trữ theo thời gian thực;
    thuật toán dự báo phụ tải và bức xạ để sạc pin vào giờ thấp điểm và xả vào giờ cao điểm.
solution_en: A meter at the connection point controls inverters and batteries in real time; the
    algorithm forecasts load and irradiance to charge off-peak and discharge at peak.
advantages_vi: Tương thích với hầu hết biến tần phổ biến trên thị trường; thời gian phản hồi dưới 1
    giây; báo cáo tiết kiệm và phát thải theo tháng.
advantages_en: Works with most common inverter brands; responds in under a second; monthly savings
    and emissions reports.
users_vi: Doanh nghiệp sản xuất, khu công nghiệp, nhà thầu lắp đặt điện mặt trời.
users_en: Manufacturers, industrial parks and solar installers.
impact_vi: Giảm 15–25% tiền điện hằng tháng và tận dụng trên 95% sản lượng điện mặt trời.
impact_en: Cuts monthly power bills by 15–25% and uses more than 95% of solar output.
need_title_vi: Tối ưu sử dụng điện mặt trời mái nhà cho khu công nghiệp
need_title_en: Making full use of rooftop solar in an industrial park
need_problem_vi: 40 nhà xưởng trong khu công nghiệp đã lắp điện mặt trời nhưng phải cắt giảm 20–30%
    sản lượng do không được phát lên lưới.
need_problem_en: Forty factories in the park have rooftop solar but curtail 20–30% of output
    because they cannot export to the grid.
need_outcome_vi: Giải pháp quản lý năng lượng giảm cắt giảm xuống dưới 5%, thời gian hoàn vốn dưới
    4 năm.
need_outcome_en: Energy management bringing curtailment under 5% with payback within four years.

== battery-swap
field: 202
provinces: ha-noi ho-chi-minh da-nang
trl: 5-8
price: 500-5000
kind: device
keywords_vi: xe máy điện; đổi pin; giao thông xanh; quản lý pin; shipper
keywords_en: electric motorbike; battery swapping; green mobility; battery management; delivery
    riders
variant: đặt tại cửa hàng tiện lợi | at convenience stores
variant: dùng pin LFP tiêu chuẩn | with standard LFP packs
title_vi: Mạng trạm đổi pin xe máy điện cho tài xế công nghệ
title_en: Battery-swapping stations for electric motorbikes used by ride-hailing and delivery
    riders
summary_vi: Tủ đổi pin thông minh cho phép tài xế đổi pin đầy trong 30 giây; hệ thống quản lý pin
    theo dõi sức khỏe từng khối pin và tối ưu lịch sạc.
summary_en: Smart cabinets let riders swap in a full battery in 30 seconds, while a battery
    management platform tracks each pack's health and schedules charging.
problem_vi: Tài xế giao hàng chạy 150–200 km mỗi ngày, không thể chờ sạc 3–4 giờ; chi phí xăng
    chiếm phần lớn thu nhập và khí thải xe máy là nguồn ô nhiễm lớn ở đô thị.
problem_en: Delivery riders cover 150–200 km a day and cannot wait three to four hours to charge;
    fuel eats much of their income and motorbike exhaust is a major urban pollutant.
solution_vi: Tủ đổi pin 12 ngăn đặt tại cây xăng, cửa hàng tiện lợi; pin LFP có chip định danh;
    phần mềm phân bổ pin và dự báo nhu cầu theo khu vực, thanh toán qua ví điện tử.
solution_en: Twelve-slot cabinets at petrol stations and convenience stores; LFP packs with ID
    chips; software allocates packs, forecasts demand by area and takes e-wallet payments.
advantages_vi: Pin LFP an toàn cháy nổ; tủ có cảm biến nhiệt và bình chữa cháy tự động; chi phí mỗi
    km thấp hơn xăng khoảng 40%.
advantages_en: LFP chemistry is fire-safe; cabinets have thermal sensors and automatic
    extinguishers; cost per km about 40% below petrol.
users_vi: Tài xế công nghệ, doanh nghiệp giao hàng, nhà sản xuất xe máy điện, chủ mặt bằng bán lẻ.
users_en: Ride-hailing and delivery riders, delivery companies, e-motorbike makers and retail site
    owners.
impact_vi: Mỗi xe chuyển đổi giảm khoảng 1,2 tấn CO₂ mỗi năm; tài xế tiết kiệm 1–1,5 triệu đồng mỗi
    tháng.
impact_en: Each converted bike avoids about 1.2 t CO₂ a year; riders save 1–1.5 million VND a
    month.
need_title_vi: Hạ tầng đổi pin cho đội xe giao hàng điện hóa
need_title_en: Swapping infrastructure for an electrified delivery fleet
need_problem_vi: Doanh nghiệp đặt mục tiêu chuyển 3.000 xe giao hàng sang xe điện trong 2 năm nhưng
    thiếu hạ tầng sạc, đổi pin tại các điểm giao nhận.
need_problem_en: The company aims to switch 3,000 delivery bikes to electric within two years but
    lacks charging or swapping points at its hubs.
need_outcome_vi: Ít nhất 50 trạm đổi pin tại các bưu cục, thời gian đổi dưới 1 phút, chia sẻ dữ
    liệu vận hành qua API.
need_outcome_en: At least 50 swap stations at hubs, swaps under a minute and operating data shared
    via API.

== cobot-welding
field: 203
provinces: hai-phong bac-ninh thai-nguyen ho-chi-minh
trl: 5-8
price: 400-3000
kind: device
keywords_vi: robot cộng tác; hàn tự động; cơ khí chế tạo; doanh nghiệp nhỏ và vừa; thị giác máy
    tính
keywords_en: collaborative robot; automated welding; metal fabrication; SMEs; machine vision
variant: lập trình bằng cách cầm tay dẫn hướng | programmed by hand guiding
variant: có camera dò đường hàn | with seam-tracking camera
title_vi: Robot hàn cộng tác giá thấp cho xưởng cơ khí vừa và nhỏ
title_en: Low-cost collaborative welding robot for small and medium machine shops
summary_vi: Cánh tay robot 6 bậc tự do chế tạo trong nước, lập trình bằng cách cầm tay dẫn hướng,
    tích hợp camera dò đường hàn, phù hợp sản xuất loạt nhỏ đa dạng sản phẩm.
summary_en: A locally built six-axis arm programmed by hand guiding, with seam-tracking vision,
    suited to small batches of varied parts.
problem_vi: Xưởng cơ khí vừa và nhỏ thiếu thợ hàn lành nghề, chất lượng mối hàn không ổn định;
    robot công nghiệp nhập khẩu đắt và cần kỹ sư lập trình chuyên sâu.
problem_en: Small machine shops lack skilled welders and weld quality varies; imported industrial
    robots are expensive and need specialist programmers.
solution_vi: Robot dùng hộp số sóng biến dạng và động cơ servo phổ thông, cảm biến lực ở khớp để
    làm việc an toàn cạnh người; người thợ dẫn tay robot qua đường hàn, phần mềm tự nội suy và
    camera hiệu chỉnh sai lệch phôi.
solution_en: The robot uses strain-wave gears and common servo motors with joint torque sensing to
    work safely beside people; the welder guides it along the seam, software interpolates the path
    and the camera corrects for part misalignment.
advantages_vi: Giá bằng khoảng 40% robot nhập khẩu cùng tải trọng; thời gian lập trình một sản phẩm
    mới dưới 15 phút; linh kiện thay thế có sẵn trong nước.
advantages_en: About 40% of the price of an imported robot of the same payload; a new part can be
    programmed in under 15 minutes; spare parts available locally.
users_vi: Xưởng cơ khí, nhà máy kết cấu thép, doanh nghiệp phụ trợ ngành ô tô, xe máy.
users_en: Machine shops, steel structure plants and automotive suppliers.
impact_vi: Tăng năng suất hàn 2–3 lần, giảm tỷ lệ lỗi mối hàn từ 8% xuống dưới 2%.
impact_en: Raises welding output two- to threefold and cuts weld defects from 8% to under 2%.
need_title_vi: Tự động hóa công đoạn hàn cho sản xuất loạt nhỏ
need_title_en: Automating welding for small-batch production
need_problem_vi: Doanh nghiệp sản xuất khung giá kệ với hơn 200 mã sản phẩm, mỗi mã vài chục chiếc;
    robot hàn truyền thống không kinh tế vì thời gian lập trình dài.
need_problem_en: The company makes racking frames in over 200 variants of a few dozen units each;
    conventional robots are uneconomic because programming takes too long.
need_outcome_vi: Giải pháp hàn tự động lập trình nhanh, an toàn khi làm việc cạnh công nhân, hoàn
    vốn dưới 3 năm.
need_outcome_en: Quickly programmed automated welding that is safe next to workers and pays back
    within three years.

== cassava-bioplastic
field: 209
provinces: tay-ninh gia-lai dong-nai
trl: 4-7
price: 500-3000
kind: process
keywords_vi: nhựa sinh học; tinh bột sắn; bao bì phân hủy sinh học; thay thế túi ni lông; vật liệu
    xanh
keywords_en: bioplastic; cassava starch; biodegradable packaging; plastic bag replacement; green
    materials
variant: cho bao bì thực phẩm | for food packaging
variant: phân hủy trong điều kiện ủ thông thường | compostable in ordinary conditions
title_vi: Màng bao bì phân hủy sinh học từ tinh bột sắn biến tính
title_en: Biodegradable packaging film from modified cassava starch
summary_vi: Hỗn hợp tinh bột sắn biến tính và polyester phân hủy sinh học thổi thành màng túi, có
    độ bền tương đương túi ni lông và phân hủy hoàn toàn trong 6 tháng khi ủ.
summary_en: Modified cassava starch blended with a biodegradable polyester is blown into bag film
    as strong as polyethylene that fully breaks down within six months of composting.
problem_vi: Việt Nam thải ra hàng triệu tấn túi ni lông mỗi năm; các sản phẩm thay thế nhập khẩu
    đắt gấp 3–4 lần nên khó phổ biến tại chợ truyền thống.
problem_en: Vietnam throws away millions of tonnes of plastic bags a year; imported alternatives
    cost three to four times more and rarely reach traditional markets.
solution_vi: Tinh bột sắn được biến tính bằng phản ứng ester hóa để tăng khả năng chịu nước, phối
    trộn với PBAT và chất hóa dẻo từ glycerol, tạo hạt và thổi màng trên máy thổi màng PE thông
    thường.
solution_en: Cassava starch is esterified for water resistance, compounded with PBAT and
    glycerol-based plasticiser, pelletised and blown on standard PE film lines.
advantages_vi: Hàm lượng tinh bột 40–50% giúp giảm giá thành; chạy được trên dây chuyền sẵn có;
    nguyên liệu sắn sẵn có trong nước.
advantages_en: 40–50% starch content lowers cost; runs on existing lines; cassava is abundant
    locally.
users_vi: Nhà sản xuất bao bì, chuỗi siêu thị, doanh nghiệp chế biến tinh bột sắn.
users_en: Packaging makers, supermarket chains and cassava starch processors.
impact_vi: Giá túi chỉ cao hơn túi ni lông khoảng 30%, tạo đầu ra giá trị cao cho tinh bột sắn.
impact_en: Bags cost only about 30% more than polyethylene and give cassava starch a high-value
    outlet.
need_title_vi: Bao bì thay thế túi ni lông cho chuỗi cửa hàng bán lẻ
need_title_en: Plastic bag replacement for a retail chain
need_problem_vi: Chuỗi 300 cửa hàng sử dụng khoảng 40 triệu túi ni lông mỗi năm và cam kết loại bỏ
    hoàn toàn vào năm 2027.
need_problem_en: A 300-store chain uses about 40 million plastic bags a year and has pledged to
    phase them out by 2027.
need_outcome_vi: Túi phân hủy sinh học đạt chứng nhận, giá không quá 1,5 lần túi hiện tại, năng lực
    cung ứng ổn định.
need_outcome_en: Certified biodegradable bags at no more than 1.5 times the current price, with
    reliable supply.

== nano-silica
field: 210
provinces: can-tho an-giang ho-chi-minh
trl: 4-7
price: 300-2000
kind: process
keywords_vi: nano silica; tro trấu; phụ gia bê tông; vật liệu nano; phụ phẩm nông nghiệp
keywords_en: nano-silica; rice husk ash; concrete admixture; nanomaterials; agricultural by-product
variant: công suất 500 tấn/năm | at 500 tonnes per year
variant: quy trình không dùng axit mạnh | without strong acids
title_vi: Sản xuất nano silica từ tro trấu làm phụ gia bê tông cường độ cao
title_en: Nano-silica from rice husk ash as a high-strength concrete admixture
summary_vi: Quy trình tách silica vô định hình từ tro trấu và nghiền đến cỡ hạt nano, dùng thay một
    phần silica fume nhập khẩu trong bê tông cường độ cao.
summary_en: Amorphous silica is extracted from rice husk ash and milled to nanoscale, partly
    replacing imported silica fume in high-strength concrete.
problem_vi: Tro trấu từ nhà máy xay xát và lò sấy thải ra lượng lớn, phần lớn bị đổ bỏ; trong khi
    ngành xây dựng phải nhập khẩu silica fume giá cao.
problem_en: Mills and dryers dump large amounts of husk ash while the construction industry imports
    costly silica fume.
solution_vi: Tro trấu được xử lý kiềm ở nhiệt độ thấp để hòa tan silica, kết tủa lại có kiểm soát
    pH để thu nano silica kích thước 20–50 nm; dung dịch kiềm được thu hồi tuần hoàn.
solution_en: Husk ash is leached with alkali at low temperature, silica is reprecipitated under pH
    control into 20–50 nm particles, and the alkali solution is recycled.
advantages_vi: Độ tinh khiết trên 98%; giá thành thấp hơn khoảng 35% so với silica fume nhập khẩu;
    tăng 15% cường độ bê tông ở 28 ngày.
advantages_en: Over 98% purity; about 35% cheaper than imported silica fume; 15% higher 28-day
    concrete strength.
users_vi: Nhà máy bê tông, doanh nghiệp phụ gia xây dựng, nhà máy xay xát lúa gạo.
users_en: Concrete plants, admixture makers and rice mills.
impact_vi: Tận dụng khoảng 10.000 tấn tro trấu mỗi năm cho mỗi nhà máy, giảm nhập khẩu phụ gia.
impact_en: Each plant uses about 10,000 t of husk ash a year and reduces admixture imports.
need_title_vi: Tìm nguồn phụ gia khoáng hoạt tính trong nước cho bê tông cường độ cao
need_title_en: Local reactive mineral admixture for high-strength concrete
need_problem_vi: Doanh nghiệp phải nhập khẩu 100% silica fume cho các dự án cầu, cảng; giá và thời
    gian giao hàng biến động mạnh.
need_problem_en: The company imports all its silica fume for bridge and port projects, with
    volatile prices and lead times.
need_outcome_vi: Phụ gia sản xuất trong nước đạt tiêu chuẩn, ổn định chất lượng, cung ứng tối thiểu
    500 tấn/năm.
need_outcome_en: A locally made admixture meeting standards with consistent quality and at least
    500 t a year of supply.

== bridge-monitoring
field: 201
provinces: hai-phong ho-chi-minh da-nang vinh-long
trl: 5-8
price: 500-4000
kind: device
keywords_vi: quan trắc kết cấu; cầu yếu; cảm biến rung; an toàn giao thông; bảo trì dự báo
keywords_en: structural health monitoring; ageing bridges; vibration sensors; road safety;
    predictive maintenance
variant: cho cầu giao thông nông thôn | for rural road bridges
variant: kết hợp cân xe tự động | with weigh-in-motion
title_vi: Hệ thống quan trắc sức khỏe kết cấu cho cầu cũ bằng cảm biến không dây
title_en: Wireless structural health monitoring for ageing bridges
summary_vi: Cảm biến gia tốc, biến dạng và nghiêng không dây gắn lên dầm cầu, phân tích tần số dao
    động để phát hiện sớm suy giảm khả năng chịu lực và cảnh báo xe quá tải.
summary_en: Wireless accelerometers, strain and tilt sensors on the girders track vibration
    frequencies to spot loss of load capacity early and flag overloaded vehicles.
problem_vi: Hàng nghìn cây cầu được xây dựng từ những năm 1990 đang xuống cấp; kiểm định định kỳ
    thủ công tốn kém và không phát hiện kịp hư hỏng giữa hai lần kiểm tra.
problem_en: Thousands of bridges built in the 1990s are deteriorating; periodic manual inspection
    is costly and misses damage between visits.
solution_vi: Nút cảm biến dùng pin mặt trời, đồng bộ thời gian qua GPS, truyền dữ liệu về máy chủ;
    thuật toán nhận dạng đặc trưng dao động so sánh với mô hình số của cầu để phát hiện thay đổi độ
    cứng.
solution_en: Solar-powered nodes, time-synchronised by GPS, send data to a server where modal
    identification is compared with the bridge's digital model to detect stiffness changes.
advantages_vi: Lắp đặt không cần cấm cầu; chi phí bằng khoảng 1/3 hệ thống nhập khẩu; bảng điều
    khiển trực quan cho kỹ sư quản lý cầu.
advantages_en: Installed without closing the bridge; about a third of the cost of imported systems;
    clear dashboards for bridge engineers.
users_vi: Sở Xây dựng, khu quản lý đường bộ, đơn vị bảo trì cầu đường.
users_en: Provincial construction departments, road management units and maintenance contractors.
impact_vi: Giảm 30% chi phí kiểm định, ưu tiên vốn sửa chữa cho cầu có nguy cơ cao.
impact_en: Cuts inspection cost by 30% and directs repair funds to the riskiest bridges.
need_title_vi: Giám sát an toàn các cầu yếu trên tuyến đường tỉnh
need_title_en: Safety monitoring of weak bridges on provincial roads
need_problem_vi: Tỉnh có 85 cầu yếu cần theo dõi nhưng kinh phí kiểm định chỉ đủ cho khoảng 10 cầu
    mỗi năm; xe quá tải vẫn lưu thông.
need_problem_en: The province has 85 weak bridges to watch but can afford to inspect only about ten
    a year, and overloaded trucks still use them.
need_outcome_vi: Hệ thống quan trắc thí điểm cho 5 cầu, cảnh báo tự động khi vượt ngưỡng, chi phí
    nhân rộng dưới 400 triệu đồng mỗi cầu.
need_outcome_en: Pilot monitoring on five bridges with automatic threshold alerts and roll-out cost
    under 400 million VND per bridge.

== rice-shrimp
field: 405
provinces: ca-mau can-tho an-giang
trl: 6-9
price: 100-600
kind: process
keywords_vi: lúa - tôm; canh tác luân canh; vùng nhiễm mặn; nông nghiệp sinh thái; thích ứng biến
    đổi khí hậu
keywords_en: rice-shrimp; rotation farming; saline areas; ecological agriculture; climate
    adaptation
variant: với giống lúa chịu mặn | with salt-tolerant rice
variant: đạt chứng nhận hữu cơ | with organic certification
title_vi: Mô hình luân canh lúa - tôm hữu cơ cho vùng nhiễm mặn ven biển
title_en: Organic rice-shrimp rotation model for coastal saline areas
summary_vi: Quy trình kỹ thuật nuôi tôm mùa khô, trồng lúa chịu mặn mùa mưa trên cùng thửa ruộng,
    không dùng thuốc hóa học, đạt chứng nhận hữu cơ và tăng thu nhập cho nông hộ.
summary_en: Shrimp in the dry season and salt-tolerant rice in the wet season on the same plot,
    chemical-free and organic-certified, raising farm incomes.
problem_vi: Xâm nhập mặn khiến nhiều diện tích lúa hai vụ không còn hiệu quả; nuôi tôm độc canh lại
    dễ dịch bệnh và làm suy thoái đất.
problem_en: Salinity has made double-cropped rice unviable in many places, while shrimp monoculture
    is disease-prone and degrades soil.
solution_vi: Quy trình gồm lịch thời vụ theo độ mặn, cải tạo mương vườn, thả tôm sú mật độ thấp kết
    hợp cua, cá; sau mùa tôm, rửa mặn bằng nước mưa và cấy giống lúa chịu mặn 4‰.
solution_en: A calendar set by salinity, reshaped perimeter trenches and low-density tiger shrimp
    with crabs and fish; after the shrimp season rain flushes the salt and 4‰-tolerant rice is
    planted.
advantages_vi: Không dùng kháng sinh, thuốc bảo vệ thực vật; sản phẩm đạt chứng nhận hữu cơ quốc
    tế; rủi ro dịch bệnh thấp.
advantages_en: No antibiotics or pesticides; internationally certified organic produce; low disease
    risk.
users_vi: Nông hộ vùng ven biển, hợp tác xã, doanh nghiệp thu mua tôm và gạo hữu cơ.
users_en: Coastal farmers, cooperatives and buyers of organic shrimp and rice.
impact_vi: Thu nhập tăng 30–50% so với độc canh lúa; giá gạo hữu cơ cao hơn 20%.
impact_en: Incomes 30–50% higher than rice monoculture; organic rice fetches 20% more.
need_title_vi: Chuyển đổi sản xuất bền vững cho vùng lúa bị nhiễm mặn
need_title_en: Sustainable conversion of salinity-affected rice land
need_problem_vi: Khoảng 6.000 ha lúa ven biển thường xuyên mất mùa do mặn, nông dân tự phát chuyển
    sang nuôi tôm gây xung đột sử dụng nước.
need_problem_en: About 6,000 ha of coastal rice regularly fail because of salinity; farmers
    switching to shrimp on their own cause water conflicts.
need_outcome_vi: Quy trình chuyển đổi được chứng minh trên 300 ha, kèm liên kết tiêu thụ sản phẩm
    và tập huấn cho nông dân.
need_outcome_en: A conversion package proven on 300 ha, with offtake agreements and farmer
    training.

== probiotic-poultry
field: 402
provinces: dong-nai thai-nguyen phu-tho ha-noi
trl: 5-9
price: 200-1200
kind: process
keywords_vi: chế phẩm sinh học; probiotic; chăn nuôi gà; thay thế kháng sinh; an toàn thực phẩm
keywords_en: probiotics; poultry; antibiotic replacement; feed additive; food safety
variant: dạng bổ sung vào nước uống | dosed in drinking water
variant: chịu nhiệt cho vùng khí hậu nóng ẩm | heat-stable for hot, humid climates
title_vi: Chế phẩm probiotic đa chủng thay thế kháng sinh trong chăn nuôi gà
title_en: Multi-strain probiotic replacing antibiotics in poultry farming
summary_vi: Tổ hợp vi khuẩn Bacillus và Lactobacillus phân lập trong nước giúp cân bằng đường ruột,
    tăng trọng và giảm bệnh tiêu chảy ở gà, đáp ứng quy định hạn chế kháng sinh trong thức ăn chăn
    nuôi.
summary_en: Locally isolated Bacillus and Lactobacillus strains balance gut flora, improve weight
    gain and reduce diarrhoea in chickens as antibiotics in feed are phased out.
problem_vi: Quy định cấm dùng kháng sinh để kích thích tăng trưởng khiến nhiều trang trại gặp khó
    khăn về bệnh đường ruột; chế phẩm nhập khẩu đắt và không phù hợp điều kiện nóng ẩm.
problem_en: The ban on antibiotic growth promoters leaves many farms struggling with gut disease;
    imported probiotics are expensive and poorly suited to hot, humid conditions.
solution_vi: Các chủng được sàng lọc khả năng chịu nhiệt, chịu axit dạ dày và đối kháng E. coli,
    Salmonella; sản phẩm dạng bột bào tử ổn định ở 40°C, bổ sung vào thức ăn hoặc nước uống.
solution_en: Strains are screened for heat and acid tolerance and activity against E. coli and
    Salmonella; the spore powder stays stable at 40°C and goes into feed or water.
advantages_vi: Giá thấp hơn sản phẩm nhập khẩu 40%; tăng trọng thêm 5–7%; giảm tỷ lệ chết 2–3%.
advantages_en: 40% cheaper than imports; 5–7% more weight gain; 2–3 points lower mortality.
users_vi: Trang trại chăn nuôi gà, nhà máy thức ăn chăn nuôi, đại lý thuốc thú y.
users_en: Poultry farms, feed mills and veterinary suppliers.
impact_vi: Giảm 70% lượng kháng sinh sử dụng tại trang trại thí điểm, góp phần hạn chế kháng kháng
    sinh.
impact_en: Cut antibiotic use by 70% on pilot farms, helping curb antimicrobial resistance.
need_title_vi: Giải pháp thay thế kháng sinh cho chuỗi chăn nuôi gà an toàn
need_title_en: Antibiotic alternatives for a safe poultry chain
need_problem_vi: Chuỗi liên kết 120 trang trại cam kết sản phẩm không kháng sinh nhưng tỷ lệ bệnh
    đường ruột tăng, chi phí điều trị cao.
need_problem_en: A network of 120 farms has pledged antibiotic-free meat, but gut disease is rising
    and treatment is costly.
need_outcome_vi: Chế phẩm thay thế được kiểm chứng trên ít nhất 20.000 con, tỷ lệ chết không cao
    hơn khi dùng kháng sinh.
need_outcome_en: An alternative proven on at least 20,000 birds with mortality no higher than under
    antibiotics.

== corn-silage
field: 402
provinces: son-la nghe-an gia-lai dien-bien
trl: 6-9
price: 100-500
kind: process
keywords_vi: thức ăn ủ chua; thân cây ngô; chăn nuôi bò; phụ phẩm nông nghiệp; miền núi
keywords_en: silage; maize stover; cattle; crop residues; upland farming
variant: đóng bao quy mô nông hộ | in farm-scale bags
variant: bổ sung men vi sinh | with microbial inoculant
title_vi: Ủ chua thân cây ngô bằng men vi sinh làm thức ăn dự trữ cho bò mùa đông
title_en: Inoculated maize stover silage as winter feed for cattle
summary_vi: Quy trình băm, ủ chua thân cây ngô sau thu hoạch bắp trong túi nilon hai lớp với men vi
    sinh, bảo quản được 6 tháng, giải quyết tình trạng thiếu thức ăn cho bò mùa rét.
summary_en: Maize stover is chopped and ensiled with an inoculant in double-layer bags that keep
    for six months, ending winter feed shortages for cattle.
problem_vi: Mùa đông ở vùng núi phía Bắc, đồng cỏ khô héo, bò thiếu thức ăn, gầy yếu và chết rét;
    trong khi thân cây ngô sau thu hoạch bị đốt bỏ.
problem_en: In northern upland winters pastures die back and cattle go hungry, weaken and die of
    cold, while maize stalks are burnt after harvest.
solution_vi: Máy băm nhỏ gọn chạy động cơ xăng, men vi sinh dạng bột chứa Lactobacillus plantarum,
    túi ủ 2 lớp dung tích 50 kg; hướng dẫn bằng hình ảnh cho đồng bào dân tộc thiểu số.
solution_en: A small petrol chopper, a powdered Lactobacillus plantarum inoculant and 50 kg
    double-layer bags, with picture guides for ethnic minority farmers.
advantages_vi: Chi phí khoảng 400 đồng/kg thức ăn; giữ 90% giá trị dinh dưỡng; dễ làm, không cần
    hầm ủ.
advantages_en: About 400 VND per kg of feed; keeps 90% of nutritional value; simple, no silo
    needed.
users_vi: Hộ chăn nuôi bò, trâu vùng cao; hợp tác xã; chương trình giảm nghèo.
users_en: Upland cattle and buffalo keepers, cooperatives and poverty reduction programmes.
impact_vi: Giảm tỷ lệ trâu bò chết rét, tăng trọng 300–400 g/ngày trong mùa đông.
impact_en: Fewer cattle lost to cold, with 300–400 g a day weight gain through winter.
need_title_vi: Thức ăn dự trữ mùa đông cho đàn trâu bò vùng cao
need_title_en: Winter feed reserves for upland cattle and buffalo
need_problem_vi: Đợt rét đậm năm trước làm chết hơn 1.000 con trâu bò trong tỉnh, chủ yếu do thiếu
    thức ăn và chuồng trại không đảm bảo.
need_problem_en: Last year's cold spell killed over 1,000 cattle and buffalo in the province,
    mainly from lack of feed and poor shelter.
need_outcome_vi: Mô hình dự trữ thức ăn quy mô nông hộ, chuyển giao cho ít nhất 500 hộ, chi phí phù
    hợp với hộ nghèo.
need_outcome_en: A household-scale feed reserve model transferred to at least 500 families at a
    cost poor households can afford.
== forest-monitoring
field: 404
provinces: quang-tri nghe-an dak-lak lam-dong
trl: 5-8
price: 300-2000
kind: software
keywords_vi: giám sát rừng; ảnh vệ tinh; thiết bị bay không người lái; mất rừng; cháy rừng; tín chỉ
    carbon
keywords_en: forest monitoring; satellite imagery; drones; deforestation; forest fire; carbon
    credits
variant: kết hợp cảnh báo cháy rừng | with fire alerts
variant: phục vụ đo đạc tín chỉ carbon | for carbon credit measurement
title_vi: Giám sát biến động rừng bằng ảnh vệ tinh và thiết bị bay không người lái
title_en: Forest change monitoring with satellite imagery and drones
summary_vi: Hệ thống tự động phát hiện điểm mất rừng từ ảnh vệ tinh Sentinel mỗi 5 ngày, gửi tọa độ
    cho kiểm lâm và dùng drone xác minh tại chỗ.
summary_en: Automatically detects forest loss from Sentinel imagery every five days, sends
    coordinates to rangers and uses drones for on-site verification.
problem_vi: Lực lượng kiểm lâm mỏng, mỗi người quản lý hàng nghìn hécta rừng; phá rừng, lấn chiếm
    đất rừng thường bị phát hiện muộn khi đã hình thành nương rẫy.
problem_en: Rangers are few, each covering thousands of hectares; clearing and encroachment are
    often discovered only after fields have been planted.
solution_vi: Mô hình học sâu phân tích chuỗi ảnh radar và quang học để phát hiện thay đổi độ che
    phủ, kể cả khi có mây; ứng dụng di động dẫn đường kiểm lâm đến điểm nghi vấn và ghi nhận kết
    quả xác minh.
solution_en: A deep learning model reads radar and optical time series to detect canopy change even
    under cloud; a mobile app guides rangers to suspect sites and records findings.
advantages_vi: Phát hiện được điểm mất rừng từ 0,1 ha; hoạt động cả mùa mưa nhờ ảnh radar; dữ liệu
    dùng được cho báo cáo tín chỉ carbon rừng.
advantages_en: Detects losses from 0.1 ha; works in the rainy season thanks to radar; data support
    forest carbon reporting.
users_vi: Chi cục Kiểm lâm, ban quản lý rừng phòng hộ, rừng đặc dụng, công ty lâm nghiệp.
users_en: Forest protection departments, protection and special-use forest boards and forestry
    companies.
impact_vi: Rút ngắn thời gian phát hiện vi phạm từ vài tháng xuống dưới 1 tuần.
impact_en: Cuts the time to detect violations from months to under a week.
need_title_vi: Phát hiện sớm phá rừng, lấn chiếm đất rừng phòng hộ
need_title_en: Early detection of clearing in protection forests
need_problem_vi: Ban quản lý 35.000 ha rừng phòng hộ chỉ có 40 cán bộ bảo vệ; nhiều vụ phá rừng chỉ
    được phát hiện khi kiểm kê cuối năm.
need_problem_en: The board managing 35,000 ha of protection forest has 40 staff; many clearings are
    found only at the year-end inventory.
need_outcome_vi: Cảnh báo tự động điểm nghi vấn hằng tuần, độ chính xác trên 85%, tích hợp với phần
    mềm quản lý rừng hiện có.
need_outcome_en: Weekly automatic alerts with over 85% precision, integrated with the existing
    forest management software.

== shan-tea
field: 211
provinces: tuyen-quang thai-nguyen lao-cai
trl: 5-9
price: 150-900
kind: process
keywords_vi: chè Shan tuyết; chế biến chè; chè xanh đặc sản; cây cổ thụ; xuất khẩu; chỉ dẫn địa lý
keywords_en: Shan tuyet tea; tea processing; specialty green tea; ancient trees; export;
    geographical indication
variant: cho hợp tác xã đồng bào dân tộc | for ethnic minority cooperatives
variant: sấy bằng bơm nhiệt | with heat-pump drying
title_vi: Quy trình chế biến chè Shan tuyết cổ thụ đạt chuẩn xuất khẩu
title_en: Export-grade processing of ancient Shan tuyet tea
summary_vi: Dây chuyền chế biến quy mô nhỏ với héo có kiểm soát, vò và sấy bằng bơm nhiệt giúp giữ
    hương vị đặc trưng của chè Shan tuyết, ổn định chất lượng giữa các mẻ.
summary_en: A small processing line with controlled withering, rolling and heat-pump drying keeps
    the character of Shan tuyet tea and makes batches consistent.
problem_vi: Chè Shan tuyết cổ thụ có giá trị cao nhưng phần lớn được sao thủ công bằng chảo gang
    trên bếp củi, chất lượng không đồng đều, dễ lẫn mùi khói và khó đáp ứng tiêu chuẩn xuất khẩu.
problem_en: Ancient Shan tuyet tea is valuable but mostly pan-fired by hand over wood fires;
    quality varies, smoke taints creep in and export standards are hard to meet.
solution_vi: Quy trình gồm héo trong phòng có điều khiển nhiệt ẩm, diệt men bằng tang trống gia
    nhiệt điện, vò định hình và sấy bơm nhiệt ở 60–70°C; kiểm soát chất lượng bằng bảng cảm quan và
    đo độ ẩm tại chỗ.
solution_en: Withering in a humidity-controlled room, enzyme kill in an electric drum, shaping and
    heat-pump drying at 60–70°C, with sensory scoring and on-site moisture checks.
advantages_vi: Giữ hàm lượng polyphenol cao; không lẫn mùi khói; tiết kiệm 30% năng lượng; thiết bị
    vừa với quy mô hợp tác xã.
advantages_en: Retains high polyphenol content; no smoke taint; 30% energy saving; equipment sized
    for cooperatives.
users_vi: Hợp tác xã chè, hộ chế biến chè đặc sản, doanh nghiệp xuất khẩu chè.
users_en: Tea cooperatives, specialty tea makers and tea exporters.
impact_vi: Giá bán tăng 2–3 lần so với chè sao thủ công, tạo việc làm cho lao động địa phương.
impact_en: Sells for two to three times the price of hand-fired tea and creates local jobs.
need_title_vi: Nâng cao chất lượng và đồng đều sản phẩm chè Shan tuyết
need_title_en: Improving quality and consistency of Shan tuyet tea
need_problem_vi: Sản phẩm chè của các hợp tác xã trong vùng chỉ dẫn địa lý bị nhà nhập khẩu phản
    ánh không đồng đều giữa các lô, có mùi khói.
need_problem_en: Importers complain that tea from cooperatives in the geographical indication area
    varies between lots and smells of smoke.
need_outcome_vi: Quy trình và thiết bị chế biến phù hợp quy mô 2–5 tấn búp tươi/ngày, đạt tiêu
    chuẩn an toàn thực phẩm xuất khẩu.
need_outcome_en: Process and equipment for 2–5 t of fresh leaf a day meeting export food safety
    standards.

== bilingual-learning
field: 503
provinces: lao-cai dien-bien tuyen-quang son-la
trl: 5-9
price: 100-800
kind: software
keywords_vi: giáo dục song ngữ; học sinh dân tộc thiểu số; tiếng Mông; học liệu số; tiểu học
keywords_en: bilingual education; ethnic minority pupils; Hmong; digital learning materials;
    primary school
variant: dùng được khi không có internet | usable offline
variant: có giọng đọc tiếng Mông | with Hmong narration
title_vi: Học liệu số song ngữ Việt - Mông hỗ trợ học sinh lớp 1 vùng cao
title_en: Vietnamese-Hmong bilingual digital materials for first-graders in the highlands
summary_vi: Bộ truyện tranh, trò chơi và bài tập tiếng Việt có giọng đọc song ngữ Việt - Mông trên
    máy tính bảng, giúp trẻ dân tộc Mông làm quen tiếng Việt trước và trong năm học lớp 1.
summary_en: Picture stories, games and Vietnamese exercises with Vietnamese-Hmong narration on
    tablets help Hmong children get used to Vietnamese before and during first grade.
problem_vi: Nhiều trẻ dân tộc Mông vào lớp 1 chưa nói được tiếng Việt, khó theo kịp bài học, dẫn
    đến tỷ lệ lưu ban và bỏ học cao ở các năm đầu tiểu học.
problem_en: Many Hmong children start school without Vietnamese, fall behind, and repeat grades or
    drop out in the early years.
solution_vi: Nội dung được biên soạn cùng giáo viên người Mông, bám sát chương trình giáo dục phổ
    thông; ứng dụng chạy ngoại tuyến, đồng bộ tiến độ khi có mạng để giáo viên theo dõi.
solution_en: Content written with Hmong teachers follows the national curriculum; the app runs
    offline and syncs progress for teachers when a connection is available.
advantages_vi: Hơn 300 bài học có giọng đọc người bản ngữ; chạy được trên máy tính bảng giá rẻ;
    giáo viên không cần biết tiếng Mông vẫn sử dụng được.
advantages_en: Over 300 lessons voiced by native speakers; runs on cheap tablets; teachers need not
    speak Hmong.
users_vi: Trường mầm non, tiểu học vùng dân tộc thiểu số; phòng giáo dục; tổ chức phi chính phủ.
users_en: Preschools and primary schools in ethnic minority areas, education offices and NGOs.
impact_vi: Thí điểm tại 12 trường cho thấy tỷ lệ học sinh đạt chuẩn đọc hiểu cuối lớp 1 tăng từ 58%
    lên 81%.
impact_en: In 12 pilot schools, the share of pupils meeting the end-of-grade-1 reading standard
    rose from 58% to 81%.
need_title_vi: Hỗ trợ tiếng Việt cho trẻ dân tộc thiểu số chuẩn bị vào lớp 1
need_title_en: Vietnamese language support for ethnic minority children entering grade 1
need_problem_vi: Khoảng 40% học sinh lớp 1 ở các xã vùng cao của tỉnh chưa đủ vốn tiếng Việt để
    học, giáo viên không đủ thời gian kèm riêng từng em.
need_problem_en: About 40% of first-graders in the province's upland communes lack enough
    Vietnamese to learn, and teachers cannot tutor them individually.
need_outcome_vi: Học liệu song ngữ triển khai tại ít nhất 30 trường, có đào tạo giáo viên và đánh
    giá hiệu quả sau một năm học.
need_outcome_en: Bilingual materials rolled out in at least 30 schools with teacher training and a
    one-year impact evaluation.

== heritage-3d
field: 601
provinces: hue ha-noi ninh-binh quang-ninh
trl: 5-9
price: 200-2000
kind: software
keywords_vi: số hóa di sản; mô hình 3D; bảo tàng số; thực tế ảo; di tích lịch sử; du lịch văn hóa
keywords_en: heritage digitisation; 3D models; digital museum; virtual reality; historic sites;
    cultural tourism
variant: kết hợp thuyết minh đa ngôn ngữ | with multilingual audio guides
variant: phục vụ trùng tu di tích | to support restoration
title_vi: Số hóa 3D di tích và hiện vật phục vụ bảo tồn và bảo tàng số
title_en: 3D digitisation of monuments and artefacts for conservation and virtual museums
summary_vi: Quét laser, chụp ảnh đo và dựng mô hình 3D độ chính xác milimet cho di tích, hiện vật;
    xây dựng bảo tàng số và tour thực tế ảo có thuyết minh đa ngôn ngữ.
summary_en: Laser scanning and photogrammetry produce millimetre-accurate 3D models of monuments
    and artefacts, powering virtual museums and VR tours with multilingual narration.
problem_vi: Nhiều công trình kiến trúc gỗ, hiện vật quý đang xuống cấp do thời tiết và mối mọt; hồ
    sơ bản vẽ cũ thiếu chính xác, gây khó khăn cho công tác trùng tu.
problem_en: Many wooden structures and precious artefacts are decaying from weather and termites;
    old drawings are inaccurate, hampering restoration.
solution_vi: Kết hợp máy quét laser mặt đất, drone và chụp ảnh đo để tạo mô hình 3D và bản vẽ hiện
    trạng; dữ liệu được quản lý trên nền tảng mở, xuất bản ra web, kính thực tế ảo và ứng dụng tham
    quan.
solution_en: Terrestrial laser scanners, drones and photogrammetry build 3D models and as-is
    drawings; data live on an open platform published to the web, VR headsets and visitor apps.
advantages_vi: Sai số dưới 2 mm; quy trình đã áp dụng cho hơn 40 công trình; dữ liệu theo chuẩn mở,
    cơ quan quản lý toàn quyền sở hữu.
advantages_en: Error under 2 mm; applied to more than 40 structures; open formats with full
    ownership by the heritage authority.
users_vi: Trung tâm bảo tồn di tích, bảo tàng, sở văn hóa, doanh nghiệp du lịch.
users_en: Heritage conservation centres, museums, culture departments and tourism companies.
impact_vi: Lưu giữ vĩnh viễn hồ sơ số của di tích, rút ngắn 30% thời gian lập hồ sơ trùng tu và thu
    hút thêm du khách trẻ.
impact_en: Preserves a permanent digital record, shortens restoration surveys by 30% and attracts
    younger visitors.
need_title_vi: Số hóa hồ sơ di tích phục vụ trùng tu và quảng bá du lịch
need_title_en: Digitising heritage records for restoration and tourism promotion
need_problem_vi: Trung tâm quản lý hơn 100 công trình di tích nhưng phần lớn chưa có hồ sơ đo vẽ
    chính xác; nhiều hạng mục sắp được trùng tu.
need_problem_en: The centre manages over 100 monuments, most without accurate surveys, and many are
    due for restoration.
need_outcome_vi: Mô hình 3D và bản vẽ hiện trạng cho 20 công trình ưu tiên, nền tảng trưng bày số
    có thuyết minh tiếng Việt, tiếng Anh.
need_outcome_en: 3D models and as-is drawings of 20 priority structures and a digital exhibition
    platform in Vietnamese and English.

== legal-assistant
field: 505
provinces: ha-noi hai-phong da-nang ho-chi-minh
trl: 4-8
price: 300-2500
kind: software
keywords_vi: trợ lý ảo; văn bản pháp luật; chính quyền cấp xã; xử lý ngôn ngữ tự nhiên; chuyển đổi
    số
keywords_en: virtual assistant; legal documents; commune government; natural language processing;
    digital transformation
variant: cập nhật theo văn bản mới ban hành | updated as new laws are issued
variant: có trích dẫn điều khoản | with clause-level citations
title_vi: Trợ lý ảo tra cứu văn bản pháp luật cho cán bộ chính quyền cấp xã
title_en: Legal document assistant for commune-level officials
summary_vi: Trợ lý hỏi đáp dựa trên cơ sở dữ liệu văn bản pháp luật còn hiệu lực, trả lời kèm trích
    dẫn điều, khoản cụ thể, giúp cán bộ cấp xã xử lý hồ sơ nhanh và đúng quy định.
summary_en: A question-answering assistant over the database of laws in force answers with exact
    article and clause citations, helping commune officials handle cases quickly and correctly.
problem_vi: Sau khi sắp xếp chính quyền hai cấp, cán bộ cấp xã đảm nhận thêm nhiều thẩm quyền mới;
    số lượng văn bản thay đổi liên tục khiến việc tra cứu mất thời gian và dễ áp dụng văn bản đã
    hết hiệu lực.
problem_en: After the two-tier government reform, commune officials took on many new powers;
    constantly changing regulations make research slow and outdated texts easy to apply by mistake.
solution_vi: Hệ thống tìm kiếm ngữ nghĩa trên kho văn bản được gán trạng thái hiệu lực, mô hình
    ngôn ngữ tiếng Việt tổng hợp câu trả lời và luôn dẫn nguồn; câu trả lời không có căn cứ bị từ
    chối thay vì suy đoán.
solution_en: Semantic search over a corpus tagged with validity status, with a Vietnamese language
    model composing answers that always cite sources; unsupported answers are refused rather than
    guessed.
advantages_vi: Kiểm soát tình trạng hiệu lực văn bản hằng ngày; chạy trên hạ tầng của địa phương;
    có nhật ký truy vết để kiểm tra chất lượng câu trả lời.
advantages_en: Validity status checked daily; runs on local government infrastructure; audit log
    for reviewing answer quality.
users_vi: Cán bộ, công chức cấp xã và cấp tỉnh; trung tâm phục vụ hành chính công.
users_en: Commune and provincial civil servants and public administration service centres.
impact_vi: Giảm 50% thời gian tra cứu, hạn chế sai sót khi áp dụng văn bản hết hiệu lực.
impact_en: Halves research time and reduces errors from applying repealed texts.
need_title_vi: Công cụ hỗ trợ tra cứu quy định cho cán bộ xã sau sắp xếp đơn vị hành chính
need_title_en: Regulation look-up support for commune officials after the administrative
    reorganisation
need_problem_vi: Thành phố có hơn 100 xã, phường mới với nhiều cán bộ chuyển từ vị trí khác; số câu
    hỏi nghiệp vụ gửi lên sở ngành tăng gấp 3 lần.
need_problem_en: The city has more than 100 new communes and wards staffed by many reassigned
    officials; technical queries to departments have tripled.
need_outcome_vi: Trợ lý hỏi đáp trả lời đúng ít nhất 90% câu hỏi thử nghiệm, có trích dẫn nguồn,
    triển khai trên hạ tầng của thành phố.
need_outcome_en: An assistant answering at least 90% of test questions correctly with citations,
    hosted on city infrastructure.

== agri-ecommerce
field: 502
provinces: dong-thap dak-lak son-la vinh-long
trl: 6-9
price: 100-800
kind: software
keywords_vi: thương mại điện tử; nông sản; hợp tác xã; OCOP; livestream bán hàng; logistics nông
    thôn
keywords_en: e-commerce; farm produce; cooperatives; OCOP; livestream selling; rural logistics
variant: tích hợp bán hàng qua livestream | with livestream selling
variant: dành cho sản phẩm OCOP | for OCOP products
title_vi: Nền tảng thương mại điện tử và gom đơn giao hàng cho hợp tác xã nông nghiệp
title_en: E-commerce and pooled delivery platform for farm cooperatives
summary_vi: Giúp hợp tác xã mở gian hàng trực tuyến, bán qua livestream, gom đơn để giao hàng chung
    theo tuyến, giảm chi phí vận chuyển nông sản tươi.
summary_en: Lets cooperatives open online stores, sell by livestream and pool orders into shared
    delivery routes, cutting transport costs for fresh produce.
problem_vi: Hợp tác xã nông nghiệp thiếu kỹ năng bán hàng trực tuyến; đơn lẻ giao đi xa có phí vận
    chuyển cao, nông sản tươi dễ hư hỏng.
problem_en: Farm cooperatives lack online selling skills; single parcels travelling far are
    expensive and fresh produce spoils.
solution_vi: Ứng dụng quản lý gian hàng đơn giản, kết nối các sàn thương mại điện tử phổ biến;
    thuật toán gom đơn theo tuyến và khung giờ, kết nối xe lạnh chạy chiều về của doanh nghiệp vận
    tải.
solution_en: A simple store manager connected to major marketplaces; an algorithm pools orders by
    route and time slot and books refrigerated trucks on their return legs.
advantages_vi: Giao diện tiếng Việt đơn giản cho người lớn tuổi; phí vận chuyển giảm 30–45%; đối
    soát công nợ tự động.
advantages_en: Simple Vietnamese interface for older users; freight cost down 30–45%; automatic
    reconciliation.
users_vi: Hợp tác xã, chủ thể sản phẩm OCOP, hộ kinh doanh nông sản.
users_en: Cooperatives, OCOP producers and farm businesses.
impact_vi: Doanh thu trực tuyến của các hợp tác xã thí điểm tăng gấp 4 lần sau 1 năm.
impact_en: Pilot cooperatives quadrupled online revenue within a year.
need_title_vi: Kênh tiêu thụ trực tuyến cho nông sản và sản phẩm OCOP
need_title_en: Online sales channel for farm and OCOP products
need_problem_vi: Tỉnh có hơn 250 sản phẩm OCOP nhưng doanh thu trực tuyến không đáng kể; chi phí
    vận chuyển chiếm tới 25% giá bán.
need_problem_en: The province has over 250 OCOP products but negligible online sales; freight takes
    up to 25% of the selling price.
need_outcome_vi: Nền tảng kết nối ít nhất 80 hợp tác xã, giảm chi phí giao hàng tối thiểu 30%, có
    chương trình đào tạo bán hàng trực tuyến.
need_outcome_en: A platform linking at least 80 cooperatives, cutting delivery costs by at least
    30%, with online sales training.

== student-mental-health
field: 501
provinces: ha-noi ho-chi-minh hue da-nang
trl: 4-7
price: 100-900
kind: software
keywords_vi: sức khỏe tâm thần; học sinh; sàng lọc trầm cảm; tư vấn học đường; ứng dụng di động
keywords_en: mental health; students; depression screening; school counselling; mobile app
variant: kết nối chuyên gia tư vấn | linked to counsellors
variant: bảo mật thông tin học sinh | with strong privacy protection
title_vi: Ứng dụng sàng lọc và hỗ trợ sớm trầm cảm, lo âu cho học sinh trung học
title_en: Early screening and support app for depression and anxiety in secondary school students
summary_vi: Bộ công cụ sàng lọc đã chuẩn hóa trên học sinh Việt Nam, kết hợp bài tập kỹ năng ứng
    phó và kênh kết nối an toàn với chuyên viên tư vấn học đường.
summary_en: Screening tools validated on Vietnamese students, coping-skill exercises and a safe
    channel to school counsellors.
problem_vi: Tỷ lệ học sinh có dấu hiệu trầm cảm, lo âu ngày càng tăng nhưng phần lớn không được
    phát hiện; nhiều trường chưa có chuyên viên tâm lý hoặc chỉ có một người cho hàng nghìn học
    sinh.
problem_en: More and more students show signs of depression and anxiety, but most go unnoticed;
    many schools have no psychologist or one for thousands of pupils.
solution_vi: Học sinh tự đánh giá định kỳ bằng thang đo đã chuẩn hóa; thuật toán phân tầng nguy cơ
    và gợi ý bài tập phù hợp; các trường hợp nguy cơ cao được chuyển ngay cho chuyên viên với sự
    đồng ý của học sinh và phụ huynh.
solution_en: Students self-assess periodically on validated scales; an algorithm stratifies risk
    and suggests exercises; high-risk cases go straight to a counsellor with student and parent
    consent.
advantages_vi: Thang đo được chuẩn hóa trên hơn 6.000 học sinh; dữ liệu được mã hóa và ẩn danh khi
    thống kê; nội dung do chuyên gia tâm lý lâm sàng biên soạn.
advantages_en: Scales validated on over 6,000 students; data encrypted and anonymised in
    statistics; content written by clinical psychologists.
users_vi: Trường trung học cơ sở và trung học phổ thông, phòng tư vấn học đường, phụ huynh.
users_en: Lower and upper secondary schools, school counselling offices and parents.
impact_vi: Phát hiện sớm gấp 3 lần số học sinh cần hỗ trợ so với phương pháp quan sát truyền thống.
impact_en: Identifies three times as many students in need of help as traditional observation.
need_title_vi: Công cụ phát hiện sớm vấn đề sức khỏe tâm thần ở học sinh
need_title_en: Early detection of mental health problems among students
need_problem_vi: Ngành giáo dục ghi nhận nhiều trường hợp học sinh có hành vi tự gây hại nhưng
    không được phát hiện kịp; 70% trường chưa có chuyên viên tâm lý chuyên trách.
need_problem_en: Education authorities report self-harm cases that went unnoticed; 70% of schools
    have no dedicated psychologist.
need_outcome_vi: Công cụ sàng lọc triển khai cho ít nhất 20.000 học sinh, quy trình chuyển tiếp rõ
    ràng, tuân thủ quy định bảo vệ dữ liệu cá nhân trẻ em.
need_outcome_en: Screening for at least 20,000 students, a clear referral pathway and compliance
    with child data protection rules.

== adaptive-traffic
field: 102
provinces: ha-noi ho-chi-minh da-nang hai-phong
trl: 5-8
price: 500-4000
kind: software
keywords_vi: giao thông thông minh; camera AI; đèn tín hiệu thích ứng; ùn tắc; thị giác máy tính
keywords_en: intelligent transport; AI cameras; adaptive traffic signals; congestion; computer
    vision
variant: tận dụng camera giám sát sẵn có | reusing existing CCTV
variant: ưu tiên xe buýt và xe cứu thương | with bus and ambulance priority
title_vi: Điều khiển đèn tín hiệu giao thông thích ứng bằng camera AI
title_en: Adaptive traffic signal control with AI cameras
summary_vi: Camera AI đếm và phân loại phương tiện, kể cả xe máy, theo từng làn; thuật toán điều
    chỉnh chu kỳ đèn theo thời gian thực và phối hợp giữa các nút giao liền kề.
summary_en: AI cameras count and classify vehicles, motorbikes included, lane by lane; the
    algorithm retimes signals in real time and coordinates neighbouring junctions.
problem_vi: Phần lớn đèn tín hiệu ở đô thị chạy theo chu kỳ cố định, không phù hợp với lưu lượng
    thay đổi trong ngày; giao thông hỗn hợp với tỷ lệ xe máy cao khiến các giải pháp nước ngoài kém
    hiệu quả.
problem_en: Most urban signals run fixed cycles that ignore daily traffic swings; mixed traffic
    dominated by motorbikes defeats foreign systems.
solution_vi: Mô hình nhận dạng được huấn luyện trên dữ liệu giao thông Việt Nam với mật độ xe máy
    cao; bộ điều khiển biên chạy tại tủ đèn, tính toán pha tối ưu mỗi chu kỳ và đồng bộ với trung
    tâm điều hành.
solution_en: Detection models trained on dense Vietnamese motorbike traffic; an edge controller in
    the signal cabinet optimises phases every cycle and syncs with the traffic management centre.
advantages_vi: Độ chính xác đếm xe máy trên 95%; tận dụng camera hiện có; vẫn chạy chế độ dự phòng
    khi mất kết nối.
advantages_en: Over 95% accuracy counting motorbikes; reuses existing cameras; falls back safely
    when disconnected.
users_vi: Sở Xây dựng, trung tâm điều hành giao thông, ban quản lý dự án đô thị thông minh.
users_en: Construction departments, traffic management centres and smart city project boards.
impact_vi: Giảm 15–20% thời gian chờ trung bình tại nút giao thí điểm, giảm phát thải do dừng chờ.
impact_en: Cuts average waiting time at pilot junctions by 15–20% and reduces idling emissions.
need_title_vi: Giảm ùn tắc tại các nút giao trọng điểm giờ cao điểm
need_title_en: Relieving peak-hour congestion at key junctions
need_problem_vi: 25 nút giao trọng điểm thường xuyên ùn tắc vào giờ cao điểm; đèn tín hiệu điều
    chỉnh thủ công theo kinh nghiệm của cảnh sát giao thông.
need_problem_en: Twenty-five key junctions jam at rush hour; signals are retimed by hand based on
    traffic police experience.
need_outcome_vi: Thí điểm điều khiển thích ứng tại ít nhất 5 nút giao, giảm tối thiểu 15% thời gian
    chờ, kết nối trung tâm điều hành đô thị.
need_outcome_en: Adaptive control piloted at five or more junctions, at least 15% less waiting
    time, connected to the urban operations centre.

== tuna-cold-storage
field: 405
provinces: khanh-hoa dak-lak gia-lai quang-ngai
trl: 5-9
price: 150-900
kind: device
keywords_vi: cá ngừ đại dương; bảo quản trên tàu; hầm cách nhiệt; nước biển làm lạnh; giảm tổn thất
    sau thu hoạch
keywords_en: ocean tuna; onboard preservation; insulated hold; refrigerated seawater; post-harvest
    loss
variant: cải hoán cho tàu vỏ gỗ | retrofitted to wooden boats
variant: giám sát nhiệt độ từ xa | with remote temperature monitoring
title_vi: Hầm bảo quản cá ngừ đại dương bằng vật liệu PU và nước biển làm lạnh cho tàu cá
title_en: PU-insulated hold with refrigerated seawater for tuna fishing boats
summary_vi: Cải hoán hầm cá bằng vật liệu polyurethane và hệ thống nước biển làm lạnh, giữ cá ngừ ở
    −1 đến 0°C suốt chuyến biển 15–20 ngày, nâng tỷ lệ cá đạt chuẩn sashimi.
summary_en: Holds refitted with polyurethane insulation and refrigerated seawater keep tuna at −1
    to 0°C through 15–20-day trips, raising the share of sashimi-grade fish.
problem_vi: Hầm cá truyền thống bảo quản bằng đá xay, nhiệt độ không ổn định; cá ngừ về bờ thường
    bị giảm chất lượng, chỉ khoảng 20–30% đạt loại xuất khẩu tươi.
problem_en: Traditional holds use crushed ice and temperatures drift; only 20–30% of tuna landed
    qualifies for fresh export.
solution_vi: Lớp cách nhiệt PU phun dày 150 mm, máy lạnh chạy bằng động cơ phụ của tàu làm lạnh
    nước biển; cảm biến nhiệt độ ghi nhận liên tục và truyền về bờ khi tàu vào vùng phủ sóng.
solution_en: 150 mm of sprayed PU insulation and a chiller driven by the boat's auxiliary engine
    cool seawater; temperature loggers record continuously and upload when in coverage.
advantages_vi: Tiết kiệm 40% lượng đá; giữ màu thịt cá tốt hơn; chi phí cải hoán khoảng 250 triệu
    đồng mỗi tàu, hoàn vốn trong 1–2 năm.
advantages_en: 40% less ice; better flesh colour; refit costs about 250 million VND per boat and
    pays back in one to two years.
users_vi: Chủ tàu câu cá ngừ, nghiệp đoàn nghề cá, doanh nghiệp thu mua và chế biến cá ngừ.
users_en: Tuna boat owners, fishing unions and tuna buyers and processors.
impact_vi: Tỷ lệ cá đạt chuẩn xuất khẩu tươi tăng lên 60%, giá bán bình quân tăng 25–30%.
impact_en: Fresh-export-grade share rises to 60%, lifting average prices by 25–30%.
need_title_vi: Nâng cao chất lượng cá ngừ đại dương khi cập cảng
need_title_en: Improving the quality of ocean tuna at landing
need_problem_vi: Doanh nghiệp thu mua từ hơn 150 tàu câu nhưng phần lớn cá không đạt chuẩn xuất
    khẩu tươi do bảo quản trên tàu kém.
need_problem_en: The company buys from over 150 longliners, but most fish miss fresh-export grade
    because of poor onboard storage.
need_outcome_vi: Giải pháp cải hoán hầm bảo quản phù hợp tàu vỏ gỗ, chi phí dưới 300 triệu
    đồng/tàu, thí điểm trên 10 tàu.
need_outcome_en: A hold refit suitable for wooden boats, under 300 million VND per boat, piloted on
    ten boats.
"""
