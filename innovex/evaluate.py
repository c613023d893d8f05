"""`innovex evaluate`: the production matcher measured on a labelled set, in a scratch database.

The set is loaded through the production write path, in a database created for the run and
dropped at the end:

* one organisation per supplier (sets without suppliers get one "corpus" organisation), and one
  for the askers of the needs;
* every offer as a *listed* technology offer (title; the text as its public summary), every
  need as an *open* need (title; the text as its problem statement), written by the listing
  repositories with their outbox events, exactly as the use cases write them;
* the worker's own handlers drain the outbox: the search indexer fills `search_documents` and
  the embedder fills `embeddings` (chunks, model name, dimension), then `ANALYZE` refreshes the
  statistics the lexical idf reads (autovacuum does this in production);
* every need is ranked by `domain.services.ranking.Matcher`, the code behind the GraphQL queries:
  offers for retrieval sets, suppliers (portfolio pooling, fit checks) for supplier sets.

The one shortcut is the loading itself: the listing use cases (validation, receipts, audit)
are skipped, as they do not change what is indexed. Embeddings are cached under
`.data/cache/` by model and text, so a second run only re-ranks.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.databases import create_database, drop_database
from db.engine import make_engine, make_sessionmaker
from db.repositories.lexical_sql import LEXICAL_SCORING, LexicalScoring
from db.repositories.matching_reader import SqlMatchingReader
from db.repositories.vector_sql import model_literal, vector_literal
from db.uow import SqlUnitOfWork
from domain.accounts import Locale, OrganizationKind
from domain.events import Consumer, EntityKind, ListingChanged
from domain.fit_checks import NeedCriteria
from domain.listings import NeedContent, NeedKind, NeedStatus, OfferContent, OfferStatus
from domain.matching import Embedder
from domain.services.matching import need_public_text
from domain.services.ranking import MAX_QUERY_PHRASES, Matcher, MatchQuery
from innovex.embedding_cache import CachedEmbedder
from matching.candidates import NeedCandidates, need_candidates, write_candidates
from matching.fusion import HybridWeights
from matching.metrics import (
    EvalNeed,
    EvalOffer,
    evaluate_retrieval,
    load_needs,
    load_offers,
    load_qrels,
    pairwise_loss,
    write_run,
)
from matching.recommend import HybridRanker
from matching.text import normalize_space

TITLE_MAX = 300
# offer rankings measured on the same candidates: the production rule (lexical weight scaled by
# the need's lexical coverage), the full-coverage weights for every need, the embedding alone,
# the lexical component alone; "exact": the embedding alone over an exact (not HNSW) scan
FUSIONS = ("coverage", "fixed", "dense", "lexical")
VARIANTS = (*FUSIONS, "exact")
EVALUATION_SETS = ("vi", "xling", "scifact", "expert")  # the folders of `evaluate --data`


def variant_path(run_out: Path, variant: str) -> Path:
    """Where the run of a fusion other than the production one is written next to `run_out`."""
    return run_out.with_name(f"{run_out.stem}.{variant}{run_out.suffix}")


@dataclass
class EvaluationResult:
    needs: int
    offers: int
    suppliers: int
    retrieval: dict[str, float] | None  # the production fusion (coverage-weighted)
    retrieval_by_fusion: dict[str, dict[str, float]]  # VARIANTS on the same candidates
    pairwise: float | None  # pooled (the authors' average, as the published baselines)
    pairwise_per_supplier: float | None  # mean of each supplier's loss (shared/data/README)
    pairwise_filled: int
    seconds_load: float
    seconds_index: float
    seconds_rank: float
    embedded_texts: int


def _need_content(need: EvalNeed) -> NeedContent:
    body = need.text if need.text.strip() and need.text.strip() != need.title.strip() else None
    return NeedContent(
        title=normalize_space(need.title)[:TITLE_MAX] or need.id,
        kind=NeedKind.REQUEST,
        problem_statement=body,
    )


def _offer_content(offer: EvalOffer) -> OfferContent:
    return OfferContent(
        title=normalize_space(offer.title)[:TITLE_MAX] or offer.id,
        summary=offer.text or None,
    )


async def _load(
    url: str,
    needs: Sequence[EvalNeed],
    offers: Sequence[EvalOffer],
) -> tuple[dict[UUID, str], dict[UUID, str], dict[UUID, str], UUID]:
    """Write the set; returns uuid->eval id maps for needs, offers, suppliers, and the askers'
    organisation."""
    engine = make_engine(url, pool_size=2)
    sessions = make_sessionmaker(engine)
    now = datetime.now(UTC)
    need_ids: dict[UUID, str] = {}
    offer_ids: dict[UUID, str] = {}
    supplier_ids: dict[UUID, str] = {}
    try:
        async with sessions() as session:
            uow = SqlUnitOfWork(session)
            loader = await uow.users.add(
                email=f"evaluation-{secrets.token_hex(4)}@innovex.invalid",
                display_name="Evaluation loader",
                locale=Locale.EN,
                password_hash="!",  # cannot sign in
            )
            askers = await uow.organizations.add(
                name="Evaluation askers",
                kind=OrganizationKind.AGENCY,
                province_code=None,
                registry_code=None,
            )
            orgs: dict[str, UUID] = {}
            for name in sorted({o.supplier or "corpus" for o in offers}):
                org = await uow.organizations.add(
                    name=f"Supplier {name}",
                    kind=OrganizationKind.UNIVERSITY,
                    province_code=None,
                    registry_code=None,
                )
                orgs[name] = org.id
                if name != "corpus":
                    supplier_ids[org.id] = name
            await uow.commit()
            for i, offer in enumerate(offers):
                org_id = orgs[offer.supplier or "corpus"]
                created = await uow.offers.add(
                    organization_id=org_id,
                    created_by=loader.id,
                    content=_offer_content(offer),
                )
                await uow.offers.set_status(
                    created.id, expected=OfferStatus.DRAFT, status=OfferStatus.LISTED, at=now
                )
                await uow.outbox.record(ListingChanged(EntityKind.OFFER, created.id))
                offer_ids[created.id] = offer.id
                if i % 500 == 499:
                    await uow.commit()
            for need in needs:
                created_need = await uow.needs.add(
                    organization_id=askers.id,
                    created_by=loader.id,
                    content=_need_content(need),
                )
                await uow.needs.set_status(
                    created_need.id, expected=NeedStatus.DRAFT, status=NeedStatus.OPEN, at=now
                )
                await uow.outbox.record(ListingChanged(EntityKind.NEED, created_need.id))
                need_ids[created_need.id] = need.id
            await uow.commit()
    finally:
        await engine.dispose()
    return need_ids, offer_ids, supplier_ids, askers.id


async def _index(url: str, embedder: Embedder, model: str, on_batch: Callable[[int], None]) -> None:
    from innovex.worker import Worker
    from matching.indexer import embedding_handler
    from search.indexer import search_handler
    from search.postgres import PostgresSearchIndex

    engine = make_engine(url, pool_size=2)
    sessions = make_sessionmaker(engine)
    try:
        index = PostgresSearchIndex(sessions)
        await index.ensure_ready()
        worker = Worker(
            sessions,
            {
                Consumer.SEARCH: search_handler(index),
                Consumer.EMBEDDING: embedding_handler(embedder, model),
            },
            batch_size=256,
        )
        while (handled := await worker.run_once()) > 0:
            on_batch(handled)
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("ANALYZE search_documents"))
            await conn.execute(text("ANALYZE embeddings"))
    finally:
        await engine.dispose()


async def _rank(
    url: str,
    model: str,
    *,
    need_ids: dict[UUID, str],
    offer_ids: dict[UUID, str],
    supplier_ids: dict[UUID, str],
    askers: UUID,
    top: int,
    candidates: int,
    want_offers: bool,
    want_suppliers: bool,
    phrases: int,
    scoring: LexicalScoring = LEXICAL_SCORING,
) -> tuple[
    dict[str, dict[str, dict[str, float]]], dict[str, dict[str, float]], list[NeedCandidates]
]:
    engine = make_engine(url, pool_size=2)
    sessions = make_sessionmaker(engine)
    offer_runs: dict[str, dict[str, dict[str, float]]] = {v: {} for v in VARIANTS}
    supplier_run: dict[str, dict[str, float]] = {}
    dumps: list[NeedCandidates] = []
    lexical_only = HybridRanker(HybridWeights(semantic=0.0))
    try:
        for need_uuid, need_id in need_ids.items():
            async with sessions() as session:
                reader = SqlMatchingReader(session, scoring=scoring)
                need = await SqlUnitOfWork(session).needs.get(need_uuid)
                assert need is not None
                c = need.content
                query = MatchQuery(
                    vector=await reader.query_vector("need", need_uuid, model),
                    text=need_public_text(c),
                )
                ranker = HybridRanker()
                matcher = Matcher(
                    reader,
                    ranker,
                    model,
                    candidate_limit=max(candidates, top),
                    profile_candidates=candidates,
                    max_query_phrases=phrases,
                )
                if want_offers:
                    found = await matcher.candidates(
                        query, ("offer",), exclude_organizations=(askers,)
                    )
                    coverage = await matcher.coverage(query, ("offer",))
                    # the production rule, then the same candidates with a fixed 50/50 fusion
                    # (coverage 1) and with the embedding alone (coverage 0)
                    for variant, cov in zip(FUSIONS, (coverage, 1.0, 0.0), strict=False):
                        ranked = ranker.rank_listings(found, query.text, top, lexical_coverage=cov)
                        offer_runs[variant][need_id] = {offer_ids[m.id]: m.score for m in ranked}
                    alone = lexical_only.rank_listings(found, query.text, top)
                    offer_runs["lexical"][need_id] = {offer_ids[m.id]: m.score for m in alone}
                    if query.vector is not None:
                        exact = await _exact_nearest(session, model, query.vector.vector, top)
                        offer_runs["exact"][need_id] = {
                            offer_ids[i]: sim for i, sim in exact if i in offer_ids
                        }
                    rows = [(offer_ids[c.facts.id], c.similarity, c.lexical) for c in found]
                    dumps.append(need_candidates(need_id, coverage, rows))
                if want_suppliers:
                    suppliers = await matcher.suppliers_for_need(
                        query,
                        NeedCriteria(c.min_trl, c.field_code, c.province_code),
                        need_organization_id=askers,
                        first=len(supplier_ids),
                    )
                    supplier_run[need_id] = {
                        supplier_ids[s.organization_id]: s.score
                        for s in suppliers
                        if s.organization_id in supplier_ids
                    }
    finally:
        await engine.dispose()
    return offer_runs, supplier_run, dumps


async def _exact_nearest(
    session: AsyncSession, model: str, vector: list[float], limit: int
) -> list[tuple[UUID, float]]:
    """The offers nearest to `vector` by a full scan (no HNSW): what approximate search misses."""
    await session.execute(text("SET LOCAL enable_indexscan = off"))
    rows = await session.execute(
        text(
            f"""
            SELECT subject_id, max(1 - ((embedding::vector({len(vector)}))
                                        <=> CAST(:q AS vector({len(vector)})))) AS sim
            FROM embeddings WHERE model = {model_literal(model)} AND public
              AND subject_kind = 'offer'
            GROUP BY subject_id ORDER BY sim DESC, subject_id LIMIT :n
            """
        ),
        {"q": vector_literal(vector), "n": limit},
    )
    return [(r.subject_id, float(r.sim)) for r in rows]


def _fill_missing(run: dict[str, dict[str, float]], qrels: dict[str, dict[str, float]]) -> int:
    """Rated pairs the matcher did not score get that need's lowest score minus one."""
    filled = 0
    for need_id, rels in qrels.items():
        scores = run.setdefault(need_id, {})
        floor = min(scores.values(), default=0.0) - 1.0
        for item in rels:
            if item not in scores:
                scores[item] = floor
                filled += 1
    return filled


