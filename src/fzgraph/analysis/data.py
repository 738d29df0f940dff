"""The input of every diffusion analysis, read from the graph through SPARQL.

:func:`load_data` runs four named queries (``jurisdiction-units``,
``practice-scheme``, ``adoption-events``, ``reports``) on any object with a
``query(sparql, bindings) -> (names, rows)`` method and keeps the answers as
plain records in a :class:`DiffusionData`. Tests and benchmarks build a
:class:`DiffusionData` by hand with :meth:`DiffusionData.build`.

Conventions shared by the analyses:

- a jurisdiction *adopted* a practice in the first year it reports it with an
  adopting status (implemented, piloted, first in region, recognised model;
  :data:`ADOPTING_STATUSES`); planned and problem mentions are not adoptions;
- the *population* (jurisdictions at risk of adopting) is the jurisdictions
  with at least one report in the graph: silence is not evidence, so a
  jurisdiction without reports is neither an adopter nor a non-adopter;
- a jurisdiction of the population that never adopts is *censored* at the
  last year it reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..graph.export import ADOPTING_STATUSES
from ..graph.queries import bind_params, get_query

__all__ = ["ADOPTING_STATUSES", "Unit", "PracticeInfo", "Event", "DiffusionData", "load_data", "run_named"]

#: level names as the graph spells them (``fz:ProvinceLevel`` ...) -> short names
LEVELS = {"ProvinceLevel": "province", "PrefectureLevel": "prefecture", "CountyLevel": "county",
          "DevelopmentZoneLevel": "zone"}


@dataclass(frozen=True)
class Unit:
    """A jurisdiction: code, name, level (province, prefecture, county, zone) and parent code."""

    code: str
    name: str
    level: str
    parent: str | None = None


@dataclass(frozen=True)
class PracticeInfo:
    """A practice of the taxonomy with its outline area (top concept)."""

    slug: str
    label: str
    label_en: str = ""
    area: str = ""
    area_label: str = ""
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """One adoption record: jurisdiction x practice x year x status, with one evidence sentence."""

    code: str
    slug: str
    year: int
    status: str = "implemented"
    evidence: int = 1
    sentence: str = ""
    section: str = ""
    report: str = ""

    @property
    def adopting(self) -> bool:
        return self.status in ADOPTING_STATUSES


@dataclass
class DiffusionData:
    """Jurisdictions, practices, adoption events and report years."""

    units: dict[str, Unit]
    practices: dict[str, PracticeInfo]
    events: list[Event]
    #: jurisdiction code -> years it has a report for
    reports: dict[str, set[int]] = field(default_factory=dict)

    # -- construction ------------------------------------------------------

    @classmethod
    def build(cls, units: Iterable[tuple], adoptions: Iterable[tuple], practices: Iterable[tuple] = (),
              reports: dict[str, Iterable[int]] | None = None) -> DiffusionData:
        """A dataset from plain tuples (tests, benchmarks, synthetic data).

        ``units``: (code, name, level, parent_code); ``adoptions``: (code, slug,
        year) or (code, slug, year, status[, sentence, report]); ``practices``:
        (slug, label[, area]); practices only named in ``adoptions`` get their
        slug as label. ``reports`` defaults to every year a unit has an event.
        """
        unit_map = {u[0]: Unit(u[0], u[1], u[2], u[3] if len(u) > 3 else None) for u in units}
        events = []
        for a in adoptions:
            code, slug, year, *rest = a
            status = rest[0] if rest else "implemented"
            sentence = rest[1] if len(rest) > 1 else ""
            report = rest[2] if len(rest) > 2 else ""
            events.append(Event(code, slug, int(year), status, 1, sentence, "", report))
        info = {p[0]: PracticeInfo(p[0], p[1], area=p[2] if len(p) > 2 else "") for p in practices}
        for e in events:
            info.setdefault(e.slug, PracticeInfo(e.slug, e.slug))
        if reports is None:
            years: dict[str, set[int]] = defaultdict(set)
            for e in events:
                years[e.code].add(e.year)
            reports = years
        return cls(unit_map, info, events, {k: set(v) for k, v in reports.items()})

    # -- hierarchy ---------------------------------------------------------

    def ancestors(self, code: str) -> list[str]:
        """Parent, grandparent, ... codes of a unit, nearest first."""
        chain, seen = [], {code}
        unit = self.units.get(code)
        while unit is not None and unit.parent and unit.parent not in seen:
            chain.append(unit.parent)
            seen.add(unit.parent)
            unit = self.units.get(unit.parent)
        return chain

    def province(self, code: str) -> str | None:
        """The province code a unit lies in (itself for a province), None if unknown."""
        for c in (code, *self.ancestors(code)):
            unit = self.units.get(c)
            if unit is not None and unit.level == "province":
                return c
        return None

    def name(self, code: str | None) -> str:
        unit = self.units.get(code) if code else None
        return unit.name if unit else (code or "")

    def label(self, slug: str) -> str:
        info = self.practices.get(slug)
        return info.label if info else slug

    # -- adoptions ---------------------------------------------------------

    @cached_property
    def first_years(self) -> dict[tuple[str, str], int]:
        """(jurisdiction code, practice slug) -> first year with an adopting status."""
        first: dict[tuple[str, str], int] = {}
        for e in self.events:
            if e.adopting:
                key = (e.code, e.slug)
                if key not in first or e.year < first[key]:
                    first[key] = e.year
        return first

    @cached_property
    def first_events(self) -> dict[tuple[str, str], Event]:
        """(code, slug) -> the event of the first adoption (most evidence first on ties)."""
        best: dict[tuple[str, str], Event] = {}
        for e in sorted(self.events, key=lambda e: (e.year, -e.evidence, e.status, e.report)):
            if e.adopting and (e.code, e.slug) not in best:
                best[(e.code, e.slug)] = e
        return best

    def cascades(self) -> dict[str, dict[str, int]]:
        """Practice slug -> {jurisdiction code: first year}: one cascade per practice."""
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for (code, slug), year in sorted(self.first_years.items()):
            out[slug][code] = year
        return dict(sorted(out.items()))

    def adopted_practices(self) -> list[str]:
        """Slugs of practices with at least one adoption, sorted."""
        return sorted({slug for _, slug in self.first_years})

    def population(self, province: str | None = None) -> list[str]:
        """Codes of jurisdictions at risk: those with a report (or an event), within ``province`` if given."""
        codes = set(self.reports) | {e.code for e in self.events}
        if province is not None:
            codes = {c for c in codes if self.province(c) == province}
        return sorted(codes)

    def last_year(self, code: str) -> int | None:
        """The last year a jurisdiction is observed (report or event)."""
        years = set(self.reports.get(code, ())) | {e.year for e in self.events if e.code == code}
        return max(years) if years else None

    def years(self) -> list[int]:
        """Every year with a report or an event, sorted."""
        ys = {y for v in self.reports.values() for y in v} | {e.year for e in self.events}
        return sorted(ys)

    def resolve_province(self, value: str | None) -> str | None:
        """A province given as code or (short) name -> its code."""
        if value is None:
            return None
        if value in self.units:
            return self.province(value) or value
        for code, unit in self.units.items():
            if unit.level == "province" and (unit.name == value or unit.name.startswith(value)):
                return code
        raise ValueError(f"unknown province {value!r}")


# -- reading the graph ------------------------------------------------------------


def _text(term) -> str:
    return "" if term is None else str(term)


def run_named(source, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Run a named query on ``source`` (anything with ``query(sparql, bindings)``); rows as dicts of text."""
    query = get_query(name)
    bindings = bind_params(query, {k: v for k, v in (params or {}).items() if v is not None})
    names, rows = source.query(query.sparql, bindings)
    return [dict(zip(names, map(_text, row), strict=True)) for row in rows]


