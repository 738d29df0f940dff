"""Resolve the jurisdiction a report speaks for, from its title and text.

A name alone does not identify a place (鼓楼区 is in four cities; 高区 is the
short name of many development zones), so the resolver looks for the
candidates' parents in the surrounding text (江门市江海区, 《威海市…办法》,
威海政务云平台) and picks a candidate only when the evidence singles it out.
Otherwise it raises :class:`~fzgraph.errors.JurisdictionError` listing the
candidates: it never picks at random.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .errors import JurisdictionError
from .jurisdictions import JurisdictionTable
from .records import AdminUnit

__all__ = ["Resolution", "resolve_name", "resolve_report_jurisdiction", "title_jurisdiction_segment"]

_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "zone": 3}
_TITLE_CUT = re.compile(r"法治|依法行政|关于|党政主要负责人|年度|工作报告")
_TITLE_NOISE = re.compile(r"\d{4}\s*(年度|年)?|人民政府|管委会|管理委员会|政府")
# 我县 / 全区 / 本市: the kind of unit the report speaks for.
_SELF_REF = re.compile(r"[我全本](县|区|市|旗)")


@dataclass(frozen=True)
class Resolution:
    """A resolved jurisdiction and how it was found."""

    unit: AdminUnit
    parents: tuple[AdminUnit, ...]
    named_as: str
    how: str


def _context_score(table: JurisdictionTable, unit: AdminUnit, context: str) -> int:
    score = 0
    for ancestor in table.ancestors(unit.code):
        for name in (ancestor.name, *ancestor.short_names):
            score += context.count(name)
    return score


def resolve_name(table: JurisdictionTable, name: str, context: str = "", *,
                 path: str | None = None) -> Resolution:
    """Resolve one name to one unit, using ``context`` to break ties.

    Raises
    ------
    JurisdictionError
        When the name is unknown, or several units fit equally well.
    """
    candidates = table.candidates(name)
    if not candidates:
        raise JurisdictionError(f"unknown jurisdiction {name!r}", path=path, cause="unknown jurisdiction")
    exact = [c for c in candidates if c.name == name]
    pool = exact or candidates
    if len(pool) == 1:
        unit = pool[0]
        return Resolution(unit, tuple(table.ancestors(unit.code)), name, f"name: {name}")
    scores = {c.code: _context_score(table, c, context) for c in pool}
    best = max(scores.values())
    winners = [c for c in pool if scores[c.code] == best]
    if best > 0 and len(winners) == 1:
        unit = winners[0]
        parent = table.ancestors(unit.code)[0].name if table.ancestors(unit.code) else ""
        return Resolution(unit, tuple(table.ancestors(unit.code)), name,
                          f"name: {name}; parent {parent} named {best} times in context")
    listing = ", ".join(f"{c.name} ({c.code}, {_parent_name(table, c)})" for c in pool[:8])
    raise JurisdictionError(
        f"ambiguous jurisdiction {name!r}: {len(pool)} places fit ({listing}); "
        "name the parent city in the title or text",
        path=path, cause="ambiguous jurisdiction", candidates=tuple(c.code for c in pool),
    )


def _parent_name(table: JurisdictionTable, unit: AdminUnit) -> str:
    ancestors = table.ancestors(unit.code)
    return ancestors[0].name if ancestors else "-"


def title_jurisdiction_segment(title: str) -> str:
    """The part of a title that names the jurisdiction (before 法治…, years removed)."""
    head = _TITLE_CUT.split(title, maxsplit=1)[0] if _TITLE_CUT.search(title) else title
    if not head.strip() and re.match(r"\d{4}\s*年", title):
        head = _TITLE_CUT.split(title[title.index("年") + 1:], maxsplit=1)[0]
    return _TITLE_NOISE.sub("", head).strip(" ,、:")


def _most_specific(table: JurisdictionTable, names: list[str], context: str, path: str | None,
                   where: str) -> Resolution:
    resolutions = []
    errors = []
    for name in names:
        try:
            resolutions.append(resolve_name(table, name, context, path=path))
        except JurisdictionError as e:
            errors.append(e)
    if not resolutions:
        raise errors[0]
    # 江门市江海区: keep the deepest unit; the others must be its ancestors.
    resolutions.sort(key=lambda r: _LEVEL_RANK.get(r.unit.level, 9))
    deepest = resolutions[-1]
    if errors and _LEVEL_RANK.get(deepest.unit.level, 9) < 2:
        # a county-level name failed; a resolved parent alone would be wrong
        raise errors[-1]
    return Resolution(deepest.unit, deepest.parents, deepest.named_as, f"{where}; {deepest.how}")


def resolve_report_jurisdiction(table: JurisdictionTable, title: str | None, text: str, *,
                                path: str | None = None) -> Resolution:
    """Find and resolve the jurisdiction a report is about.

    The title's leading segment is tried first; failing that, the most named
    unit of the self-referenced kind (我县 -> a county) in the opening text.
    """
    if title:
        segment = title_jurisdiction_segment(title)
        names = [name for _, _, name in table.find_names(segment)]
        if names:
            return _most_specific(table, names, f"{title}\n{text}", path, f"title: {segment}")
    opening = text[:4000]
    self_ref = Counter(m.group(1) for m in _SELF_REF.finditer(opening))
    counts = Counter(name for _, _, name in table.find_names(opening))
    ranked = [name for name, _ in counts.most_common()]
    wanted = self_ref.most_common(1)[0][0] if self_ref else None
    for name in ranked:
        for unit in table.candidates(name):
            if wanted and not unit.name.endswith(wanted) and unit.level != "zone":
                continue
            try:
                res = resolve_name(table, name, text, path=path)
            except JurisdictionError:
                continue
            return Resolution(res.unit, res.parents, name,
                              f"text: {name} named {counts[name]} times, report says 我{wanted or ''}")
    raise JurisdictionError("no jurisdiction found in the title or opening text", path=path,
                            cause="unresolved jurisdiction")
