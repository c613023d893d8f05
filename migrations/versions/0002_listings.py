"""Listings: S&T field taxonomy, initiatives and co-authors, technology offers, needs, fund
profiles, the public status timeline and immutable submitted versions (authorship receipts).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:46:08.978788
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The S&T field taxonomy as of this revision (code, parent, Vietnamese, English), copied here so
# the migration does not change when domain/taxonomy.py does; level-1 fields precede sectors.
_FIELDS: tuple[tuple[str, str | None, str, str], ...] = (
    ("1", None, "Khoa học tự nhiên", "Natural sciences"),
    ("101", "1", "Toán học và thống kê", "Mathematics and statistics"),
    ("102", "1", "Khoa học máy tính và thông tin", "Computer and information sciences"),
    ("103", "1", "Vật lý", "Physical sciences"),
    ("104", "1", "Hóa học", "Chemical sciences"),
    ("105", "1", "Các khoa học trái đất và môi trường liên quan", "Earth and related environmental sciences"),
    ("106", "1", "Sinh học", "Biological sciences"),
    ("199", "1", "Khoa học tự nhiên khác", "Other natural sciences"),
    ("2", None, "Khoa học kỹ thuật và công nghệ", "Engineering and technology"),
    ("201", "2", "Kỹ thuật dân dụng", "Civil engineering"),
    ("202", "2", "Kỹ thuật điện, kỹ thuật điện tử, kỹ thuật thông tin", "Electrical, electronic and information engineering"),
    ("203", "2", "Kỹ thuật cơ khí", "Mechanical engineering"),
    ("204", "2", "Kỹ thuật hóa học", "Chemical engineering"),
    ("205", "2", "Kỹ thuật vật liệu và luyện kim", "Materials engineering and metallurgy"),
    ("206", "2", "Kỹ thuật y học", "Medical engineering"),
    ("207", "2", "Kỹ thuật môi trường", "Environmental engineering"),
    ("208", "2", "Công nghệ sinh học môi trường", "Environmental biotechnology"),
    ("209", "2", "Công nghệ sinh học công nghiệp", "Industrial biotechnology"),
    ("210", "2", "Công nghệ nano", "Nanotechnology"),
    ("211", "2", "Kỹ thuật thực phẩm và đồ uống", "Food and beverage engineering"),
    ("299", "2", "Khoa học kỹ thuật và công nghệ khác", "Other engineering and technologies"),
    ("3", None, "Khoa học y, dược", "Medical and health sciences"),
    ("301", "3", "Y học cơ sở", "Basic medicine"),
    ("302", "3", "Y học lâm sàng", "Clinical medicine"),
    ("303", "3", "Y tế", "Health sciences"),
    ("304", "3", "Dược học", "Pharmacy"),
    ("305", "3", "Công nghệ sinh học trong y học", "Medical biotechnology"),
    ("399", "3", "Khoa học y, dược khác", "Other medical and health sciences"),
    ("4", None, "Khoa học nông nghiệp", "Agricultural sciences"),
    ("401", "4", "Trồng trọt", "Crop production"),
    ("402", "4", "Chăn nuôi", "Animal husbandry"),
    ("403", "4", "Thú y", "Veterinary science"),
    ("404", "4", "Lâm nghiệp", "Forestry"),
    ("405", "4", "Thủy sản", "Fisheries and aquaculture"),
    ("406", "4", "Công nghệ sinh học trong nông nghiệp", "Agricultural biotechnology"),
    ("499", "4", "Khoa học nông nghiệp khác", "Other agricultural sciences"),
    ("5", None, "Khoa học xã hội", "Social sciences"),
    ("501", "5", "Tâm lý học", "Psychology"),
    ("502", "5", "Kinh tế và kinh doanh", "Economics and business"),
    ("503", "5", "Khoa học giáo dục", "Educational sciences"),
    ("504", "5", "Xã hội học", "Sociology"),
    ("505", "5", "Pháp luật", "Law"),
    ("506", "5", "Khoa học chính trị", "Political science"),
    ("507", "5", "Địa lý kinh tế và xã hội", "Social and economic geography"),
    ("508", "5", "Thông tin đại chúng và truyền thông", "Media and communications"),
    ("599", "5", "Khoa học xã hội khác", "Other social sciences"),
    ("6", None, "Khoa học nhân văn", "Humanities"),
    ("601", "6", "Lịch sử và khảo cổ học", "History and archaeology"),
    ("602", "6", "Ngôn ngữ học và văn học", "Languages and literature"),
    ("603", "6", "Triết học, đạo đức học và tôn giáo", "Philosophy, ethics and religion"),
    ("604", "6", "Nghệ thuật", "Arts"),
    ("699", "6", "Khoa học nhân văn khác", "Other humanities"),
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "st_fields",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("parent_code", sa.String(length=8), nullable=True),
        sa.Column("name_vi", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["st_fields.code"], name=op.f("fk_st_fields_parent_code_st_fields")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_st_fields")),
    )
    # Level-1 fields come before their sectors, so parents exist when referenced.
    op.bulk_insert(
        sa.table(
            "st_fields",
            sa.column("code", sa.String),
            sa.column("parent_code", sa.String),
            sa.column("name_vi", sa.Text),
            sa.column("name_en", sa.Text),
        ),
        [
            {"code": code, "parent_code": parent, "name_vi": name_vi, "name_en": name_en}
            for code, parent, name_vi, name_en in _FIELDS
        ],
    )
    op.create_table(
        "fund_profiles",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("thesis", sa.Text(), nullable=False),
        sa.Column("field_codes", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("trl_min", sa.Integer(), nullable=True),
        sa.Column("trl_max", sa.Integer(), nullable=True),
        sa.Column("ticket_min_vnd", sa.BigInteger(), nullable=True),
        sa.Column("ticket_max_vnd", sa.BigInteger(), nullable=True),
        sa.Column(
            "province_codes", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "ticket_min_vnd >= 0 AND ticket_max_vnd >= ticket_min_vnd",
            name=op.f("ck_fund_profiles_ticket_range"),
        ),
        sa.CheckConstraint(
            "trl_min BETWEEN 1 AND 9 AND trl_max BETWEEN trl_min AND 9",
            name=op.f("ck_fund_profiles_trl_range"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_fund_profiles_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_profiles")),
        sa.UniqueConstraint("organization_id", name=op.f("uq_fund_profiles_organization_id")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("solution", sa.Text(), nullable=True),
        sa.Column("advantages", sa.Text(), nullable=True),
        sa.Column("field_code", sa.String(length=8), nullable=True),
        sa.Column("keywords", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("ip_status", sa.String(length=32), server_default="none", nullable=False),
        sa.Column("ip_number", sa.String(length=64), nullable=True),
        sa.Column("target_users", sa.Text(), nullable=True),
        sa.Column("expected_impact", sa.Text(), nullable=True),
        sa.Column("province_code", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=2), server_default="vi", nullable=False),
        sa.Column("status", sa.String(length=32), server_default="draft", nullable=False),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "status_changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name=op.f("ck_initiatives_trl_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_initiatives_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["field_code"], ["st_fields.code"], name=op.f("fk_initiatives_field_code_st_fields")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_initiatives_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )
    op.create_index(op.f("ix_initiatives_field_code"), "initiatives", ["field_code"], unique=False)
    op.create_index(
        op.f("ix_initiatives_organization_id"), "initiatives", ["organization_id"], unique=False
    )
    op.create_index(
        "ix_initiatives_status_created", "initiatives", ["status", "created_at"], unique=False
    )
    op.create_table(
        "listing_status_changes",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("listing_kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.UUID(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_listing_status_changes_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_status_changes")),
    )
    op.create_index(
        "ix_listing_status_changes_listing",
        "listing_status_changes",
        ["listing_id", "id"],
        unique=False,
    )
    op.create_table(
        "listing_versions",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("listing_kind", sa.String(length=16), nullable=False),
        sa.Column("listing_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["users.id"],
            name=op.f("fk_listing_versions_submitted_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_versions")),
        sa.UniqueConstraint("listing_id", "version", name="uq_listing_versions_listing_version"),
    )
    # A submitted version backs an authorship receipt: it is never changed or deleted.
    op.execute(
        """
        CREATE FUNCTION listing_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'listing_versions rows are immutable (% refused)', TG_OP;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER listing_versions_immutable BEFORE UPDATE OR DELETE ON listing_versions "
        "FOR EACH ROW EXECUTE FUNCTION listing_versions_immutable()"
    )
    op.create_table(
        "needs",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("kind", sa.String(length=16), server_default="request", nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("problem_statement", sa.Text(), nullable=True),
        sa.Column("desired_outcome", sa.Text(), nullable=True),
        sa.Column("constraints", sa.Text(), nullable=True),
        sa.Column("min_trl", sa.Integer(), nullable=True),
        sa.Column("budget_min_vnd", sa.BigInteger(), nullable=True),
        sa.Column("budget_max_vnd", sa.BigInteger(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("province_code", sa.String(length=32), nullable=True),
        sa.Column("field_code", sa.String(length=8), nullable=True),
        sa.Column("keywords", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("prize_vnd", sa.BigInteger(), nullable=True),
        sa.Column("order_commitment", sa.Text(), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=32), server_default="draft", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "status_changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "budget_min_vnd >= 0 AND budget_max_vnd >= budget_min_vnd",
            name=op.f("ck_needs_budget_range"),
        ),
        sa.CheckConstraint("min_trl BETWEEN 1 AND 9", name=op.f("ck_needs_min_trl_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_needs_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["field_code"], ["st_fields.code"], name=op.f("fk_needs_field_code_st_fields")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_needs_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs")),
    )
    op.create_index(op.f("ix_needs_field_code"), "needs", ["field_code"], unique=False)
    op.create_index(op.f("ix_needs_organization_id"), "needs", ["organization_id"], unique=False)
    op.create_index("ix_needs_status_created", "needs", ["status", "created_at"], unique=False)
    op.create_table(
        "initiative_authors",
        sa.Column("initiative_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("affiliation", sa.String(length=300), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("share_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.CheckConstraint(
            "share_percent > 0 AND share_percent <= 100",
            name=op.f("ck_initiative_authors_share_range"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_authors_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_initiative_authors_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "position", name=op.f("pk_initiative_authors")),
    )
    op.create_table(
        "technology_offers",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("organization_id", sa.UUID(), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("trl", sa.Integer(), nullable=True),
        sa.Column("ip_status", sa.String(length=32), server_default="none", nullable=False),
        sa.Column("ip_number", sa.String(length=64), nullable=True),
        sa.Column("field_code", sa.String(length=8), nullable=True),
        sa.Column("keywords", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "transfer_modes", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("terms", sa.Text(), nullable=True),
        sa.Column("price_min_vnd", sa.BigInteger(), nullable=True),
        sa.Column("price_max_vnd", sa.BigInteger(), nullable=True),
        sa.Column("province_code", sa.String(length=32), nullable=True),
        sa.Column("initiative_id", sa.UUID(), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=32), server_default="draft", nullable=False),
        sa.Column("revision", sa.Integer(), server_default="0", nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column(
            "status_changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "price_min_vnd >= 0 AND price_max_vnd >= price_min_vnd",
            name=op.f("ck_technology_offers_price_range"),
        ),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name=op.f("ck_technology_offers_trl_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_technology_offers_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["field_code"],
            ["st_fields.code"],
            name=op.f("fk_technology_offers_field_code_st_fields"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_technology_offers_initiative_id_initiatives"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_technology_offers_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technology_offers")),
    )
    op.create_index(
        op.f("ix_technology_offers_field_code"), "technology_offers", ["field_code"], unique=False
    )
    op.create_index(
        op.f("ix_technology_offers_initiative_id"),
        "technology_offers",
        ["initiative_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_technology_offers_organization_id"),
        "technology_offers",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        "ix_technology_offers_status_created",
        "technology_offers",
        ["status", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_technology_offers_status_created", table_name="technology_offers")
    op.drop_index(op.f("ix_technology_offers_organization_id"), table_name="technology_offers")
    op.drop_index(op.f("ix_technology_offers_initiative_id"), table_name="technology_offers")
    op.drop_index(op.f("ix_technology_offers_field_code"), table_name="technology_offers")
    op.drop_table("technology_offers")
    op.drop_table("initiative_authors")
    op.drop_index("ix_needs_status_created", table_name="needs")
    op.drop_index(op.f("ix_needs_organization_id"), table_name="needs")
    op.drop_index(op.f("ix_needs_field_code"), table_name="needs")
    op.drop_table("needs")
    op.drop_table("listing_versions")
    op.execute("DROP FUNCTION listing_versions_immutable()")
    op.drop_index("ix_listing_status_changes_listing", table_name="listing_status_changes")
    op.drop_table("listing_status_changes")
    op.drop_index("ix_initiatives_status_created", table_name="initiatives")
    op.drop_index(op.f("ix_initiatives_organization_id"), table_name="initiatives")
    op.drop_index(op.f("ix_initiatives_field_code"), table_name="initiatives")
    op.drop_table("initiatives")
    op.drop_table("fund_profiles")
    op.drop_table("st_fields")