def load_data(source, practice: str | None = None, rollup: bool = False) -> DiffusionData:
    """Read jurisdictions, practices, adoption events and reports from the graph.

    ``practice`` (slug or label) keeps the events of one practice only;
    ``rollup`` also counts an adoption of a narrower practice as an adoption
    of each broader one (证明事项告知承诺制 -> 告知承诺制), as
    ``adopters-of-practice`` does.
    """
    units, iri_to_code = {}, {}
    for r in run_named(source, "jurisdiction-units"):
        units[r["code"]] = Unit(r["code"], r["name"], LEVELS.get(r["level"], r["level"]), r["parentCode"] or None)
        iri_to_code[r["jurisdiction"]] = r["code"]
    practices = {}
    for r in run_named(source, "practice-scheme"):
        if r["slug"] in practices:  # under several areas: the first in sort order
            continue
        broader = tuple(s for s in r["broader"].split(",") if s)
        area = r["area"].rsplit("/", 1)[-1] if r["area"] else ""
        practices[r["slug"]] = PracticeInfo(r["slug"], r["label"], r["labelEn"], area, r["areaLabel"], broader)
    events = [Event(r["code"], r["slug"], int(r["year"]), r["status"], int(r["evidence"] or 0), r["sentence"],
                    r["section"].rsplit("#", 1)[-1], r["report"])
              for r in run_named(source, "adoption-events", {"practice": practice} if not rollup else None)]
    if rollup:
        events = _rolled_up(events, practices)
        if practice is not None:
            slug = _practice_slug(source, practice)
            events = [e for e in events if e.slug == slug]
    reports: dict[str, set[int]] = defaultdict(set)
    for r in run_named(source, "reports"):
        code = iri_to_code.get(r["jurisdiction"])
        if code:
            reports[code].add(int(r["year"]))
    return DiffusionData(units, practices, events, dict(reports))


def _practice_slug(source, practice: str) -> str:
    query = get_query("adoption-events")
    iri = bind_params(query, {"practice": practice})["practice"]
    return str(iri).rsplit("/", 1)[-1]


def _rolled_up(events: list[Event], practices: dict[str, PracticeInfo]) -> list[Event]:
    def ancestors(slug: str) -> list[str]:
        seen, queue = [], list(practices[slug].broader) if slug in practices else []
        while queue:
            s = queue.pop(0)
            if s not in seen and s in practices:
                seen.append(s)
                queue.extend(practices[s].broader)
        return seen

    out = list(events)
    for e in events:
        for slug in ancestors(e.slug):
            if slug != practices[slug].area:  # outline areas are headings, not practices
                out.append(Event(e.code, slug, e.year, e.status, e.evidence, e.sentence, e.section, e.report))
    return out
