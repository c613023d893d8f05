"""Seeded random draws the demo generator combines: names, titles, IP records, shares, prices."""

from __future__ import annotations

import itertools
import random
import unicodedata

from domain.provinces import province_by_code
from innovex.demo.catalogue import Topic, TopicText, names
from innovex.demo.model import MILLION


def vietnamese_name(rng: random.Random) -> str:
    pool = names()
    family = rng.choices(list(pool.family), list(pool.family.values()))[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(pool.middle_male)} {rng.choice(pool.given_male)}"
    return f"{family} {rng.choice(pool.middle_female)} {rng.choice(pool.given_female)}"


def ascii_slug(text: str, sep: str = "-") -> str:
    """Lower-case ASCII slug of Vietnamese text: "Đắk Lắk" -> "dak-lak"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in plain.lower()).split()
    return sep.join(words)


def spread(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    """n states drawn by weight, with every state present at least once."""
    states = list(weights)
    drawn = rng.choices(states, [weights[s] for s in states], k=n - len(states))
    out = states + drawn
    rng.shuffle(out)
    return out


def province_name(code: str, language: str) -> str:
    province = province_by_code(code)
    if province is None:
        raise ValueError(f"unknown province {code}")
    return province.name_en if language == "en" else province.name_vi


def unique_title(
    rng: random.Random,
    *,
    text: TopicText,
    language: str,
    province_code: str,
    used: set[str],
    prefix: str = "",
    pilot: bool = True,
) -> str:
    """A title not yet in `used`: the topic title, optionally qualified by a variant and by the
    place (a pilot site for solutions, the location for needs)."""
    base = prefix + text.title
    name = province_name(province_code, language)
    if pilot:
        place = f"(pilot in {name})" if language == "en" else f"(thí điểm tại {name})"
    else:
        place = f"in {name}" if language == "en" else f"tại {name}"
    candidates = [base, f"{base} {place}"]
    if text.variants:
        qualified = f"{base} – {rng.choice(text.variants)}"
        candidates += [qualified, f"{qualified} {place}"]
    first = rng.randrange(len(candidates))
    for title in candidates[first:] + candidates[:first]:
        if title not in used:
            used.add(title)
            return title
    phase = 2
    while True:
        title = f"{base} {place} ({'phase' if language == 'en' else 'giai đoạn'} {phase})"
        if title not in used:
            used.add(title)
            return title
        phase += 1


def ip_record(rng: random.Random, topic: Topic, year: int) -> tuple[str, str | None]:
    if topic.kind == "software":
        status = rng.choices(("copyright", "none", "trade_secret", "pending"), (5, 2, 2, 1))[0]
    else:
        status = rng.choices(
            ("patent", "utility_solution", "pending", "trade_secret", "none"), (2, 3, 3, 1, 2)
        )[0]
    number: str | None = None
    if status == "patent":
        number = f"1-00{rng.randint(30000, 42999)}"
    elif status == "utility_solution":
        number = f"2-000{rng.randint(2000, 4299)}"
    elif status == "pending":
        kind = "2" if topic.kind == "software" else rng.choice("12")
        number = f"{kind}-{year}-{rng.randint(100, 9999):05d}"
    elif status == "copyright":
        number = f"{rng.randint(1000, 9999)}/{year}/QTG"
    return status, number


def author_shares(rng: random.Random, count: int) -> list[int]:
    """Authorship shares in steps of 5 that sum to 100, largest first (the lead author)."""
    if count == 1:
        return [100]
    lead = rng.choice(range(40, 75, 5))
    units = (100 - lead) // 5
    cuts = sorted(rng.sample(range(1, units), count - 2)) if count > 2 else []
    bounds = [0, *cuts, units]
    shares = [lead, *(5 * (b - a) for a, b in itertools.pairwise(bounds))]
    return sorted(shares, reverse=True)


def price_range(rng: random.Random, topic: Topic) -> tuple[int, int]:
    low, high = topic.price_million
    minimum = low + 10 * rng.randint(0, max(0, (high - low) // 20))
    maximum = int(minimum * rng.choice((1.5, 2, 2.5, 3)) // 10 * 10)
    return minimum * MILLION, maximum * MILLION


def phrases_for(pools: dict[str, tuple[str, ...]], topic: Topic) -> tuple[str, ...]:
    """The phrases that fit a topic: "any" fits every topic, the others one kind of topic."""
    return pools.get("any", ()) + pools.get(topic.kind, ())
