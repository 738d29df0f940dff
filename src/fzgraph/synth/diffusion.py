"""Who adopts which practice when: a diffusion model over the real
jurisdiction table, for every practice of the taxonomy at once.

It generalises :func:`fzgraph.analysis.synthetic.synthetic_diffusion` (one
practice, fixed counties) to all practices and all counties, vectorised:

- each practice has an *appeal* (how far it spreads; broad practices near the
  top of the taxonomy more than narrow ones deep in it), an introduction year
  and its own strengths of top-down push and contagion;
- in its introduction year a few *pioneer* counties adopt (more innovative
  counties more likely);
- provinces adopt a few years after the introduction (most of them, for an
  appealing practice);
- each year a county that has not adopted does so with a hazard that is the
  sum of a small base rate, a top-down term when its city (strong) or
  province (weaker) has adopted, and a contagion term growing with the share
  of its neighbours that have; all scaled by the practice's appeal and the
  county's innovativeness;
- a city adopts with a hazard that grows with its province's adoption and
  the share of its counties that have adopted.

Contagion makes the yearly adoptions form S-curves; the top-down terms make
counties follow their city; the result is one adoption year (or none) per
unit and practice, fixed by the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["FIRST_YEAR", "World", "simulate"]

#: the first year simulated: practices introduced before the corpus years are widespread by then
FIRST_YEAR = 2008
# hazard coefficients (per year, before scaling by appeal and innovativeness)
BASE, TOP_DOWN_CITY, TOP_DOWN_PROVINCE, CONTAGION = 0.01, 0.35, 0.08, 0.35
CITY_BASE, CITY_TOP_DOWN, CITY_CONTAGION = 0.01, 0.15, 0.9
PIONEER_SHARE = 0.004


@dataclass
class World:
    """Adoption years of every practice by every unit (0 = not adopted by ``last_year``)."""

    seed: int
    last_year: int
    codes: tuple[str, ...]  # counties, then prefectures, then provinces
    index: dict[str, int]
    n_counties: int
    practices: tuple[str, ...]
    practice_index: dict[str, int]
    years: np.ndarray  # int16 [unit, practice]
    pioneer: np.ndarray  # bool [county, practice]
    appeal: np.ndarray  # float [practice]
    intro: np.ndarray  # int [practice]
    parent: np.ndarray  # index of each county's parent (prefecture or province)
    province: np.ndarray  # index of each county's province
    first_in_parent: np.ndarray  # int16 [unit, practice]: earliest adoption among the unit's counties
    first_in_province: np.ndarray  # int16 [unit, practice]

    def row(self, code: str) -> np.ndarray:
        return self.years[self.index[code]]

    def year(self, code: str, slug: str) -> int:
        return int(self.years[self.index[code], self.practice_index[slug]])

    def is_first_in_parent(self, code: str, p: int) -> bool:
        """True when the county adopted ``p`` no later than any county of its city."""
        i = self.index[code]
        y = self.years[i, p]
        return bool(y and i < self.n_counties and y == self.first_in_parent[self.parent[i], p])

    def is_first_in_province(self, code: str, p: int) -> bool:
        i = self.index[code]
        y = self.years[i, p]
        return bool(y and i < self.n_counties and y == self.first_in_province[self.province[i], p])

    def parent_year(self, code: str, p: int) -> int:
        i = self.index[code]
        return int(self.years[self.parent[i], p]) if i < self.n_counties else 0

    def is_pioneer(self, code: str, p: int) -> bool:
        i = self.index[code]
        return bool(i < self.n_counties and self.pioneer[i, p])


def _sparse(rows: list[int], cols: list[int], shape: tuple[int, int]):
    from scipy.sparse import csr_matrix

    return csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)


def simulate(pop, practices: list[tuple[str, int]], seed: int, last_year: int) -> World:
    """Run the model for ``practices`` ((slug, depth in the taxonomy), ...) on
    the units of ``pop`` (a :class:`~fzgraph.synth.population.Population`)
    from :data:`FIRST_YEAR` to ``last_year``."""
    rng = np.random.default_rng(seed)
    counties, prefectures, provinces = pop.counties, pop.prefectures, pop.provinces
    codes = (*counties, *prefectures, *provinces)
    index = {c: i for i, c in enumerate(codes)}
    nc, npf, nv, npr = len(counties), len(prefectures), len(provinces), len(practices)
    parent = np.array([index[pop[c].parent] for c in counties], dtype=np.int64)
    province = np.array([index[pop[c].province] for c in counties], dtype=np.int64)
    pref_province = np.array([index[pop[c].province] for c in prefectures], dtype=np.int64)

    depth = np.array([d for _, d in practices], dtype=np.float64)
    appeal = 0.05 + 0.95 * rng.beta(2.0, 1.8, npr) * np.where(depth <= 1, 1.0, 0.8 ** (depth - 1))
    span = max(1, last_year - FIRST_YEAR - 1)
    intro = FIRST_YEAR + np.floor(rng.beta(1.2, 1.8, npr) * span).astype(np.int64) + np.minimum(depth - 1, 3).astype(
        np.int64)
    intro = np.minimum(intro, last_year - 1)
    top_down = rng.uniform(0.5, 1.5, npr)
    contagion = rng.uniform(0.5, 1.5, npr)
    innovation = rng.lognormal(0.0, 0.45, nc)
    innovation /= innovation.mean()

    years = np.zeros((len(codes), npr), dtype=np.int16)
    pioneer = np.zeros((nc, npr), dtype=bool)
    # provinces: most adopt a few years after the introduction
    adopts = rng.random((nv, npr)) < (0.35 + 0.6 * appeal)
    lag = rng.geometric(0.35, (nv, npr))
    prov_years = np.where(adopts & (intro + lag <= last_year), intro + lag, 0)
    years[nc + npf:] = prov_years

    # neighbours (county x county) and membership (prefecture x county), as sparse matrices
    near = pop.neighbours
    rows, cols = [], []
    for i, code in enumerate(counties):
        for other in near.get(code, ()):
            j = index.get(other)
            if j is not None and j < nc:
                rows.append(i)
                cols.append(j)
    adjacency = _sparse(rows, cols, (nc, nc))
    degree = np.maximum(np.asarray(adjacency.sum(axis=1)).ravel(), 1.0)[:, None]
    member_rows = [int(parent[i]) - nc for i in range(nc) if nc <= parent[i] < nc + npf]
    member_cols = [i for i in range(nc) if nc <= parent[i] < nc + npf]
    membership = _sparse(member_rows, member_cols, (npf, nc))
    sizes = np.maximum(np.asarray(membership.sum(axis=1)).ravel(), 1.0)[:, None]
    weights = innovation / innovation.sum()

    for t in range(FIRST_YEAR, last_year + 1):
        active = intro <= t
        for p in np.nonzero(intro == t)[0]:
            k = max(1, round(float(nc * PIONEER_SHARE * appeal[p])))
            chosen = rng.choice(nc, size=k, replace=False, p=weights)
            years[chosen, p] = t
            pioneer[chosen, p] = True
        before = (years > 0) & (years < t)
        county_before = before[:nc]
        city_on = before[parent]
        province_on = before[province]
        share = (adjacency @ county_before.astype(np.float32)) / degree
        hazard = appeal * (BASE + TOP_DOWN_CITY * top_down * city_on + TOP_DOWN_PROVINCE * top_down * province_on
                           + CONTAGION * contagion * share) * innovation[:, None]
        new = active & (years[:nc] == 0) & (rng.random((nc, npr)) < hazard)
        years[:nc][new] = t
        city_share = (membership @ county_before.astype(np.float32)) / sizes
        city_hazard = appeal * (CITY_BASE + CITY_TOP_DOWN * top_down * before[pref_province]
                                + CITY_CONTAGION * contagion * city_share)
        new_city = active & (years[nc:nc + npf] == 0) & (rng.random((npf, npr)) < city_hazard)
        years[nc:nc + npf][new_city] = t

    never = np.iinfo(np.int16).max
    county_years = np.where(years[:nc] > 0, years[:nc], never)
    first_parent = np.full((len(codes), npr), never, dtype=np.int16)
    first_province = np.full((len(codes), npr), never, dtype=np.int16)
    np.minimum.at(first_parent, parent, county_years)
    np.minimum.at(first_province, province, county_years)
    slugs = tuple(s for s, _ in practices)
    return World(seed=seed, last_year=last_year, codes=codes, index=index, n_counties=nc, practices=slugs,
                 practice_index={s: i for i, s in enumerate(slugs)}, years=years, pioneer=pioneer, appeal=appeal,
                 intro=intro, parent=parent, province=province, first_in_parent=first_parent,
                 first_in_province=first_province)


@lru_cache(maxsize=4)
def cached_world(seed: int, last_year: int) -> World:
    """The world of the project's practices and jurisdictions for ``seed`` (cached)."""
    from .population import load_population
    from .vocab import load_vocabulary

    vocab = load_vocabulary()
    practices = [(slug, p.depth) for slug, p in sorted(vocab.practices.items())]
    return simulate(load_population(), practices, seed, last_year)
