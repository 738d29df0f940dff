"""First adopters and adoption curves of each practice.

The adoption curve is the cumulative share of the population (jurisdictions
with reports in the graph) that has adopted a practice by each year, over
the whole graph or within one province; the S-shape of this curve is the
classic signature of diffusion.
"""

from __future__ import annotations

import pandas as pd

from .data import DiffusionData

__all__ = ["first_adopters", "adoption_curve"]

NATIONAL = "全国"


def _scopes(data: DiffusionData, province: str | None, by_province: bool) -> list[tuple[str | None, str]]:
    if province is not None:
        code = data.resolve_province(province)
        return [(code, data.name(code))]
    if by_province:
        codes = sorted({p for c in data.population() if (p := data.province(c))})
        return [(code, data.name(code)) for code in codes]
    return [(None, NATIONAL)]


def first_adopters(data: DiffusionData, practice: str | None = None, province: str | None = None,
                   by_province: bool = False) -> pd.DataFrame:
    """The jurisdictions that adopted each practice in its earliest year (within a scope)."""
    rows = []
    for scope_code, scope in _scopes(data, province, by_province):
        members = set(data.population(scope_code))
        for slug, cascade in data.cascades().items():
            if practice is not None and slug != practice:
                continue
            inside = {c: y for c, y in cascade.items() if c in members}
            if not inside:
                continue
            first = min(inside.values())
            for code in sorted(c for c, y in inside.items() if y == first):
                event = data.first_events.get((code, slug))
                rows.append({"practice_slug": slug, "practice_label": data.label(slug), "scope": scope,
                             "first_year": first, "jurisdiction_code": code,
                             "jurisdiction_name": data.name(code),
                             "sentence": event.sentence if event else "", "report": event.report if event else ""})
    return pd.DataFrame(rows, columns=["practice_slug", "practice_label", "scope", "first_year",
                                       "jurisdiction_code", "jurisdiction_name", "sentence", "report"])


def adoption_curve(data: DiffusionData, practice: str | None = None, province: str | None = None,
                   by_province: bool = False) -> pd.DataFrame:
    """Per practice, scope and year: new adopters, cumulative adopters, population and cumulative share."""
    years = data.years()
    rows = []
    for scope_code, scope in _scopes(data, province, by_province):
        members = set(data.population(scope_code))
        if not members:
            continue
        for slug, cascade in data.cascades().items():
            if practice is not None and slug != practice:
                continue
            inside = [y for c, y in cascade.items() if c in members]
            if not inside:
                continue
            total = 0
            for year in years:
                new = sum(1 for y in inside if y == year)
                total += new
                rows.append({"practice_slug": slug, "practice_label": data.label(slug), "scope": scope,
                             "year": year, "new_adopters": new, "cumulative": total,
                             "population": len(members), "share": total / len(members)})
    return pd.DataFrame(rows, columns=["practice_slug", "practice_label", "scope", "year", "new_adopters",
                                       "cumulative", "population", "share"])
