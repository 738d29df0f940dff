"""The adoption matrix in the layouts policy-diffusion tools read.

- :func:`adoption_long`: SPID's long form (the State Policy Innovation and
  Diffusion database): one row per jurisdiction at risk x practice, with the
  adoption year, or none and ``censored`` when the jurisdiction never adopts;
- :func:`adoption_wide`: NetworkInference's wide cascade form
  (``as_cascade_wide``): one row per jurisdiction, one column per practice,
  the first year or NA (censored);
- :func:`cascade_long`: NetworkInference's long form (``as_cascade_long``):
  node, event time, cascade id, adopters only;
- :func:`event_history`: the event-history panel for diffusion regressions:
  jurisdiction x practice x year at risk, ``adopted`` 1 in the year of
  adoption, the jurisdiction leaving the risk set after it.
"""

from __future__ import annotations

import pandas as pd

from .data import DiffusionData

__all__ = ["adoption_long", "adoption_wide", "cascade_long", "event_history"]


def _practices(data: DiffusionData, practices) -> list[str]:
    return sorted(practices) if practices is not None else data.adopted_practices()


def adoption_long(data: DiffusionData, practices=None) -> pd.DataFrame:
    """SPID long form: jurisdiction x practice -> adoption year (NA and censored when never)."""
    rows = []
    for slug in _practices(data, practices):
        for code in data.population():
            year = data.first_years.get((code, slug))
            province = data.province(code)
            rows.append({
                "jurisdiction_code": code, "jurisdiction_name": data.name(code),
                "province": data.name(province) if province else "",
                "practice_slug": slug, "practice_label": data.label(slug),
                "adopt_year": year, "censored": year is None,
                "last_observed": data.last_year(code),
            })
    frame = pd.DataFrame(rows, columns=["jurisdiction_code", "jurisdiction_name", "province", "practice_slug",
                                        "practice_label", "adopt_year", "censored", "last_observed"])
    frame["adopt_year"] = frame["adopt_year"].astype("Int64")
    frame["last_observed"] = frame["last_observed"].astype("Int64")
    return frame


def adoption_wide(data: DiffusionData, practices=None) -> pd.DataFrame:
    """NetworkInference wide form: index jurisdiction code, one column per practice slug, first year or NA."""
    slugs = _practices(data, practices)
    codes = data.population()
    frame = pd.DataFrame({slug: [data.first_years.get((code, slug)) for code in codes] for slug in slugs},
                         index=pd.Index(codes, name="jurisdiction_code"), dtype="Int64")
    return frame


def cascade_long(data: DiffusionData, practices=None) -> pd.DataFrame:
    """NetworkInference long form: node_name, event_time, cascade_id (adopters only)."""
    wanted = set(_practices(data, practices))
    rows = [{"node_name": code, "event_time": year, "cascade_id": slug}
            for slug, cascade in data.cascades().items() if slug in wanted
            for code, year in sorted(cascade.items(), key=lambda kv: (kv[1], kv[0]))]
    return pd.DataFrame(rows, columns=["node_name", "event_time", "cascade_id"])


def event_history(data: DiffusionData, practices=None, start: int | None = None) -> pd.DataFrame:
    """Event-history panel: one row per jurisdiction x practice x year at risk, ``adopted`` 0/1.

    A jurisdiction is at risk from ``start`` (default: the first year in the
    data) to its adoption year or, if it never adopts, its last observed year.
    """
    years = data.years()
    if not years:
        return pd.DataFrame(columns=["jurisdiction_code", "practice_slug", "year", "adopted"])
    start = years[0] if start is None else start
    rows = []
    for slug in _practices(data, practices):
        for code in data.population():
            adopted = data.first_years.get((code, slug))
            end = adopted if adopted is not None else data.last_year(code)
            for year in range(start, (end or start) + 1):
                rows.append({"jurisdiction_code": code, "practice_slug": slug, "year": year,
                             "adopted": int(year == adopted)})
    return pd.DataFrame(rows, columns=["jurisdiction_code", "practice_slug", "year", "adopted"])
