"""Deterministic, realistic bilingual demo content for the Innovation Portal and the Exchange.

`generate_demo(seed)` returns plain frozen dataclasses (no database, no framework) that the
seeding command and the tests wire in. The same seed always yields the same dataset, in any
process: only a seeded `random.Random` is used, never sets or the clock.

All organisations, people and listings are fictional. Organisation names follow the patterns of
real Vietnamese bodies (Sở ..., Viện ..., Công ty CP ...) so listings read naturally, but no
listing describes the work of a real body. The prose comes from hand-written bilingual topic
templates (`topics.json`, read by `catalogue`), combined with organisations, places, states and
numbers; every initiative, offer and need records its `topic`, which doubles as ground truth
for matching evaluation (an offer and a need with the same topic should match).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from innovex.demo import catalogue
from innovex.demo.catalogue import Topic
from innovex.demo.draws import (
    ascii_slug,
    author_shares,
    ip_record,
    phrases_for,
    price_range,
    province_name,
    spread,
    unique_title,
    vietnamese_name,
)
from innovex.demo.model import (
    EMAIL_DOMAIN,
    INITIATIVE_STATES,
    IP_STATUSES,
    MILLION,
    NEED_STATES,
    OFFER_STATES,
    PERSON_ROLES,
    REFERENCE_DATE,
    TRANSFER_MODES,
    DemoDataset,
    DemoFund,
    DemoInitiative,
    DemoNeed,
    DemoOffer,
    DemoOrganization,
    DemoPerson,
)

# Vocabularies the generator's callers and tests read from here; the rest is in `model`.
__all__ = [
    "INITIATIVE_STATES",
    "IP_STATUSES",
    "NEED_STATES",
    "OFFER_STATES",
    "TRANSFER_MODES",
    "generate_demo",
    "topic_slugs",
]


def topic_slugs() -> tuple[str, ...]:
    """The slugs of the hand-written topic templates, in source order."""
    return tuple(t.slug for t in catalogue.topics())


def generate_demo(seed: int = 2026, reference_date: date = REFERENCE_DATE) -> DemoDataset:
    """Build the full demo dataset. Same seed and reference date, same dataset."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    topics = catalogue.topics()
    topic_by_slug = {t.slug: t for t in topics}

    organizations, org_topics = _organizations(rng)
    people, members = _people(rng, organizations)
    org_by_key = {o.key: o for o in organizations}

    suppliers: dict[str, list[DemoOrganization]] = {t.slug: [] for t in topics}
    seekers: dict[str, list[DemoOrganization]] = {t.slug: [] for t in topics}
    supplier_kinds, seeker_kinds = catalogue.supplier_kinds(), catalogue.seeker_kinds()
    for org in organizations:
        for slug in org_topics[org.key]:
            if org.kind in supplier_kinds:
                suppliers[slug].append(org)
            if org.kind in seeker_kinds:
                seekers[slug].append(org)

    initiatives = _initiatives(rng, topics, suppliers, members, 150)
    offers = _offers(
        rng,
        topic_by_slug=topic_by_slug,
        suppliers=suppliers,
        members=members,
        initiatives=initiatives,
        org_by_key=org_by_key,
        count=150,
    )
    needs = _needs(
        rng,
        topics=topics,
        seekers=seekers,
        members=members,
        reference_date=reference_date,
        count=60,
    )
    funds = _funds(organizations)
    return DemoDataset(
        seed=seed,
        reference_date=reference_date,
        organizations=organizations,
        people=people,
        initiatives=initiatives,
        offers=offers,
        needs=needs,
        funds=funds,
    )


def _organizations(
    rng: random.Random,
) -> tuple[tuple[DemoOrganization, ...], dict[str, tuple[str, ...]]]:
    orgs = []
    topics: dict[str, tuple[str, ...]] = {}
    for index, source in enumerate(catalogue.organizations(), start=1):
        name, kind, province = source.name, source.kind, source.province_code
        key = f"org-{index:03d}"
        registry: str | None
        if kind in ("enterprise", "startup", "fund", "support_org"):
            registry = f"0{rng.randint(100_000_000, 999_999_999)}"  # 10-digit tax code
        elif kind == "individual":
            registry = None
        else:
            registry = f"QHNS-{rng.randint(1_000_000, 9_999_999)}"
        verified = kind in ("university", "research_institute", "agency", "fund") or (
            rng.random() < (0.4 if kind == "individual" else 0.8)
        )
        orgs.append(DemoOrganization(key, name, kind, province, registry, verified))
        topics[key] = source.topics
    return tuple(orgs), topics


