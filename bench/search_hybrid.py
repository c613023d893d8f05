"""The hybrid mode of bench/search.py: what fusing vectors adds to the engine's latency.

Every public listing gets a synthetic 384-dimension vector (random, as the `bench-random`
model) and the model's partial HNSW index, as `innovex embed --backfill` would build for a
real model; the query vectors are the vectors of random listings, so each query has real
neighbours. Then one client runs the same query mix twice against the engine, without and
with `SearchQuery.embedding`, and the bundled embedder is timed on the query texts alone
(the API embeds each distinct query once: search/hybrid.py caches vectors).
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MODEL = "bench-random"
DIMENSION = 384

VECTORS_SQL = f"""
INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id, public, model,
                        dimension, embedding, text_hash)
SELECT d.kind, CAST(split_part(d.id, ':', 2) AS uuid), 0, CAST(d.organization_id AS uuid), true,
       '{MODEL}', {DIMENSION},
       CAST(ARRAY(SELECT random() - 0.5 + 0 * length(d.id) FROM generate_series(1, {DIMENSION}))
            AS vector),
       'bench'
FROM search_documents d
WHERE d.kind <> 'organization'
ON CONFLICT DO NOTHING
"""
INDEX_SQL = f"""
CREATE INDEX IF NOT EXISTS ix_embeddings_hnsw_bench_random ON embeddings
USING hnsw ((embedding::vector({DIMENSION})) vector_cosine_ops)
WHERE model = '{MODEL}' AND public
"""


async def add_vectors(engine: AsyncEngine) -> str:
    started = time.perf_counter()
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("SET maintenance_work_mem = '512MB'"))
        await conn.execute(text(VECTORS_SQL))
        await conn.execute(text(INDEX_SQL))
        await conn.execute(text("VACUUM ANALYZE embeddings"))
        count = await conn.scalar(text(f"SELECT count(*) FROM embeddings WHERE model = '{MODEL}'"))
    return f"vectors: {count} of {MODEL} with their HNSW index in {time.perf_counter() - started:.1f} s"


async def query_vectors(engine: AsyncEngine, n: int, seed: int) -> list[tuple[float, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                f"SELECT embedding::text FROM embeddings WHERE model = '{MODEL}' "
                "ORDER BY md5(subject_id::text || :seed) LIMIT :n"
            ),
            {"seed": str(seed), "n": n},
        )
        vectors = [tuple(float(x) for x in row[0].strip("[]").split(",")) for row in rows]
    random.Random(seed).shuffle(vectors)
    return vectors


def embedder_latencies(texts: Sequence[str]) -> list[float]:
    from matching.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"], query=True)
    out: list[float] = []
    for query_text in texts:
        started = time.perf_counter()
        embedder.embed([query_text], query=True)
        out.append((time.perf_counter() - started) * 1000)
    return out


async def hybrid_bench(
    engine: AsyncEngine,
    mix: Sequence[tuple[str, dict[str, Any]]],
    seed: int,
    engine_call: Callable[[dict[str, Any]], Awaitable[None]],
) -> list[str]:
    """One client; lexical and hybrid queries interleaved request by request (bench/measure)."""
    from measure import latency_table, one_client

    from domain.search import QueryEmbedding

    lines = [await add_vectors(engine)]
    vectors = await query_vectors(engine, len(mix), seed)
    with_vectors = [
        (category, {**arguments, "embedding": QueryEmbedding(vectors[i % len(vectors)], MODEL)})
        for i, (category, arguments) in enumerate(mix)
    ]

    async def lexical(arguments: dict[str, Any]) -> None:
        await engine_call({**arguments, "embedding": None})

    contenders = {"lexical": lexical, "hybrid": engine_call}
    await one_client(contenders, with_vectors[:200])  # warm-up
    measured = await one_client(contenders, with_vectors)
    lines += latency_table("engine, lexical vs hybrid (query vector given)", measured, "lexical")
    texts = list(dict.fromkeys(arguments["text"] for _, arguments in mix if arguments["text"]))
    embed_ms = sorted(embedder_latencies(texts[:300]))
    lines.append(
        f"query embedding, bundled model, once per distinct query: p50 "
        f"{embed_ms[len(embed_ms) // 2]:.1f} ms, p95 {embed_ms[int(len(embed_ms) * 0.95)]:.1f} ms"
    )
    return lines
