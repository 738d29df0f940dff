"""The diffusion mode of each adoption, and the share of each mode per practice.

For the first adoption of practice *p* by jurisdiction *j* in year *t*:

- ``top_down``: an administrative ancestor of *j* (its city or province)
  adopted *p* before *t*;
- ``neighbour``: otherwise, a neighbour of *j* (see :mod:`.geography`)
  adopted *p* before *t*;
- ``pioneer``: otherwise, no jurisdiction of *j*'s region (its province) had
  adopted *p* before *t*: *j* is among the first there;
- ``other``: a later adopter in its province with no earlier adopter among its
  ancestors or neighbours.

"Before" is strictly earlier: adoptions in the same year do not explain each
other. The first year a jurisdiction reports is also the first year it can be
seen adopting, so a pioneer is a pioneer of the graph, not necessarily of the
world. Every row keeps the evidence (earlier ancestors and neighbours), so a
reader can re-classify with other rules.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .data import DiffusionData

__all__ = ["MODES", "diffusion_modes", "mode_shares"]

MODES = ("top_down", "neighbour", "pioneer", "other")


def diffusion_modes(data: DiffusionData, neighbours: Mapping[str, set[str]] | None = None,
                    practice: str | None = None) -> pd.DataFrame:
    """One row per first adoption with its mode and the earlier adopters that explain it.

    ``neighbours`` maps a code to the codes of its neighbours; by default
    :func:`~fzgraph.analysis.geography.neighbours_for` computes them from the
    coordinates shipped in ``ontology/coordinates.tsv``.
    """
    if neighbours is None:
        from .geography import neighbours_for

        neighbours = neighbours_for(data)
    rows = []
    for slug, cascade in data.cascades().items():
        if practice is not None and slug != practice:
            continue
        by_province: dict[str | None, list[int]] = {}
        for code, year in cascade.items():
            by_province.setdefault(data.province(code), []).append(year)
        for code, year in sorted(cascade.items(), key=lambda kv: (kv[1], kv[0])):
            ancestors = [a for a in data.ancestors(code) if cascade.get(a, year) < year]
            near = sorted(n for n in neighbours.get(code, ()) if cascade.get(n, year) < year)
            province = data.province(code)
            earlier_in_region = sum(1 for y in by_province.get(province, ()) if y < year)
            if ancestors:
                mode = "top_down"
            elif near:
                mode = "neighbour"
            elif earlier_in_region == 0:
                mode = "pioneer"
            else:
                mode = "other"
            event = data.first_events.get((code, slug))
            rows.append({
                "practice_slug": slug, "practice_label": data.label(slug),
                "jurisdiction_code": code, "jurisdiction_name": data.name(code),
                "province": data.name(province) if province else "", "year": year, "mode": mode,
                "earlier_ancestors": ",".join(ancestors),
                "earlier_neighbours": ",".join(near),
                "earlier_in_region": earlier_in_region,
                "status": event.status if event else "",
                "sentence": event.sentence if event else "", "report": event.report if event else "",
            })
    return pd.DataFrame(rows, columns=["practice_slug", "practice_label", "jurisdiction_code", "jurisdiction_name",
                                       "province", "year", "mode", "earlier_ancestors", "earlier_neighbours",
                                       "earlier_in_region", "status", "sentence", "report"])


def mode_shares(modes: pd.DataFrame) -> pd.DataFrame:
    """Per practice: the number of adoptions and the count and share of each mode."""
    rows = []
    for (slug, label), group in modes.groupby(["practice_slug", "practice_label"], sort=True):
        counts = group["mode"].value_counts()
        row = {"practice_slug": slug, "practice_label": label, "adoptions": len(group)}
        for mode in MODES:
            row[mode] = int(counts.get(mode, 0))
        for mode in MODES:
            row[f"{mode}_share"] = row[mode] / len(group)
        rows.append(row)
    return pd.DataFrame(rows, columns=["practice_slug", "practice_label", "adoptions", *MODES,
                                       *(f"{m}_share" for m in MODES)])
