"""Fit checks and the explanation builder, on hand-made candidates (no database, no model)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.fit_checks import (
    CheckName,
    CheckOutcome,
    FitCheck,
    FundCriteria,
    NeedCriteria,
    check_field,
    check_ip,
    check_province,
    check_ticket,
    check_track_record,
    check_trl_at_least,
    check_trl_within,
    fit_value,
    fund_checks,
    need_checks,
)
from domain.matching import Candidate, ListingFacts
from matching.fusion import HybridWeights
from matching.recommend import (
    SUPPLIER_FIT_PENALTY,
    fuse,
    rank_listings,
    rank_suppliers,
    supplier_scores,
    surface_words,
)

P, F, NA = CheckOutcome.PASSED, CheckOutcome.FAILED, CheckOutcome.NOT_APPLICABLE


def facts(org: UUID | None = None, title: str = "Listing", **kw: object) -> ListingFacts:
    values: dict[str, object] = {
        "kind": "offer",
        "id": uuid4(),
        "organization_id": org or uuid4(),
        "organization_name": "Org",
        "title": title,
        "status": "listed",
    }
    values.update(kw)
    return ListingFacts(**values)  # type: ignore[arg-type]


def test_trl_must_reach_the_needs_minimum() -> None:
    assert check_trl_at_least(7, 6).outcome is P
    assert check_trl_at_least(6, 6).outcome is P
    assert check_trl_at_least(4, 6) == FitCheck(CheckName.TRL, F, "TRL 4 < 6")
    # Missing data on either side never fails a listing.
    assert check_trl_at_least(None, 6).outcome is NA
    assert check_trl_at_least(5, None).outcome is NA


def test_trl_range_of_a_fund() -> None:
    assert check_trl_within(5, 4, 7).outcome is P
    assert check_trl_within(8, 4, 7) == FitCheck(CheckName.TRL, F, "TRL 8 outside 4-7")
    assert check_trl_within(2, None, 7).outcome is P  # open lower bound
    assert check_trl_within(3, None, None).outcome is NA


def test_field_matches_the_sector_or_its_level_one_field() -> None:
    assert check_field("202", ["202"]).outcome is P
    assert check_field("207", ["202"]).outcome is P  # both engineering (field 2)
    assert check_field("2", ["202"]).outcome is P  # the level-1 field itself
    assert check_field("301", ["202"]).outcome is F  # medicine vs engineering
    assert check_field(None, ["202"]).outcome is NA
    assert check_field("301", []).outcome is NA


def test_province_ip_track_record_and_ticket() -> None:
    assert check_province("can-tho", ["can-tho", "ha-noi"]).outcome is P
    assert check_province("da-nang", ["can-tho"]).outcome is F
    assert check_province(None, ["can-tho"]).outcome is NA
    assert check_ip("granted").outcome is P
    assert check_ip("application_filed").outcome is P
    assert check_ip("none") == FitCheck(CheckName.IP_STATUS, F, "no IP protection declared")
    assert check_track_record(2) == FitCheck(CheckName.TRACK_RECORD, P, "2 recorded deals")
    assert check_track_record(0).outcome is F
    assert check_ticket(1_000, 5_000, 4_000, 10_000).outcome is P  # ranges overlap
    assert check_ticket(20_000, 30_000, 4_000, 10_000).outcome is F
    assert check_ticket(None, None, 4_000, 10_000).outcome is NA
    assert check_ticket(1_000, 2_000, None, None).outcome is NA


def test_need_and_fund_checks_and_the_fit_value() -> None:
    need = NeedCriteria(min_trl=6, field_code="202", province_code="can-tho")
    listing = facts(trl=7, field_code="202", province_code="ha-noi", ip_status="granted")
    checks = need_checks(need, listing, deals=0)
    assert [(c.name, c.outcome) for c in checks] == [
        (CheckName.TRL, P),
        (CheckName.FIELD, P),
        (CheckName.PROVINCE, F),
        (CheckName.IP_STATUS, P),
        (CheckName.TRACK_RECORD, F),
    ]
    assert fit_value(checks) == pytest.approx(3 / 5)
    fund = FundCriteria(trl_min=3, trl_max=6, ticket_max_vnd=1_000)
    fund_outcomes = [c.outcome for c in fund_checks(fund, listing)]
    assert fund_outcomes == [F, NA, NA, NA, P]
    assert fit_value([]) == 1.0
    assert fit_value([FitCheck(CheckName.TRL, NA, "")]) == 1.0


def test_failed_checks_lower_a_candidate_below_an_equally_relevant_one() -> None:
    good = Candidate(
        facts(title="fits"), similarity=0.6, lexical=2.0, checks=(FitCheck(CheckName.TRL, P, ""),)
    )
    bad = Candidate(
        facts(title="misses"), similarity=0.6, lexical=2.0, checks=(FitCheck(CheckName.TRL, F, ""),)
    )
    other = Candidate(facts(title="weak"), similarity=0.1, lexical=None)
    scores = fuse([good, bad, other], HybridWeights())
    assert scores[0] > scores[1]
    assert scores[0] - scores[1] == pytest.approx(1.0)  # fit_penalty 1 * (1 - 0)
    ranked = rank_listings([good, bad, other], scores, "", 3)
    assert [m.title for m in ranked] == ["fits", "misses", "weak"]


def test_explanations_name_the_query_words_as_written() -> None:
    words = surface_words("Cảnh báo lũ bằng cảm biến mực nước")
    assert words["canh"] == "Cảnh"
    assert words["bien"] == "biến"
    c = Candidate(
        facts(title="Cảm biến"), similarity=0.7, lexical=1.0, matched=("bien", "nuoc", "xyz")
    )
    [m] = rank_listings([c], fuse([c], HybridWeights()), "Cảnh báo lũ bằng cảm biến mực nước", 1)
    assert m.matched_terms == ("biến", "nước", "xyz")
    assert m.similarity == 0.7


def test_phrases_the_reader_matched_are_quoted_as_the_query_wrote_them() -> None:
    c = Candidate(
        facts(title="Điện mặt trời áp mái"),
        similarity=0.7,
        lexical=1.0,
        matched=("mat troi", "dien mat", "troi", "mat", "dien", "mai"),
    )
    [m] = rank_listings([c], fuse([c], HybridWeights()), "Điện mặt trời trên mái nhà", 1)
    assert m.matched_terms == ("Điện mặt trời", "mái")


def test_explanations_quote_matched_phrases_not_syllables() -> None:
    query = "Cần điện năng lượng mặt trời cho trạm bơm, mặt nước ao nuôi và năng lượng"
    matched = ("troi", "mat", "bom", "nang", "luong", "ao")  # rarest first, as the reader gives
    c = Candidate(facts(title="Điện mặt trời"), similarity=0.7, lexical=1.0, matched=matched)

    [m] = rank_listings([c], fuse([c], HybridWeights()), query, 1)

    # adjacent matched words make one phrase; a comma ends one; a phrase already quoted inside
    # a longer one ("mặt", "năng lượng") is not repeated; the rarest word's phrase comes first
    assert m.matched_terms == ("năng lượng mặt trời", "bơm", "ao")


def test_phrases_do_not_start_or_end_with_function_words() -> None:
    query = "Early warning of floods along the river, vào mùa lũ hữu cơ"
    matched = ("river", "floods", "the", "of", "vao", "mua", "co", "huu")
    c = Candidate(facts(title="River gauge"), similarity=0.7, lexical=1.0, matched=matched)

    [m] = rank_listings([c], fuse([c], HybridWeights()), query, 1)

    # "the river" -> "river", "vào" alone -> nothing; "cơ" of "hữu cơ" is not "có"
    assert m.matched_terms == ("river", "floods", "mùa", "hữu cơ")


def test_suppliers_are_explained_by_their_best_listings() -> None:
    hydro, lab = uuid4(), uuid4()
    candidates = [
        Candidate(
            facts(hydro, "flood sensor", organization_name="Hydro"), similarity=0.8, lexical=3.0
        ),
        Candidate(
            facts(hydro, "rain gauge", organization_name="Hydro"), similarity=0.5, lexical=1.0
        ),
        Candidate(facts(lab, "skin cream", organization_name="Lab"), similarity=0.1, lexical=None),
    ]
    scores = supplier_scores(candidates, HybridWeights())
    [first, second] = rank_suppliers(candidates, scores, {hydro: 3}, "flood sensor", 5)
    assert (first.organization_name, first.deals) == ("Hydro", 3)
    assert [m.title for m in first.best_listings] == ["flood sensor", "rain gauge"]
    assert second.organization_name == "Lab"
    # A supplier is as good as its best listing's cosine: comparable from one need to another.
    assert first.score == pytest.approx(0.8)
    assert second.score == pytest.approx(0.1)
    assert rank_suppliers([], supplier_scores([], HybridWeights()), {}, "", 5) == []


def test_failed_checks_cost_a_supplier_one_spread_of_cosine() -> None:
    failing = Candidate(facts(title="a"), similarity=0.76, checks=(FitCheck(CheckName.TRL, F, ""),))
    passing = Candidate(facts(title="b"), similarity=0.75, checks=(FitCheck(CheckName.TRL, P, ""),))
    scores = supplier_scores([failing, passing], HybridWeights())
    # e5's cosines for one need spread by about 0.03: failing every check costs that much
    assert list(scores) == pytest.approx([0.76 - SUPPLIER_FIT_PENALTY, 0.75])
    assert pytest.approx(0.03) == SUPPLIER_FIT_PENALTY
    assert scores[0] < scores[1]
    # Before the need is embedded, the lexical score ranks on its own.
    lexical_only = [Candidate(facts(), lexical=3.0), Candidate(facts(), lexical=1.0)]
    assert supplier_scores(lexical_only, HybridWeights())[0] > 0
