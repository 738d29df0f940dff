"""The jurisdictions a synthetic corpus is about: every county-level unit,
prefecture and province of the real table (``ontology/jurisdictions.tsv``,
through :func:`fzgraph.jurisdictions.load_table`), with the words a report
uses for each (我县, 县司法局, 市委 ...), their nearest neighbours
(``ontology/coordinates.tsv`` and :func:`fzgraph.analysis.geography.nearest_neighbours`),
and the choice of which units report in a corpus of a given size.

Units are taken city by city (all counties of a city, then the next city, in
an order drawn from the seed), so that a small corpus still holds counties
that share a parent and neighbours, and diffusion between them shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Population", "Unit", "load_population", "select_units"]


@dataclass(frozen=True)
class Unit:
    """A jurisdiction with the words reports use for it."""

    code: str
    name: str
    short: str  # the short name (昌乐), or the name when there is none
    level: str  # county | prefecture | province
    char: str  # the word for its own kind: 县, 区, 市, 旗, 州 ...
    parent: str | None  # parent code (a prefecture, or a province for units directly under one)
    province: str | None  # province code (None for a province)


def own_word(name: str, level: str) -> str:
    """The word a unit calls itself by (我县, 全区, 市司法局): from the end of its name."""
    for ending, word in (("自治县", "县"), ("自治旗", "旗"), ("自治州", "州"), ("自治区", "自治区"), ("林区", "区"),
                         ("特区", "区"), ("地区", "地区"), ("新区", "区")):
        if name.endswith(ending):
            return word
    return name[-1] if level != "province" or name.endswith(("省", "市")) else "省"


class Population:
    """All units of the table that reports speak for, indexed by code."""

    def __init__(self, table):
        self.table = table
        self.units: dict[str, Unit] = {}
        for code, u in sorted(table.units.items()):
            if u.level not in ("county", "prefecture", "province") or u.kind == "特别行政区":
                continue
            province = table.province_of(code)
            if province is None or province.kind == "特别行政区":
                continue
            self.units[code] = Unit(code=code, name=u.name, short=(u.short_names[0] if u.short_names else u.name),
                                    level=u.level, char=own_word(u.name, u.level), parent=u.parent_code,
                                    province=None if u.level == "province" else province.code)
        self.counties = tuple(c for c, u in self.units.items() if u.level == "county" and u.parent in self.units)
        self.prefectures = tuple(c for c, u in self.units.items() if u.level == "prefecture")
        self.provinces = tuple(c for c, u in self.units.items() if u.level == "province")
        children: dict[str, list[str]] = {}
        for code in self.counties:
            children.setdefault(self.units[code].parent, []).append(code)
        self.children = {k: tuple(v) for k, v in children.items()}
        self._neighbours: dict[str, tuple[str, ...]] | None = None

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def parent(self, code: str) -> Unit | None:
        unit = self.units[code]
        return self.units.get(unit.parent) if unit.parent else None

    def province(self, code: str) -> Unit | None:
        unit = self.units[code]
        return self.units.get(unit.province) if unit.province else None

    @property
    def neighbours(self) -> dict[str, tuple[str, ...]]:
        """County -> nearby counties (k nearest seats within 150 km), sorted."""
        if self._neighbours is None:
            from ..analysis.geography import load_coordinates, nearest_neighbours

            coords = load_coordinates()
            points = {}
            for code in self.counties:
                for c in (code, *(a.code for a in self.table.ancestors(code))):
                    if c in coords:
                        points[code] = coords[c]
                        break
            near = nearest_neighbours(points, k=6, max_km=150.0)
            self._neighbours = {c: tuple(sorted(near.get(c, ()))) for c in self.counties}
        return self._neighbours


@lru_cache(maxsize=2)
def _population(key: str) -> Population:
    from ..jurisdictions import load_table

    return Population(load_table())


def load_population() -> Population:
    """The population of the current jurisdiction table (cached)."""
    from ..datafiles import ontology_file

    return _population(str(ontology_file("jurisdictions.tsv")))


def select_units(pop: Population, n: int, seed: int) -> list[str]:
    """``n`` reporting units chosen from ``seed``: whole cities' counties in a
    shuffled city order; then prefectures, then provinces when every county is
    taken. Raises ValueError when ``n`` exceeds the units there are."""
    total = len(pop.counties) + len(pop.prefectures) + len(pop.provinces)
    if n > total:
        raise ValueError(f"at most {total} jurisdictions can report; {n} asked")
    rng = random.Random(f"{seed}/units")
    parents = sorted(pop.children)
    rng.shuffle(parents)
    chosen: list[str] = []
    for parent in parents:
        chosen.extend(pop.children[parent])
        if len(chosen) >= n:
            return chosen[:n]
    for group in (pop.prefectures, pop.provinces):
        extra = list(group)
        rng.shuffle(extra)
        chosen.extend(extra[: n - len(chosen)])
        if len(chosen) >= n:
            break
    return chosen[:n]
