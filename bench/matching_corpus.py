"""The synthetic exchange of the matching benchmark (bench/matching.py): suppliers, listed
offers with vectors drawn around topic centroids, public text of the same topics, search
documents, supplier profiles and the HNSW index, bulk-loaded with COPY."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import numpy as np

DIM = 384
TOPICS = 400
WORDS_PER_TOPIC = 12


def database_exists(server: str, name: str) -> bool:
    import asyncpg

    async def exists() -> bool:
        conn = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
        finally:
            await conn.close()

    return asyncio.run(exists())


async def loaded_before(url: str) -> dict[str, Any]:
    """What `load` returned, read back from a kept database."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        asker = await conn.fetchval(
            "SELECT id FROM users WHERE email = 'bench-asker@innovex.invalid'"
        )
        rows = await conn.fetch(
            "SELECT n.id FROM needs n JOIN memberships m ON m.organization_id = n.organization_id"
            " WHERE m.user_id = $1 ORDER BY n.created_at, n.id",
            asker,
        )
    finally:
        await conn.close()
    if asker is None or not rows:
        raise SystemExit("the database to reuse holds no benchmark data: drop it and rerun")
    return {"asker": asker, "needs": [(r["id"], -1) for r in rows]}


def vocabulary(rng: random.Random) -> list[list[str]]:
    syllables = [
        "hy", "dro", "sen", "sor", "agri", "bio", "nano", "ther", "mo", "flu", "aqua", "geo",
        "pho", "ton", "vac", "cin", "enzy", "me", "poly", "mer", "cera", "mic", "robo", "tic",
    ]  # fmt: skip
    words: set[str] = set()
    while len(words) < TOPICS * WORDS_PER_TOPIC:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    pool = sorted(words)
    rng.shuffle(pool)
    return [pool[i * WORDS_PER_TOPIC : (i + 1) * WORDS_PER_TOPIC] for i in range(TOPICS)]


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


async def load(
    url: str, n_offers: int, n_suppliers: int, seed: int = 7, hnsw_memory: str = "512MB"
) -> dict[str, Any]:
    """Bulk-load the synthetic exchange with COPY; returns what the requests need."""
    import asyncpg
    from pgvector.asyncpg import register_vector

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    topics = vocabulary(rng)
    centroids = unit(nprng.standard_normal((TOPICS, DIM)))
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    await register_vector(conn)
    try:
        asker_user, asker_org = uuid4(), uuid4()
        now = datetime.now(UTC)
        await conn.execute(
            "INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, '!')",
            asker_user,
            "bench-asker@innovex.invalid",
            "Bench asker",
        )
        orgs = [(asker_org, "Bench asker agency", "agency")] + [
            (uuid4(), f"Supplier {i:05d}", "enterprise") for i in range(n_suppliers)
        ]
        await conn.copy_records_to_table(
            "organizations", records=orgs, columns=["id", "name", "kind"]
        )
        await conn.execute(
            "INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')",
            asker_org,
            asker_user,
        )
        suppliers = orgs[1:]
        # Each supplier specialises in 1-2 topics; portfolios of 1-9 offers, 5 on average.
        specialty = [rng.sample(range(TOPICS), 2) for _ in suppliers]
        offers: list[tuple[Any, ...]] = []
        docs: list[tuple[Any, ...]] = []
        vectors: list[tuple[Any, ...]] = []
        for i in range(n_offers):
            s = i % n_suppliers if i < n_suppliers else rng.randrange(n_suppliers)
            org_id, org_name, _ = suppliers[s]
            topic = rng.choice(specialty[s])
            words = rng.sample(topics[topic], 6)
            title = " ".join(words[:3]).capitalize() + f" system {i}"
            summary = (
                " ".join(words) + " " + " ".join(rng.choice(rng.choice(topics)) for _ in range(6))
            )
            offer_id = uuid4()
            trl = rng.randint(3, 9)
            offers.append((offer_id, org_id, title, summary, trl, "listed", "none", "202"))
            docs.append(
                (
                    f"offer:{offer_id}",
                    "offer",
                    title,
                    summary,
                    [words[0]],
                    "",
                    "listed",
                    str(org_id),
                    org_name,
                    "enterprise",
                    trl,
                    "202",
                    "none",
                    now,
                )
            )
            vec = unit(centroids[topic] + 0.9 * nprng.standard_normal(DIM) / np.sqrt(DIM) * 8)
            vectors.append(
                (
                    "offer",
                    offer_id,
                    0,
                    org_id,
                    True,
                    "all-MiniLM-L6-v2",
                    DIM,
                    vec.astype(np.float32),
                    "synthetic",
                )
            )
        await conn.copy_records_to_table(
            "technology_offers",
            records=offers,
            columns=[
                "id",
                "organization_id",
                "title",
                "summary",
                "trl",
                "status",
                "ip_status",
                "field_code",
            ],
        )
        await conn.copy_records_to_table(
            "search_documents",
            records=docs,
            columns=[
                "id",
                "kind",
                "title",
                "summary",
                "keywords",
                "body",
                "status",
                "organization_id",
                "organization_name",
                "organization_kind",
                "trl",
                "field_code",
                "ip_status",
                "updated_at",
            ],
        )
        await conn.execute("DROP INDEX IF EXISTS ix_embeddings_hnsw_all_minilm_l6_v2")
        await conn.copy_records_to_table(
            "embeddings",
            records=vectors,
            columns=[
                "subject_kind",
                "subject_id",
                "chunk",
                "organization_id",
                "public",
                "model",
                "dimension",
                "embedding",
                "text_hash",
            ],
        )
        await conn.execute(
            """INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id, public,
                                       model, dimension, embedding, text_hash)
               SELECT 'supplier', organization_id, 0, organization_id, true, model, 384,
                      l2_normalize(avg(embedding::vector(384))), 'portfolio'
               FROM embeddings WHERE subject_kind = 'offer' GROUP BY organization_id, model"""
        )
        needs: list[tuple[UUID, int]] = []
        for _ in range(50):
            topic = rng.randrange(TOPICS)
            need_id = uuid4()
            words = rng.sample(topics[topic], 5)
            await conn.execute(
                """INSERT INTO needs (id, organization_id, title, problem_statement, min_trl,
                                      status, field_code) VALUES ($1, $2, $3, $4, 6, 'open', '202')""",
                need_id,
                asker_org,
                "Looking for " + " ".join(words[:3]),
                "We need a solution with " + " ".join(words),
            )
            vec = unit(centroids[topic] + 0.9 * nprng.standard_normal(DIM) / np.sqrt(DIM) * 8)
            await conn.execute(
                """INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id,
                   public, model, dimension, embedding, text_hash)
                   VALUES ('need', $1, 0, $2, true, 'all-MiniLM-L6-v2', 384, $3, 'synthetic')""",
                need_id,
                asker_org,
                vec.astype(np.float32),
            )
            needs.append((need_id, topic))
        t = time.perf_counter()
        # Past maintenance_work_mem pgvector builds the graph on disk, several times slower.
        await conn.execute(f"SET maintenance_work_mem = '{hnsw_memory}'")
        await conn.execute(
            "CREATE INDEX ix_embeddings_hnsw_all_minilm_l6_v2 ON embeddings USING hnsw "
            "((embedding::vector(384)) vector_cosine_ops) "
            "WHERE model = 'all-MiniLM-L6-v2' AND public"
        )
        hnsw_seconds = time.perf_counter() - t
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return {"asker": asker_user, "needs": needs, "hnsw_seconds": hnsw_seconds}