def _people(
    rng: random.Random, organizations: tuple[DemoOrganization, ...]
) -> tuple[tuple[DemoPerson, ...], dict[str, list[DemoPerson]]]:
    people: list[DemoPerson] = []
    members: dict[str, list[DemoPerson]] = {o.key: [] for o in organizations}
    emails: set[str] = set()
    counters = dict.fromkeys(PERSON_ROLES, 0)

    def add(name: str, role: str, org_key: str | None, title: str = "", locale: str = "vi") -> None:
        counters[role] += 1
        local = ascii_slug(name, ".")
        email, n = f"{local}@{EMAIL_DOMAIN}", 1
        while email in emails:
            n += 1
            email = f"{local}{n}@{EMAIL_DOMAIN}"
        emails.add(email)
        key = f"{role.replace('_', '-')}-{counters[role]:03d}"
        display = f"{title} {name}" if title else name
        person = DemoPerson(key, email, display, locale, org_key, role)
        people.append(person)
        if org_key is not None and role in ("org_admin", "org_member"):
            members[org_key].append(person)

    for _ in range(5):
        add(vietnamese_name(rng), "operator", None)
    academic = [o for o in organizations if o.kind in ("university", "research_institute")]
    for index in range(12):
        org = academic[index % len(academic)]
        if index < 2:
            add(catalogue.names().foreign[index], "reviewer", org.key, "Dr.", "en")
        else:
            add(
                vietnamese_name(rng),
                "reviewer",
                org.key,
                rng.choice(catalogue.names().academic_titles),
            )
    for org in organizations:
        if org.kind == "individual":
            add(org.name, "org_admin", org.key)
            continue
        add(vietnamese_name(rng), "org_admin", org.key)
        for _ in range(rng.choice((0, 1, 1, 2))):
            add(vietnamese_name(rng), "org_member", org.key)
    if counters["org_member"] < 4:  # pragma: no cover - guards seeds with few members
        for org in organizations[:4]:
            add(vietnamese_name(rng), "org_member", org.key)
    return tuple(people), members


_INITIATIVE_WEIGHTS = {
    "draft": 12, "submitted": 10, "screening": 8, "under_review": 14,
    "revision_requested": 6, "resubmitted": 5, "accepted": 8, "rejected": 6,
    "published": 22, "commercialising": 10, "commercialised": 7, "withdrawn": 3,
}  # fmt: skip


def _initiatives(
    rng: random.Random,
    topics: tuple[Topic, ...],
    suppliers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    count: int,
) -> tuple[DemoInitiative, ...]:
    # every topic once, then at random
    order = list(topics) + rng.choices(topics, k=count - len(topics))
    rng.shuffle(order)
    states = spread(rng, _INITIATIVE_WEIGHTS, count)
    used: set[str] = set()
    out = []
    for index, (topic, state) in enumerate(zip(order, states, strict=True), start=1):
        org = rng.choice(suppliers[topic.slug])
        language = "en" if rng.random() < 0.2 else "vi"
        text = topic.text(language)
        province = org.province_code if rng.random() < 0.5 else rng.choice(topic.provinces)
        low, high = topic.trl
        trl = (
            rng.randint(max(low, 7), 9)
            if state.startswith("commercialis")
            else (rng.randint(low, high))
        )
        year = rng.randint(2021, 2025)
        ip_status, ip_number = ip_record(rng, topic, year)
        submitter = rng.choice(members[org.key])
        authors = [submitter.display_name]
        authors.extend(vietnamese_name(rng) for _ in range(rng.choice((0, 0, 1, 1, 2, 3))))
        shares = author_shares(rng, len(authors))
        place = province_name(province, language)
        if language == "en":
            context = (
                f"Developed by {org.name} and piloted in {place} since {year}. "
                f"Current technology readiness: TRL {trl}."
            )
        else:
            context = (
                f"Giải pháp do {org.name} nghiên cứu, phát triển và thử nghiệm tại {place} "
                f"từ năm {year}. Mức độ sẵn sàng công nghệ hiện tại: TRL {trl}."
            )
        out.append(
            DemoInitiative(
                key=f"ini-{index:03d}",
                organization_key=org.key,
                title=unique_title(
                    rng, text=text, language=language, province_code=province, used=used
                ),
                summary=text.summary,
                description=f"{text.problem}\n\n{text.solution}\n\n{context}",
                problem=text.problem,
                solution=text.solution,
                advantages=text.advantages,
                field_code=topic.field_code,
                keywords=tuple(rng.sample(text.keywords, k=min(len(text.keywords), 4))),
                trl=trl,
                ip_status=ip_status,
                ip_number=ip_number,
                target_users=text.users,
                expected_impact=text.impact,
                province_code=province,
                language=language,
                coauthors=tuple(zip(authors, shares, strict=True)),
                target_state=state,
                submitter_key=submitter.key,
                topic=topic.slug,
            )
        )
    return tuple(out)


