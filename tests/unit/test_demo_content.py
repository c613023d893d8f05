"""Demo content: realistic, bilingual, deterministic, and consistent with the reference data."""

import re
from collections import Counter
from datetime import date

import pytest

from domain.provinces import province_by_code
from domain.taxonomy import field_by_code
from innovex.demo import (
    INITIATIVE_STATES,
    NEED_STATES,
    OFFER_STATES,
    ORGANIZATION_KINDS,
    DemoDataset,
    generate_demo,
)
from innovex.demo.content import IP_STATUSES, TRANSFER_MODES, topic_slugs

VIETNAMESE_MARKS = re.compile(
    r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]"
)


@pytest.fixture(scope="module")
def demo() -> DemoDataset:
    return generate_demo()


def _texts(demo: DemoDataset) -> list[str]:
    out: list[str] = []
    for i in demo.initiatives:
        out += [i.title, i.summary, i.description, i.problem, i.solution, i.advantages]
        out += [i.target_users, i.expected_impact, *i.keywords]
    for o in demo.offers:
        out += [o.title, o.summary, o.description, o.terms, *o.keywords]
    for n in demo.needs:
        out += [n.title, n.problem_statement, n.desired_outcome, n.constraints]
    out += [f.thesis for f in demo.funds]
    out += [o.name for o in demo.organizations]
    return out


def test_same_seed_gives_the_same_dataset() -> None:
    assert generate_demo(2026) == generate_demo(2026)
    assert generate_demo(7) == generate_demo(7)


def test_another_seed_gives_another_dataset(demo: DemoDataset) -> None:
    other = generate_demo(7)
    assert other != demo
    assert [i.title for i in other.initiatives] != [i.title for i in demo.initiatives]


def test_counts(demo: DemoDataset) -> None:
    assert len(demo.organizations) >= 60
    assert len(demo.initiatives) == 150
    assert len(demo.offers) == 150
    assert len(demo.needs) == 60
    assert len(demo.funds) == 10
    assert len(topic_slugs()) >= 40


def test_organizations_cover_every_kind_and_at_least_ten_provinces(demo: DemoDataset) -> None:
    assert {o.kind for o in demo.organizations} == set(ORGANIZATION_KINDS)
    assert len({o.province_code for o in demo.organizations}) >= 10
    assert len({o.name for o in demo.organizations}) == len(demo.organizations)


def test_every_lifecycle_state_is_covered(demo: DemoDataset) -> None:
    assert {i.target_state for i in demo.initiatives} == set(INITIATIVE_STATES)
    assert {o.target_state for o in demo.offers} == set(OFFER_STATES)
    assert {n.target_state for n in demo.needs} == set(NEED_STATES)
    assert {n.kind for n in demo.needs} == {"request", "challenge"}


@pytest.mark.parametrize("seed", [0, 1, 2026, 99_999])
def test_state_coverage_holds_for_any_seed(seed: int) -> None:
    data = generate_demo(seed)
    assert {i.target_state for i in data.initiatives} == set(INITIATIVE_STATES)
    assert {o.target_state for o in data.offers} == set(OFFER_STATES)
    assert {n.target_state for n in data.needs} == set(NEED_STATES)


def test_keys_are_unique(demo: DemoDataset) -> None:
    for items in (
        demo.organizations,
        demo.people,
        demo.initiatives,
        demo.offers,
        demo.needs,
        demo.funds,
    ):
        keys = [item.key for item in items]
        assert len(keys) == len(set(keys))


def test_references_resolve(demo: DemoDataset) -> None:
    orgs = {o.key: o for o in demo.organizations}
    people = {p.key: p for p in demo.people}
    initiatives = {i.key: i for i in demo.initiatives}
    for i in demo.initiatives:
        assert orgs[i.organization_key].kind in {
            "university",
            "research_institute",
            "enterprise",
            "startup",
            "individual",
        }
        assert people[i.submitter_key].organization_key == i.organization_key
    for o in demo.offers:
        assert o.organization_key in orgs
        assert people[o.owner_key].organization_key == o.organization_key
        if o.initiative_key is not None:
            source = initiatives[o.initiative_key]
            assert source.organization_key == o.organization_key
            assert source.target_state in {
                "accepted",
                "published",
                "commercialising",
                "commercialised",
            }
    linked = [o.initiative_key for o in demo.offers if o.initiative_key]
    assert linked
    assert len(linked) == len(set(linked))
    for n in demo.needs:
        assert orgs[n.organization_key].kind in {"agency", "enterprise"}
        assert people[n.owner_key].organization_key == n.organization_key
    for f in demo.funds:
        assert orgs[f.organization_key].kind == "fund"
    assert len({f.organization_key for f in demo.funds}) == len(demo.funds)


def test_field_and_province_codes_come_from_the_reference_data(demo: DemoDataset) -> None:
    sector_codes = [i.field_code for i in demo.initiatives]
    sector_codes += [o.field_code for o in demo.offers] + [n.field_code for n in demo.needs]
    sector_codes += [c for f in demo.funds for c in f.field_codes]
    for code in sector_codes:
        field = field_by_code(code)
        assert field is not None, code
        assert field.parent_code is not None, code  # listings use level-2 sectors
    province_codes = [o.province_code for o in demo.organizations]
    province_codes += [i.province_code for i in demo.initiatives]
    province_codes += [o.province_code for o in demo.offers]
    province_codes += [n.province_code for n in demo.needs]
    province_codes += [c for f in demo.funds for c in f.province_codes]
    for code in province_codes:
        assert province_by_code(code) is not None, code


