"""Text preparation: folding, tokens, listing text and chunking, with exact expected outputs."""

from __future__ import annotations

from matching.text import (
    approx_token_count,
    chunk_text,
    fold,
    lexical_tokens,
    listing_text,
    normalize_space,
    split_sentences,
)


def test_fold_strips_vietnamese_tones_and_maps_d_with_stroke() -> None:
    assert fold("Công nghệ sinh học Đà Lạt") == "cong nghe sinh hoc da lat"
    assert fold("ĐƯỜNG ỐNG nước") == "duong ong nuoc"
    # decomposed input (NFD from some keyboards) folds the same as precomposed
    assert fold("Tie\u0302\u0301ng Vie\u0323\u0302t") == "tieng viet"
    # full-width letters are compatibility characters
    assert fold("ＡＩ") == "ai"


def test_lexical_tokens_drop_stopwords_short_tokens_and_punctuation() -> None:
    text = "Hệ thống tưới nước tiết kiệm cho cà phê và hồ tiêu, đạt ISO 9001 (v2)."
    assert lexical_tokens(text) == [
        "he",
        "thong",
        "tuoi",
        "nuoc",
        "tiet",
        "kiem",
        "ca",
        "phe",
        "ho",
        "tieu",
        "dat",
        "iso",
        "9001",
        "v2",
    ]
    assert lexical_tokens("The use of a drone in the field") == ["use", "drone", "field"]
    assert lexical_tokens("snake_case x") == ["snake", "case"]


def test_listing_text_joins_fields_in_order() -> None:
    assert listing_text(
        "  Máy sấy  lúa. ", "Sấy bằng\nnăng lượng mặt trời", ["nông nghiệp", " "]
    ) == ("Máy sấy lúa. Sấy bằng năng lượng mặt trời. nông nghiệp.")
    assert listing_text("Only title") == "Only title."
    assert listing_text("") == ""


def test_a_title_cut_from_the_summary_opening_is_not_read_twice() -> None:
    summary = "Đội thủ của Panthers chỉ thua 308 điểm, đứng thứ sáu trong giải đấu."
    assert listing_text("Đội thủ của Panthers chỉ thua…", summary) == summary
    assert listing_text("Đội thủ của Panthers chỉ thua 308 điểm.", summary) == summary
    # a title that only shares the summary's first letters is a title of its own
    assert listing_text("Đội", summary) == "Đội. " + summary
    assert listing_text("Đội thủ của Pan", summary) == "Đội thủ của Pan. " + summary


def test_normalize_space_and_split_sentences() -> None:
    assert normalize_space(" a \n\t b ") == "a b"
    assert split_sentences("One. Two! Three? 3.5 stays") == ["One.", "Two!", "Three?", "3.5 stays"]


def test_approx_token_count_rounds_1_35_tokens_per_word() -> None:
    assert approx_token_count("") == 0
    assert approx_token_count("one") == 2  # 1.35 rounds to 1, plus the ceiling bias: (27+19)//20
    assert approx_token_count(" ".join(["w"] * 20)) == 27


def test_short_text_is_one_chunk() -> None:
    assert chunk_text("A short text.", max_tokens=10, count_tokens=_words) == ["A short text."]
    assert chunk_text("   ", prefix="Title") == ["Title"]
    assert chunk_text("") == []


def test_long_text_is_packed_by_sentences_with_title_prefix() -> None:
    text = "T is it. a b c. d e f. g h i j k l."
    chunks = chunk_text(text, max_tokens=6, count_tokens=_words, prefix="T is it")
    # first chunk starts with the title already; later chunks get "T is it. " (3 words),
    # so their budget is max(6 - 3, 6 // 2) = 3 words; the 6-word sentence is cut in two.
    assert chunks == [
        "T is it. a b c.",
        "T is it. d e f.",
        "T is it. g h i",
        "T is it. j k l.",
    ]


def _words(text: str) -> int:
    return len(text.split())