_OFFER_WEIGHTS = {
    "draft": 10, "pending_approval": 10, "listed": 40, "under_negotiation": 14,
    "transferred": 12, "withdrawn": 5, "expired": 6,
}  # fmt: skip
_OFFERABLE = ("accepted", "published", "commercialising", "commercialised")


def _offers(
    rng: random.Random,
    *,
    topic_by_slug: dict[str, Topic],
    suppliers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    initiatives: tuple[DemoInitiative, ...],
    org_by_key: dict[str, DemoOrganization],
    count: int,
) -> tuple[DemoOffer, ...]:
    linkable = [i for i in initiatives if i.target_state in _OFFERABLE]
    rng.shuffle(linkable)
    linked = linkable[: min(len(linkable), count * 2 // 5)]
    slugs = sorted(topic_by_slug)
    states = spread(rng, _OFFER_WEIGHTS, count)
    used = {i.title for i in linked}
    out = []
    for index, state in enumerate(states, start=1):
        source = linked[index - 1] if index <= len(linked) else None
        if source is not None:
            topic = topic_by_slug[source.topic]
            org = org_by_key[source.organization_key]
            language, province, trl = source.language, source.province_code, source.trl
            text = topic.text(language)
            title, keywords = source.title, source.keywords
            field_code, ip_status = source.field_code, source.ip_status
        else:
            topic = topic_by_slug[rng.choice(slugs)]
            org = rng.choice(suppliers[topic.slug])
            language = "en" if rng.random() < 0.2 else "vi"
            text = topic.text(language)
            province = org.province_code if rng.random() < 0.6 else rng.choice(topic.provinces)
            trl = rng.randint(max(topic.trl[0], 4), topic.trl[1])
            title = unique_title(
                rng, text=text, language=language, province_code=province, used=used
            )
            keywords = tuple(rng.sample(text.keywords, k=min(len(text.keywords), 4)))
            field_code = topic.field_code
            ip_status = ip_record(rng, topic, 2024)[0]
        if state == "transferred":
            trl = max(trl, 7)
        if topic.kind == "software":
            pool: tuple[str, ...] = ("licence", "technical_service", "joint_venture")
        else:
            pool = TRANSFER_MODES
        modes = tuple(sorted(rng.sample(pool, k=rng.randint(1, 3)), key=TRANSFER_MODES.index))
        price_min, price_max = (None, None) if rng.random() < 0.12 else price_range(rng, topic)
        package = rng.choice(phrases_for(catalogue.phrases().package[language], topic)).format(
            months=rng.choice((6, 12, 18, 24)), people=rng.choice((5, 8, 10, 15))
        )
        terms = rng.choice(phrases_for(catalogue.phrases().terms[language], topic)).format(
            a=rng.choice((30, 40, 50)), r=rng.choice((2, 3, 5)), y=rng.choice((3, 5, 7, 10))
        )
        out.append(
            DemoOffer(
                key=f"off-{index:03d}",
                organization_key=org.key,
                title=title,
                summary=text.summary,
                description=f"{text.solution}\n\n{text.advantages}\n\n{package}",
                trl=trl,
                ip_status=ip_status,
                field_code=field_code,
                keywords=keywords,
                transfer_modes=modes,
                price_min_vnd=price_min,
                price_max_vnd=price_max,
                terms=terms,
                province_code=province,
                initiative_key=source.key if source is not None else None,
                target_state=state,
                language=language,
                owner_key=rng.choice(members[org.key]).key,
                topic=topic.slug,
            )
        )
    return tuple(out)


_NEED_WEIGHTS = {"draft": 8, "open": 30, "closed": 12, "awarded": 10}


def _needs(
    rng: random.Random,
    *,
    topics: tuple[Topic, ...],
    seekers: dict[str, list[DemoOrganization]],
    members: dict[str, list[DemoPerson]],
    reference_date: date,
    count: int,
) -> tuple[DemoNeed, ...]:
    sought = [t for t in topics if seekers[t.slug]]
    order = sought + rng.choices(sought, k=max(0, count - len(sought)))
    order = order[:count]
    rng.shuffle(order)
    states = spread(rng, _NEED_WEIGHTS, count)
    # awarded needs are challenges; make sure plain requests exist too
    kinds = ["challenge" if s == "awarded" or rng.random() < 0.3 else "request" for s in states]
    if "request" not in kinds:  # pragma: no cover - depends on seed
        kinds[states.index("open")] = "request"
    used: set[str] = set()
    out = []
    for index, (topic, state, kind) in enumerate(zip(order, states, kinds, strict=True), start=1):
        candidates = seekers[topic.slug]
        if kind == "challenge" and state != "draft":
            # Only a verified organisation publishes a prize or an order commitment.
            candidates = [o for o in candidates if o.verified] or sorted(
                {o.key: o for group in seekers.values() for o in group if o.verified}.values(),
                key=lambda o: o.key,
            )
        org = rng.choice(candidates)
        language = "en" if rng.random() < 0.15 else "vi"
        text = topic.text(language)
        province = org.province_code
        prefix = (
            ("Challenge: " if language == "en" else "Bài toán: ") if kind == "challenge" else ""
        )
        # topic variants qualify solutions, not problems: need titles only get a place
        title_text = replace(text, title=text.need_title, variants=())
        title = unique_title(
            rng,
            text=title_text,
            language=language,
            province_code=province,
            used=used,
            prefix=prefix,
            pilot=False,
        )
        year = reference_date.year
        if language == "en":
            closing = f"{org.name} is looking for a proven solution to deploy in {year}."
        else:
            closing = f"{org.name} tìm kiếm đối tác có giải pháp đã được kiểm chứng để triển khai "
            closing += f"trong năm {year}."
        constraints = " ".join(
            rng.sample(phrases_for(catalogue.phrases().constraints[language], topic), k=2)
        )
        low, high = topic.price_million
        budget_min = (low + 10 * rng.randint(0, max(0, (high - low) // 20))) * MILLION
        budget_max = int(budget_min * rng.choice((1.5, 2, 3))) // (10 * MILLION) * 10 * MILLION
        if state == "draft":
            deadline = reference_date + timedelta(days=rng.randint(60, 300))
        elif state == "open":
            deadline = reference_date + timedelta(days=rng.randint(20, 200))
        else:
            deadline = reference_date - timedelta(days=rng.randint(10, 330))
        prize: int | None = None
        order_commitment: str | None = None
        if kind == "challenge":
            if rng.random() < 0.7:
                prize = rng.choice((200, 300, 500, 800, 1000, 1500, 2000)) * MILLION
            if prize is None or rng.random() < 0.5:
                order_commitment = rng.choice(
                    catalogue.phrases().order_commitment[language]
                ).format(n=rng.choice((10, 20, 30, 50, 100)))
        out.append(
            DemoNeed(
                key=f"need-{index:03d}",
                organization_key=org.key,
                kind=kind,
                title=title,
                problem_statement=f"{text.need_problem} {closing}",
                desired_outcome=text.need_outcome,
                constraints=constraints,
                min_trl=rng.randint(3, 6) if kind == "challenge" else rng.randint(5, 7),
                budget_min_vnd=budget_min,
                budget_max_vnd=max(budget_max, budget_min + 10 * MILLION),
                deadline=deadline,
                province_code=province,
                field_code=topic.field_code,
                prize_vnd=prize,
                order_commitment=order_commitment,
                target_state=state,
                language=language,
                owner_key=rng.choice(members[org.key]).key,
                topic=topic.slug,
            )
        )
    return tuple(out)


def _funds(organizations: tuple[DemoOrganization, ...]) -> tuple[DemoFund, ...]:
    by_name = {o.name: o for o in organizations}
    out = []
    for index, source in enumerate(catalogue.funds(), start=1):
        out.append(
            DemoFund(
                key=f"fund-{index:02d}",
                organization_key=by_name[source.name].key,
                thesis=source.thesis,
                field_codes=source.field_codes,
                trl_min=source.trl[0],
                trl_max=source.trl[1],
                ticket_min_vnd=source.ticket_million[0] * MILLION,
                ticket_max_vnd=source.ticket_million[1] * MILLION,
                province_codes=source.province_codes,
            )
        )
    return tuple(out)
