"""What one report says: from the diffusion model's adoption years, the
practices a jurisdiction names in a year and with which status, the metrics
it gives numbers for, its own local practices, and a neighbour's practice it
mentions in passing.

- Practices adopted this year are named (most of them) with the status that
  fits how they were adopted: first in the city or province when the county
  led (率先), as a pilot when it ran ahead of its city (试点), else as done.
- Practices adopted earlier are named with a probability that grows with
  their appeal and falls with age; early adopters are sometimes recognised as
  a model one to three years on (获评 / 复制推广).
- Practices adopted next year are often announced in the plans part (and
  now and then in the work part: 将 / 拟 / 下一步); the plans part also
  continues current practices.
- A few practices are named as weaknesses: adopted ones that work poorly, or
  appealing ones the jurisdiction has not adopted yet.

The number of facts scales with the report's length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .numbers import unit_hash

__all__ = ["Item", "ReportPlan", "brands_of", "plan_report"]

PER_WORK_MENTION = 120  # characters of report per practice named in the work part
PER_METRIC = 220
PER_PLAN_MENTION = 500
REPEATS = 0.4  # at most this share of the work part's mentions name a practice again


@dataclass
class Item:
    """A practice to name, with its status; ``slug`` is None for a local practice (``brand``)."""

    slug: str | None
    status: str
    region: str | None = None  # first_in_region: the region word to write (全市, 全省, 全国, a city's name)
    level: str | None = None  # recognised_model / piloted: province or prefecture
    brand: str | None = None  # a local practice's quoted name
    head: str | None = None  # the word after it (工作法, 模式 ...)
    trap: bool = False


@dataclass
class ReportPlan:
    code: str
    year: int
    work: dict[str, list[Item]] = field(default_factory=dict)  # area -> items, in the work part
    leader: list[Item] = field(default_factory=list)
    separate_leader: bool = True
    problems: list[Item] = field(default_factory=list)
    plans: dict[str, list[Item]] = field(default_factory=dict)
    metrics: dict[str | None, list[str]] = field(default_factory=dict)  # area -> metric slugs
    neighbour: tuple[str, str] | None = None  # (neighbour code, practice slug)


def _pick(weights: dict, k: int, rng) -> list:
    """``k`` keys drawn without replacement, in proportion to their weights."""
    if k <= 0 or not weights:
        return []
    keyed = sorted(((rng.random() ** (1.0 / w), key) for key, w in weights.items() if w > 0), reverse=True)
    return [key for _, key in keyed[:k]]


def brands_of(seed: int, code: str, short: str, lexicon) -> list[tuple[str, str, int]]:
    """The jurisdiction's own named practices: (name, head word, first year)."""
    a = [v for v, _ in lexicon.get("brand_a", ())]
    b = [v for v, _ in lexicon.get("brand_b", ())]
    heads = [v for v, _ in lexicon.get("brand_head", ())]
    other_heads = [v for v, _ in lexicon.get("brand_head_other", ())] or heads
    n = int(unit_hash(seed, code, "brands") * 3)  # 0, 1 or 2
    out = []
    for k in range(n):
        h = [unit_hash(seed, code, "brand", k, i) for i in range(5)]
        first = (short[:2] if h[0] < 0.4 else a[int(h[1] * len(a))])
        name = first + b[int(h[2] * len(b))]
        pool = other_heads if h[4] < 0.35 else heads
        out.append((name, pool[int(h[3] * len(pool))], 2016 + int(h[0] * 9)))
    return out


