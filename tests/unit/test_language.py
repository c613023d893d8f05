"""The language a listing is compared in: Vietnamese by its own letters, or not."""

from __future__ import annotations

import unicodedata

import pytest

from domain.language import OTHER, VIETNAMESE, detect_language, vietnamese_share


@pytest.mark.parametrize(
    ("title", "summary"),
    [
        ("Hệ thống tưới nhỏ giọt thông minh", "Cảm biến độ ẩm đất điều khiển van tưới tự động."),
        ("Robot hàn MIG/TIG tự động cho SME", None),  # English terms, a short title
        ("Hệ thống IoT giám sát AI cho smart farm", "Dữ liệu từ cảm biến gửi về máy chủ."),
    ],
)
def test_vietnamese_listings_are_vietnamese(title: str, summary: str | None) -> None:
    assert detect_language(title, summary) == VIETNAMESE


@pytest.mark.parametrize(
    "text",
    [
        "Smart drip irrigation with soil moisture sensors",
        # French and Spanish accents are Vietnamese-marked letters too, but not Vietnamese-only
        "Café, thé et crème brûlée: la qualité supérieure du réseau électrique intégré",
        "Sensores de bajo costo para la detección temprana de inundaciones en los ríos",
        "Die Anlage überwacht den Wasserstand des Flusses",
        "",
        "5G / AI 4.0",
    ],
)
def test_other_languages_are_other(text: str) -> None:
    assert detect_language(text) == OTHER


def test_decomposed_text_counts_as_its_composed_form() -> None:
    title = "Máy sấy lúa dùng năng lượng mặt trời"
    decomposed = unicodedata.normalize("NFD", title)
    assert decomposed != title
    assert vietnamese_share(decomposed) == vietnamese_share(title) > 0.1
    assert detect_language(decomposed) == VIETNAMESE


def test_vietnamese_typed_without_accents_is_labelled_other() -> None:
    """The rule's known limit: without diacritics nothing marks the text as Vietnamese, so
    the listing is compared with the non-Vietnamese ones."""
    assert vietnamese_share("He thong tuoi nho giot thong minh cho vuon ca phe") == 0.0
    assert detect_language("He thong tuoi nho giot", "Cam bien do am dat") == OTHER


def test_a_vietnamese_summary_decides_for_an_english_product_name() -> None:
    assert detect_language("AquaSense Pro 3000", "Cảm biến đo mực nước sông, cảnh báo lũ") == (
        VIETNAMESE
    )
    assert detect_language("AquaSense Pro 3000", "River level sensor for flood warning") == OTHER