def evaluate(
    server_url: str,
    embedder: Embedder,
    model: str,
    *,
    needs_path: Path,
    offers_path: Path,
    qrels_path: Path,
    run_out: Path | None,
    candidates_out: Path | None = None,
    top: int = 100,
    candidates: int = 100,
    phrases: int = MAX_QUERY_PHRASES,
    cache_dir: Path | None = None,
    say: Callable[[str], None] = print,
) -> EvaluationResult:
    needs = load_needs(needs_path)
    offers = load_offers(offers_path)
    qrels = load_qrels(qrels_path)
    offer_set = {o.id for o in offers}
    supplier_set = {o.supplier for o in offers if o.supplier}
    labelled = {item for rels in qrels.values() for item in rels}
    want_offers = bool(labelled & offer_set)
    want_suppliers = bool(labelled & supplier_set)
    if not (want_offers or want_suppliers):
        raise ValueError("qrels name neither offers nor suppliers of this set")
    cached = CachedEmbedder(embedder, model, cache_dir) if cache_dir is not None else None
    used: Embedder = cached if cached is not None else embedder

    name = f"innovex_eval_{secrets.token_hex(4)}"
    url = create_database(server_url, name)
    try:
        from innovex.bootstrap import migrate

        migrate(url)
        t0 = time.perf_counter()
        need_ids, offer_ids, supplier_ids, askers = asyncio.run(_load(url, needs, offers))
        t1 = time.perf_counter()
        say(f"loaded {len(offer_ids)} offers, {len(need_ids)} needs in {t1 - t0:.1f}s; indexing")
        handled = 0

        def on_batch(n: int) -> None:
            nonlocal handled
            handled += n
            say(f"  indexed {handled} outbox events")

        asyncio.run(_index(url, used, model, on_batch))
        if cached is not None:
            cached.save()
        t2 = time.perf_counter()
        offer_runs, supplier_run, dumps = asyncio.run(
            _rank(
                url,
                model,
                need_ids=need_ids,
                offer_ids=offer_ids,
                supplier_ids=supplier_ids,
                askers=askers,
                top=top,
                candidates=candidates,
                want_offers=want_offers,
                want_suppliers=want_suppliers,
                phrases=phrases,
            )
        )
        t3 = time.perf_counter()
    finally:
        drop_database(server_url, url)

    retrieval = None
    variants: dict[str, dict[str, float]] = {}
    offer_run = offer_runs[FUSIONS[0]]
    if want_offers:
        offer_qrels = {
            n: {i: r for i, r in rels.items() if i in offer_set} for n, rels in qrels.items()
        }
        variants = {
            v: evaluate_retrieval(run, offer_qrels).as_dict() for v, run in offer_runs.items()
        }
        retrieval = variants[FUSIONS[0]]
    pairwise = per_supplier = None
    filled = 0
    if want_suppliers:
        sup_qrels = {
            n: {i: r for i, r in rels.items() if i in supplier_set} for n, rels in qrels.items()
        }
        filled = _fill_missing(supplier_run, sup_qrels)
        pairwise = pairwise_loss(supplier_run, sup_qrels, average="pooled")
        per_supplier = pairwise_loss(supplier_run, sup_qrels, average="supplier")
    if run_out is not None:
        write_run(run_out, offer_run if want_offers else supplier_run, top_k=top)
        if want_offers:
            for variant in VARIANTS[1:]:
                write_run(variant_path(run_out, variant), offer_runs[variant], top_k=top)
    if candidates_out is not None and want_offers:
        write_candidates(candidates_out, dumps)
    return EvaluationResult(
        needs=len(needs),
        offers=len(offers),
        suppliers=len(supplier_set),
        retrieval=retrieval,
        retrieval_by_fusion=variants,
        pairwise=pairwise,
        pairwise_per_supplier=per_supplier,
        pairwise_filled=filled,
        seconds_load=t1 - t0,
        seconds_index=t2 - t1,
        seconds_rank=t3 - t2,
        embedded_texts=cached.computed if cached is not None else -1,
    )