def plan_report(world, vocab, pop, code: str, year: int, chars: int, rng, seed: int) -> ReportPlan:
    """The facts of the report of ``code`` for ``year``."""
    unit = pop[code]
    plan = ReportPlan(code=code, year=year, separate_leader=rng.random() < 0.65)
    row = world.row(code).tolist()
    slugs = world.practices
    appeal = world.appeal
    adopted = [p for p in range(len(slugs)) if 0 < row[p] <= year]
    new = [p for p in adopted if row[p] == year]
    old = [p for p in adopted if row[p] < year]
    upcoming = [p for p in range(len(slugs)) if row[p] == year + 1]
    missing = [p for p in range(len(slugs)) if (row[p] == 0 or row[p] > year + 1) and world.intro[p] < year]
    county_level_city = unit.level == "county" and unit.char == "市"
    parent = pop.parent(code)

    budget = max(4, chars // PER_WORK_MENTION)
    distinct = int(budget * (1 - REPEATS))
    chosen = [p for p in new if rng.random() < 0.9][:distinct]
    weights = {p: float(appeal[p]) / (1.0 + 0.12 * (year - row[p])) for p in old}
    chosen += _pick(weights, distinct - len(chosen), rng)

    def add(area_items: dict, item: Item, slug: str):
        area_items.setdefault(vocab.practices[slug].area, []).append(item)

    for p in chosen:
        slug = slugs[p]
        item = Item(slug, "implemented")
        r = rng.random()
        if row[p] == year:
            if world.is_first_in_parent(code, p) and unit.level == "county" and r < 0.55:
                item.status, item.region = "first_in_region", (parent.name if county_level_city else "全市")
            elif world.is_first_in_province(code, p) and r < 0.75:
                item.status, item.region = "first_in_region", "全省"
            elif world.is_pioneer(code, p) and r < 0.85:
                item.status, item.region = "first_in_region", "全国"
            elif (world.parent_year(code, p) in (0,) or world.parent_year(code, p) > year) and r < 0.35:
                item.status, item.level = "piloted", ("province" if rng.random() < 0.5 else "prefecture")
        elif 1 <= year - row[p] <= 3 and (world.is_first_in_parent(code, p) or world.is_pioneer(code, p)) \
                and r < 0.25:
            item.status, item.level = "recognised_model", ("province" if rng.random() < 0.6 else "prefecture")
        if item.status == "implemented" and rng.random() < 0.05:
            item.trap = True
        elif item.status != "implemented" and rng.random() < 0.35:
            item.trap = True
        if plan.separate_leader and vocab.practices[slug].area == "area-leadership" and item.status == "implemented":
            plan.leader.append(item)
        else:
            add(plan.work, item, slug)

    # practices named again, further on in the work part
    for _ in range(min(budget - len(chosen), int(len(chosen) * REPEATS / (1 - REPEATS)))):
        slug = slugs[chosen[int(rng.random() * len(chosen))]]
        add(plan.work, Item(slug, "implemented"), slug)

    # plans, in the plans part and now and then in the work part
    n_plans = max(3, chars // PER_PLAN_MENTION)
    coming = [p for p in upcoming if rng.random() < 0.7]
    for p in coming:
        if rng.random() < 0.2:
            add(plan.work, Item(slugs[p], "planned"), slugs[p])
    carry = _pick({p: float(appeal[p]) for p in adopted}, max(0, n_plans - len(coming)), rng)
    wanted = _pick({p: float(appeal[p]) ** 2 for p in missing}, 1 if rng.random() < 0.5 else 0, rng)
    for p in coming + carry + wanted:
        add(plan.plans, Item(slugs[p], "planned"), slugs[p])

    # weaknesses
    weak_old = _pick({p: 1.0 for p in adopted}, rng.randrange(0, 3), rng)
    weak_missing = _pick({p: float(appeal[p]) for p in missing}, rng.randrange(0, 3), rng)
    for p in weak_old + weak_missing:
        plan.problems.append(Item(slugs[p], "problem"))
    if adopted and rng.random() < 0.25:
        p = adopted[int(rng.random() * len(adopted))]
        add(plan.work, Item(slugs[p], "problem"), slugs[p])

    # the jurisdiction's own named practices
    for name, head, first in brands_of(seed, code, unit.short, vocab.lexicon):
        if year < first:
            continue
        item = Item(None, "implemented", brand=name, head=head)
        if year == first and unit.level == "county" and rng.random() < 0.4:
            item.status, item.region = "first_in_region", (parent.name if county_level_city else "全市")
        elif year > first and rng.random() < 0.2:
            item.status, item.level = "recognised_model", "province" if rng.random() < 0.5 else "prefecture"
        areas = [a for a in vocab.areas if a in plan.work] or list(vocab.areas[:1])
        plan.work.setdefault(areas[int(rng.random() * len(areas))], []).append(item)

    # metrics, where the report has something to say
    n_metrics = max(2, chars // PER_METRIC)
    areas = [*plan.work, None]
    have = {slugs[p] for p in adopted}

    def writable(m) -> bool:  # a label without a practice's name, or one naming only adopted practices
        metric = vocab.metrics[m]
        return bool(metric.labels) or any(all(s in have for *_, s in names) for _, names in metric.loaded)

    pool = {m: (2.0 if vocab.metrics[m].area in plan.work else 0.5) for a in vocab.metrics_by_area
            for m in vocab.metrics_by_area[a] if (a in areas or rng.random() < 0.3) and writable(m)}
    for m in _pick(pool, n_metrics, rng):
        plan.metrics.setdefault(vocab.metrics[m].area, []).append(m)

    # a neighbour's practice, named as an example to learn from
    near = pop.neighbours.get(code, ()) if unit.level == "county" else ()
    if near and rng.random() < 0.8:
        nb = near[int(rng.random() * len(near))]
        their_row = world.row(nb).tolist()
        theirs = [p for p in range(len(slugs)) if 0 < their_row[p] <= year and not 0 < row[p] <= year]
        if theirs:
            plan.neighbour = (nb, slugs[theirs[int(rng.random() * len(theirs))]])
    return plan
