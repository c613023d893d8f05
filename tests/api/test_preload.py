"""api.selection.preload: one call of the loader's batch function for a page's keys, whose
answers the loader then gives without another call."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from strawberry.dataloader import DataLoader

from api.selection import preload


class Counting:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    async def __call__(self, keys: Sequence[int]) -> list[object]:
        self.batches.append(list(keys))
        return [ValueError(f"no {k}") if k < 0 else k * 10 for k in keys]


async def test_a_fresh_loader_is_loaded_in_one_batch_and_answers_from_its_cache() -> None:
    fetch = Counting()
    loader: DataLoader[int, object] = DataLoader(load_fn=fetch)
    assert await preload(loader, [3, 1, 3, 2]) == {3: 30, 1: 10, 2: 20}
    assert await loader.load_many([1, 2, 3]) == [10, 20, 30]
    assert fetch.batches == [[3, 1, 2]]


async def test_keys_already_in_hand_are_not_fetched_again() -> None:
    fetch = Counting()
    loader: DataLoader[int, object] = DataLoader(load_fn=fetch)
    assert await loader.load(1) == 10
    assert await preload(loader, [1, 2]) == {1: 10, 2: 20}
    assert fetch.batches == [[1], [2]]


async def test_a_key_answered_with_an_error_raises_it() -> None:
    loader: DataLoader[int, object] = DataLoader(load_fn=Counting())
    with pytest.raises(ValueError, match="no -1"):
        await preload(loader, [1, -1])
    assert await preload(loader, []) == {}
