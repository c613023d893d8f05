"""What every SearchIndex backend must do, whatever engine is behind it.

Run it against a backend from a test module::

    from tests.contract.search_contract import SearchIndexContract

    @pytest.fixture
    async def search_index() -> AsyncIterator[SearchIndex]:
        index = MyBackend(...)
        yield index
        ...  # clean up

    class TestMyBackendContract(SearchIndexContract):
        pass

The class name does not start with "Test", so pytest collects it only through subclasses.

Isolation: no test assumes an empty index. Each test takes a fresh `Scope`: its ids share a
random per-test prefix, its documents carry scope-only `field_code`s, and every search filters
on them, so backends that keep state between tests (one PostgreSQL table, one Meilisearch
index) do not see each other's documents. Two tests still look at the whole index and need the
suite to run serially on one index (no xdist): `count()` deltas, and `rebuild`, which replaces
*all* content by definition.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.search import (
    FACETS,
    DocumentKind,
    SearchDocument,
    SearchFilter,
    SearchIndex,
    SearchQuery,
    SearchResult,
    SearchSort,
)

OFFER = DocumentKind.OFFER
NEED = DocumentKind.NEED
INITIATIVE = DocumentKind.INITIATIVE
BASE_TIME = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    """Names that belong to one test only."""

    prefix: str  # 8 hex digits: the first group of every id's UUID
    tag: str  # 10 random lowercase letters: a word no other test uses

    @classmethod
    def fresh(cls) -> Scope:
        tag = "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
        return cls(prefix=secrets.token_hex(4), tag=tag)

    def id(self, kind: DocumentKind, number: int) -> str:
        # A well-formed UUID, so backends that store the key as a uuid accept it.
        return f"{kind.value}:{self.prefix}-0000-4000-8000-{number:012x}"

    @property
    def field_a(self) -> str:
        return f"{self.prefix}a"

    @property
    def field_b(self) -> str:
        return f"{self.prefix}b"

    def query(self, text: str, **changes: Any) -> SearchQuery:
        """A query limited to this scope's documents (plus any further criteria)."""
        criteria: dict[str, Any] = dict(changes.pop("criteria", {}))
        criteria.setdefault("field_codes", (self.field_a, self.field_b))
        return SearchQuery(text=text, filter=SearchFilter(**criteria), **changes)


def document(
    scope: Scope, number: int, kind: DocumentKind, title: str, **fields: Any
) -> SearchDocument:
    fields.setdefault("field_code", scope.field_a)
    fields.setdefault("status", "published")
    fields.setdefault("updated_at", BASE_TIME + timedelta(hours=number))
    return SearchDocument(id=scope.id(kind, number), kind=kind, title=title, **fields)


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


async def batches_of(
    documents: Sequence[SearchDocument], size: int
) -> AsyncIterator[Sequence[SearchDocument]]:
    for start in range(0, len(documents), size):
        yield documents[start : start + size]


async def given(index: SearchIndex, documents: Iterable[SearchDocument]) -> None:
    await index.ensure_ready()
    await index.upsert(list(documents))


