"""Synthetic diffusion data on the real jurisdiction table, for tests and benchmarks.

:func:`synthetic_diffusion` takes ``n`` county-level units of
``ontology/jurisdictions.tsv`` (with their cities and provinces) and lets one
practice spread over ``years``: a few pioneers adopt first; then each year a
unit adopts with a base probability, raised when its city has adopted
(top-down) and by the share of its neighbours that have (contagion). Cities
adopt once a share of their counties has. No graph is needed.
"""

from __future__ import annotations

import random

from .data import DiffusionData

__all__ = ["synthetic_diffusion"]


def synthetic_diffusion(n: int = 3000, years=range(2019, 2025), slug: str = "synthetic-practice", seed: int = 0,
                        base: float = 0.02, top_down: float = 0.25, contagion: float = 0.4,
                        pioneers: int = 20) -> DiffusionData:
    """A :class:`DiffusionData` with ``n`` counties, their ancestors and one cascade."""
    from ..jurisdictions import load_table
    from .geography import neighbours_for

    table = load_table()
    rng = random.Random(seed)
    counties = sorted(c for c, u in table.units.items() if u.level == "county")[:n]
    keep = set(counties)
    for code in counties:
        keep.update(a.code for a in table.ancestors(code))
    units = [(c, table[c].name, table[c].level, table[c].parent_code) for c in sorted(keep)]
    years = list(years)
    data = DiffusionData.build(units, [], practices=[(slug, "合成做法 synthetic practice")],
                               reports={c: years for c in counties})
    neighbours = neighbours_for(data)
    adopted: dict[str, int] = {c: years[0] for c in rng.sample(counties, min(pioneers, len(counties)))}
    children: dict[str, list[str]] = {}
    for code in counties:
        parent = table[code].parent_code
        if parent:
            children.setdefault(parent, []).append(code)
    for year in years[1:]:
        new = {}
        for code in counties:
            if code in adopted:
                continue
            near = neighbours.get(code, set())
            share = sum(1 for m in near if m in adopted) / len(near) if near else 0.0
            p = base + (top_down if table[code].parent_code in adopted else 0.0) + contagion * share
            if rng.random() < p:
                new[code] = year
        for city, kids in children.items():
            if city not in adopted and sum(1 for k in kids if k in adopted) >= max(1, len(kids) // 3):
                new[city] = year
        adopted.update(new)
    events = [(code, slug, year, "implemented", f"合成证据 synthetic evidence {code} {year}",
               f"https://w3id.org/fzgraph/report/{code}/{year}") for code, year in sorted(adopted.items())]
    return DiffusionData.build(units, events, practices=[(slug, "合成做法 synthetic practice")],
                               reports={c: years for c in counties})