def server_of(database_url: str) -> str:
    """The maintenance database of the server `database_url` points at."""
    parsed = urlparse(database_url)
    return parsed._replace(path="/postgres").geturl()


def summary(result: EvaluationResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "needs": result.needs,
        "offers": result.offers,
        "suppliers": result.suppliers,
    }
    if result.retrieval is not None:
        out.update({k: round(v, 4) for k, v in result.retrieval.items() if k != "needs"})
        out["by_fusion"] = {
            variant: {k: round(v, 4) for k, v in scores.items() if k != "needs"}
            for variant, scores in result.retrieval_by_fusion.items()
        }
    if result.pairwise is not None:
        out["pairwise_loss_pooled"] = round(result.pairwise, 4)
        if result.pairwise_per_supplier is not None:
            out["pairwise_loss_per_supplier"] = round(result.pairwise_per_supplier, 4)
        out["pairwise_pairs_unscored"] = result.pairwise_filled
    out["seconds"] = {
        "load": round(result.seconds_load, 1),
        "index": round(result.seconds_index, 1),
        "rank": round(result.seconds_rank, 1),
    }
    out["texts_embedded_now"] = result.embedded_texts
    return out


def dumps(result: EvaluationResult) -> str:
    return json.dumps(summary(result), indent=2)