def test_initiatives_are_well_formed(demo: DemoDataset) -> None:
    for i in demo.initiatives:
        assert 1 <= i.trl <= 9
        assert i.ip_status in IP_STATUSES
        assert (i.ip_number is not None) == (
            i.ip_status in {"patent", "utility_solution", "pending", "copyright"}
        )
        assert i.language in {"vi", "en"}
        assert 3 <= len(i.keywords) <= 4
        assert i.problem in i.description
        assert i.solution in i.description
        if i.target_state in {"commercialising", "commercialised"}:
            assert i.trl >= 7


def test_coauthor_shares_sum_to_100_with_the_lead_author_first(demo: DemoDataset) -> None:
    people = {p.key: p for p in demo.people}
    for i in demo.initiatives:
        shares = [share for _, share in i.coauthors]
        assert sum(shares) == 100, i.key
        assert all(share > 0 for share in shares)
        assert shares == sorted(shares, reverse=True)
        assert i.coauthors[0][0] == people[i.submitter_key].display_name
    assert {len(i.coauthors) for i in demo.initiatives} >= {1, 2, 3}


def test_offers_are_well_formed(demo: DemoDataset) -> None:
    for o in demo.offers:
        assert 1 <= o.trl <= 9
        assert o.transfer_modes
        assert set(o.transfer_modes) <= set(TRANSFER_MODES)
        assert (o.price_min_vnd is None) == (o.price_max_vnd is None)
        if o.price_min_vnd is not None and o.price_max_vnd is not None:
            assert 0 < o.price_min_vnd < o.price_max_vnd
        if o.target_state == "transferred":
            assert o.trl >= 7
    assert any(o.price_min_vnd is None for o in demo.offers)  # some are "giá thỏa thuận"


def test_needs_are_well_formed(demo: DemoDataset) -> None:
    for n in demo.needs:
        assert 1 <= n.min_trl <= 9
        assert 0 < n.budget_min_vnd < n.budget_max_vnd
        if n.kind == "request":
            assert n.prize_vnd is None
            assert n.order_commitment is None
        else:
            assert n.prize_vnd is not None or n.order_commitment is not None
        if n.target_state == "awarded":
            assert n.kind == "challenge"
        if n.target_state in {"open", "draft"}:
            assert n.deadline > demo.reference_date
        else:
            assert n.deadline < demo.reference_date


def test_reference_date_moves_deadlines() -> None:
    later = generate_demo(reference_date=date(2030, 1, 1))
    open_needs = [n for n in later.needs if n.target_state == "open"]
    assert open_needs
    assert all(n.deadline > date(2030, 1, 1) for n in open_needs)


def test_funds_are_well_formed(demo: DemoDataset) -> None:
    for f in demo.funds:
        assert 1 <= f.trl_min <= f.trl_max <= 9
        assert 0 < f.ticket_min_vnd < f.ticket_max_vnd
        assert f.field_codes
        assert len(f.thesis) > 80
    assert any(not f.province_codes for f in demo.funds)  # some invest nationwide


def test_people_cover_every_role_with_example_vn_emails(demo: DemoDataset) -> None:
    roles = Counter(p.role for p in demo.people)
    for role in ("operator", "reviewer", "org_admin", "org_member"):
        assert roles[role] >= 4, role
    emails = [p.email for p in demo.people]
    assert len(emails) == len(set(emails))
    for email in emails:
        assert re.fullmatch(r"[a-z0-9.]+@example\.vn", email), email
    assert all(p.organization_key is None for p in demo.people if p.role == "operator")
    orgs_with_admin = {p.organization_key for p in demo.people if p.role == "org_admin"}
    assert orgs_with_admin == {o.key for o in demo.organizations}
    assert {p.locale for p in demo.people} == {"vi", "en"}


def test_titles_are_unique_per_listing_kind(demo: DemoDataset) -> None:
    for titles in (
        [i.title for i in demo.initiatives],
        [n.title for n in demo.needs],
    ):
        assert len(titles) == len(set(titles))
    unlinked = [o.title for o in demo.offers if o.initiative_key is None]
    assert len(unlinked) == len(set(unlinked))


def test_every_topic_is_used_and_content_is_spread(demo: DemoDataset) -> None:
    assert {i.topic for i in demo.initiatives} == set(topic_slugs())
    assert len({n.topic for n in demo.needs}) >= 30
    assert len({i.field_code for i in demo.initiatives}) >= 20
    assert len({i.province_code for i in demo.initiatives}) >= 15


def test_languages_are_mixed_and_text_matches_the_language(demo: DemoDataset) -> None:
    languages = Counter(i.language for i in demo.initiatives)
    assert languages["vi"] > languages["en"] > 0
    for i in demo.initiatives:
        if i.language == "vi":
            assert VIETNAMESE_MARKS.search(i.problem.lower()), i.key
            assert VIETNAMESE_MARKS.search(i.title.lower()), i.key
        else:
            assert not VIETNAMESE_MARKS.search(i.problem.lower()), i.key
    for n in demo.needs:
        if n.language == "vi":
            assert VIETNAMESE_MARKS.search(n.desired_outcome.lower()), n.key
        else:
            assert not VIETNAMESE_MARKS.search(n.desired_outcome.lower()), n.key


def test_no_placeholder_text(demo: DemoDataset) -> None:
    for text in _texts(demo):
        lowered = text.lower()
        assert "lorem" not in lowered
        assert "ipsum" not in lowered
        assert "todo" not in lowered
        assert "{" not in text, text  # no unformatted template fields
        assert "  " not in text.replace("\n\n", " "), text
        assert text == text.strip()
        assert text