class SearchIndexContract:
    """Behaviour shared by every SearchIndex backend. Needs a `search_index` fixture."""

    # -- finding things ---------------------------------------------------------------------

    async def test_upsert_then_search_finds_by_title_words(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        warning = document(scope, 1, OFFER, "Hệ thống cảnh báo lũ sớm cho lưu vực sông")
        dryer = document(scope, 2, NEED, "Máy sấy nông sản bằng năng lượng mặt trời")
        await given(search_index, [warning, dryer])

        result = await search_index.search(scope.query("cảnh báo lũ"))

        assert ids(result) == [warning.id]
        assert result.total == 1
        assert (result.hits[0].kind, result.hits[0].title) == (OFFER, warning.title)
        assert result.processing_ms >= 0

    async def test_vietnamese_typed_without_diacritics_still_matches(
        self, search_index: SearchIndex
    ) -> None:
        scope = Scope.fresh()
        warning = document(scope, 1, OFFER, "Hệ thống cảnh báo lũ sớm")
        dryer = document(scope, 2, OFFER, "Máy sấy cà phê")
        await given(search_index, [warning, dryer])

        result = await search_index.search(scope.query("he thong canh bao lu"))

        assert ids(result) == [warning.id]

    async def test_d_with_stroke_is_found_by_a_plain_d(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        solar = document(scope, 1, OFFER, "Điện mặt trời áp mái cho hộ gia đình")
        await given(search_index, [solar])

        result = await search_index.search(scope.query("dien mat troi"))

        assert ids(result) == [solar.id]

    async def test_exact_diacritics_rank_first(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        # Two documents that differ only in one diacritic: lùa (to herd) / lúa (rice).
        herd = document(scope, 1, OFFER, "Máy lùa cá tự động")
        rice = document(scope, 2, OFFER, "Máy lúa cá tự động")
        await given(search_index, [herd, rice])

        for_rice = await search_index.search(scope.query("lúa"))
        for_herd = await search_index.search(scope.query("lùa"))

        assert ids(for_rice) == [rice.id, herd.id]
        assert ids(for_herd) == [herd.id, rice.id]

    async def test_one_typo_from_five_letters_two_from_nine(
        self, search_index: SearchIndex
    ) -> None:
        scope = Scope.fresh()
        robot = document(scope, 1, OFFER, "Robot hàn tự động")  # robot: 5 letters
        chip = document(scope, 2, OFFER, "Chip xử lý ảnh")  # chip: 4 letters
        sensor = document(scope, 3, OFFER, "Biosensor phát hiện độc tố")  # biosensor: 9
        gel = document(scope, 4, OFFER, "Hydrogel giữ ẩm cho đất")  # hydrogel: 8
        await given(search_index, [robot, chip, sensor, gel])

        one_typo_in_five = await search_index.search(scope.query("robpt"))
        one_typo_in_four = await search_index.search(scope.query("chap"))
        two_typos_in_nine = await search_index.search(scope.query("biosenzer"))
        two_typos_in_eight = await search_index.search(scope.query("hydrugal"))

        assert ids(one_typo_in_five) == [robot.id]
        assert chip.id not in ids(one_typo_in_four)
        assert ids(two_typos_in_nine) == [sensor.id]
        assert gel.id not in ids(two_typos_in_eight)

    async def test_english_documents_and_queries(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        english = document(
            scope,
            1,
            OFFER,
            "Early flood warning system for river basins",
            summary="Water level sensors send SMS alerts to downstream villages.",
            language="en",
        )
        vietnamese = document(scope, 2, OFFER, "Máy gặt lúa mini")
        await given(search_index, [english, vietnamese])

        by_title = await search_index.search(scope.query("flood warning"))
        by_summary = await search_index.search(scope.query("water level sensors"))

        assert ids(by_title) == [english.id]
        assert ids(by_summary) == [english.id]

    async def test_highlights_wrap_matches_in_mark(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        warning = document(scope, 1, OFFER, "Hệ thống cảnh báo lũ sớm")
        await given(search_index, [warning])

        result = await search_index.search(scope.query("cảnh báo"))

        [hit] = result.hits
        title = hit.highlights["title"]
        assert "<mark>" in title
        assert "</mark>" in title
        assert re.sub(r"</?mark>", "", title) == warning.title

    async def test_empty_text_lists_every_document_the_filter_allows(
        self, search_index: SearchIndex
    ) -> None:
        scope = Scope.fresh()
        documents = [document(scope, n, OFFER, f"Sản phẩm {n}") for n in range(1, 4)]
        await given(search_index, documents)

        result = await search_index.search(scope.query(""))

        assert sorted(ids(result)) == sorted(d.id for d in documents)
        assert result.total == 3

    # -- filters and facets -------------------------------------------------------------------

    def _catalogue(self, scope: Scope) -> list[SearchDocument]:
        a, b = scope.field_a, scope.field_b
        return [
            document(
                scope,
                1,
                OFFER,
                "Công nghệ xử lý nước thải",
                field_code=a,
                trl=3,
                province="ha-noi",
                ip_status="patent_granted",
                transfer_modes=("license",),
                organization_kind="university",
            ),
            document(
                scope,
                2,
                OFFER,
                "Công nghệ nuôi tôm tuần hoàn",
                field_code=a,
                trl=6,
                province="can-tho",
                ip_status="patent_pending",
                transfer_modes=("license", "transfer"),
                organization_kind="enterprise",
            ),
            document(
                scope,
                3,
                OFFER,
                "Công nghệ sấy lạnh trái cây",
                field_code=b,
                trl=8,
                province="can-tho",
                transfer_modes=("transfer",),
                organization_kind="enterprise",
            ),
            document(
                scope,
                4,
                NEED,
                "Cần công nghệ chống xâm nhập mặn",
                field_code=a,
                province="ha-noi",
                organization_kind="state_agency",
            ),
            document(
                scope,
                5,
                INITIATIVE,
                "Sáng kiến công nghệ tưới tiết kiệm",
                field_code=b,
                trl=5,
                province="hue",
                ip_status="utility_solution",
                organization_kind="university",
            ),
            document(
                scope,
                6,
                OFFER,
                "Công nghệ vật liệu nano bạc",
                field_code=b,
                trl=9,
                province="ha-noi",
                ip_status="patent_granted",
                transfer_modes=("license", "joint_venture"),
                organization_kind="research_institute",
            ),
        ]

    async def test_filters_narrow_the_results(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        catalogue = self._catalogue(scope)
        await given(search_index, catalogue)
        number = {d.id: n for n, d in enumerate(catalogue, start=1)}

        async def matching(**changes: Any) -> set[int]:
            result = await search_index.search(scope.query("công nghệ", **changes))
            assert result.total == len(result.hits)
            return {number[hit.id] for hit in result.hits}

        assert await matching() == {1, 2, 3, 4, 5, 6}
        assert await matching(kinds=(OFFER,)) == {1, 2, 3, 6}
        assert await matching(kinds=(OFFER, NEED)) == {1, 2, 3, 4, 6}
        assert await matching(criteria={"trl_min": 5, "trl_max": 8}) == {2, 3, 5}
        assert await matching(criteria={"trl_min": 8}) == {3, 6}
        assert await matching(criteria={"trl_max": 3}) == {1}
        assert await matching(criteria={"provinces": ("can-tho",)}) == {2, 3}
        assert await matching(criteria={"provinces": ("ha-noi", "hue")}) == {1, 4, 5, 6}
        assert await matching(criteria={"transfer_modes": ("license",)}) == {1, 2, 6}
        assert await matching(criteria={"transfer_modes": ("transfer", "joint_venture")}) == {
            2,
            3,
            6,
        }
        assert await matching(criteria={"field_codes": (scope.field_b,)}) == {3, 5, 6}
        assert await matching(criteria={"ip_statuses": ("patent_granted",)}) == {1, 6}
        assert await matching(criteria={"organization_kinds": ("enterprise",)}) == {2, 3}
        assert await matching(
            kinds=(OFFER,),
            criteria={"provinces": ("ha-noi",), "transfer_modes": ("license",)},
        ) == {1, 6}

    async def test_facet_counts_match_the_distribution(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        await given(search_index, self._catalogue(scope))

        result = await search_index.search(scope.query("công nghệ"))

        assert list(result.facets) == list(FACETS)
        assert result.facets == {
            "kind": {"offer": 4, "need": 1, "initiative": 1},
            "field_code": {scope.field_a: 3, scope.field_b: 3},
            "province": {"ha-noi": 3, "can-tho": 2, "hue": 1},
            "trl": {"3": 1, "5": 1, "6": 1, "8": 1, "9": 1},
            "ip_status": {"patent_granted": 2, "patent_pending": 1, "utility_solution": 1},
            "transfer_modes": {"license": 3, "transfer": 2, "joint_venture": 1},
            "status": {"published": 6},
            "organization_kind": {
                "university": 2,
                "enterprise": 2,
                "state_agency": 1,
                "research_institute": 1,
            },
        }

    async def test_facet_counts_follow_the_filter(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        await given(search_index, self._catalogue(scope))

        result = await search_index.search(
            scope.query("công nghệ", criteria={"provinces": ("ha-noi",)})
        )

        assert result.total == 3
        assert result.facets["kind"] == {"offer": 2, "need": 1}
        assert result.facets["trl"] == {"3": 1, "9": 1}
        assert result.facets["transfer_modes"] == {"license": 2, "joint_venture": 1}
        assert result.facets["province"] == {"ha-noi": 3}

    # -- order and windows --------------------------------------------------------------------

    async def test_sorts(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        oldest = document(scope, 1, OFFER, f"{scope.tag} b", trl=9, updated_at=BASE_TIME)
        newest = document(
            scope, 2, OFFER, f"{scope.tag} c", trl=2, updated_at=BASE_TIME + timedelta(days=9)
        )
        middle = document(
            scope, 3, OFFER, f"{scope.tag} a", trl=5, updated_at=BASE_TIME + timedelta(days=1)
        )
        await given(search_index, [oldest, newest, middle])

        by_date = await search_index.search(scope.query("", sort=SearchSort.NEWEST))
        by_trl = await search_index.search(scope.query("", sort=SearchSort.TRL_DESC))
        by_title = await search_index.search(scope.query("", sort=SearchSort.TITLE))

        assert ids(by_date) == [newest.id, middle.id, oldest.id]
        assert ids(by_trl) == [oldest.id, middle.id, newest.id]
        assert ids(by_title) == [middle.id, oldest.id, newest.id]

    async def test_offset_and_limit_page_through_results(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        documents = [
            document(scope, n, OFFER, f"{scope.tag} {letter}") for n, letter in enumerate("abcde")
        ]
        await given(search_index, documents)

        pages = [
            await search_index.search(
                scope.query("", sort=SearchSort.TITLE, offset=offset, limit=2)
            )
            for offset in (0, 2, 4)
        ]

        assert [ids(page) for page in pages] == [
            [documents[0].id, documents[1].id],
            [documents[2].id, documents[3].id],
            [documents[4].id],
        ]
        assert [page.total for page in pages] == [5, 5, 5]

    # -- writes -------------------------------------------------------------------------------

    async def test_delete_removes_documents(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        kept = document(scope, 1, OFFER, "Máy bóc vỏ hạt điều")
        removed = document(scope, 2, OFFER, "Máy tách vỏ hạt điều")
        await given(search_index, [kept, removed])
        before = await search_index.count()

        await search_index.delete([removed.id])
        await search_index.delete([removed.id, scope.id(OFFER, 99)])  # not there: no effect

        result = await search_index.search(scope.query("hạt điều"))
        assert ids(result) == [kept.id]
        assert await search_index.count() == before - 1

    async def test_upsert_is_idempotent_and_replaces(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        await search_index.ensure_ready()
        before = await search_index.count()
        first = document(scope, 1, OFFER, "Chế phẩm sinh học xử lý rơm rạ")

        await search_index.upsert([first])
        await search_index.upsert([first])

        assert await search_index.count() == before + 1
        result = await search_index.search(scope.query("rơm rạ"))
        assert ids(result) == [first.id]
        assert result.total == 1

        renamed = document(scope, 1, OFFER, "Chế phẩm vi sinh ủ phân chuồng")
        await search_index.upsert([renamed])

        assert await search_index.count() == before + 1
        assert ids(await search_index.search(scope.query("rơm rạ"))) == []
        assert ids(await search_index.search(scope.query("phân chuồng"))) == [first.id]

    async def test_rebuild_replaces_all_content(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        old = document(scope, 1, OFFER, "Giống lúa chịu mặn OM18")
        await given(search_index, [old])
        fresh = [
            document(scope, n, OFFER, f"Giống ngô lai số {n}", field_code=scope.field_b)
            for n in range(2, 7)
        ]

        indexed = await search_index.rebuild(batches_of(fresh, 2))

        assert indexed == 5
        assert await search_index.count() == 5
        assert ids(await search_index.search(scope.query("lúa chịu mặn"))) == []
        found = await search_index.search(scope.query("ngô lai"))
        assert sorted(ids(found)) == sorted(d.id for d in fresh)

    async def test_suggest_by_prefix(self, search_index: SearchIndex) -> None:
        scope = Scope.fresh()
        rice = document(scope, 1, OFFER, f"{scope.tag} máy sấy lúa")
        coffee = document(scope, 2, OFFER, f"{scope.tag} máy sấy cà phê")
        harvester = document(scope, 3, OFFER, f"{scope.tag} máy gặt")
        need = document(scope, 4, NEED, f"{scope.tag} máy sấy hải sản")
        await given(search_index, [rice, coffee, harvester, need])

        offers = await search_index.suggest(f"{scope.tag} máy sấ", kinds=[OFFER])
        everything = await search_index.suggest(f"{scope.tag} máy sấ")
        one = await search_index.suggest(f"{scope.tag} máy sấ", limit=1)

        assert {s.id for s in offers} == {rice.id, coffee.id}
        assert {(s.kind, s.title) for s in offers} == {
            (OFFER, rice.title),
            (OFFER, coffee.title),
        }
        assert {s.id for s in everything} == {rice.id, coffee.id, need.id}
        assert len(one) == 1
        assert one[0].id in {rice.id, coffee.id, need.id}
