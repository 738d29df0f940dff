"""The small tables that configure the extractors, read from ``ontology/``:
status and qualifier cue words (``cues.tsv``), units (``units.tsv``),
institution name endings (``institutions.tsv``) and their official forms
(``institution_forms.tsv``). Editing a table changes what
the extractors find; no word lists live in the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import ontology_dir, read_tsv
from ..errors import PatternError

__all__ = ["Tables", "load_tables"]


@dataclass(frozen=True)
class Tables:
    cues: dict[str, tuple[str, ...]]  # kind -> cue words, longest first
    units: tuple[str, ...]  # longest first
    unit_kinds: dict[str, str]
    institution_suffixes: tuple[tuple[str, str], ...]  # (suffix, type), longest first
    institution_names: tuple[tuple[str, str], ...]  # whole generic names
    institution_forms: tuple[tuple[str, str, str], ...]  # (short ending, official ending, lead), longest first


def _rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise PatternError(f"data file missing: {path}", path=str(path), cause="missing")
    rows = read_tsv(path, columns)
    for i, row in enumerate(rows, start=2):
        if any(not (row.get(c) or "").strip() for c in columns):
            raise PatternError(f"row {i} has an empty {columns} field", path=str(path), cause="bad table")
    return rows


@lru_cache(maxsize=4)
def _load(folder: str) -> Tables:
    base = Path(folder)
    cues: dict[str, list[str]] = {}
    for row in _rows(base / "cues.tsv", ("cue", "kind")):
        cues.setdefault(row["kind"].strip(), []).append(row["cue"].strip())
    units = _rows(base / "units.tsv", ("unit", "kind"))
    inst = _rows(base / "institutions.tsv", ("suffix", "type"))
    forms = _rows(base / "institution_forms.tsv", ("short", "full", "lead"))
    by_length = lambda items: tuple(sorted(items, key=lambda x: -len(x[0] if isinstance(x, tuple) else x)))  # noqa: E731
    return Tables(
        cues={k: by_length(v) for k, v in cues.items()},
        units=by_length([r["unit"] for r in units]),
        unit_kinds={r["unit"]: r["kind"] for r in units},
        institution_suffixes=by_length([(r["suffix"], r["type"]) for r in inst if not r["suffix"].startswith("=")]),
        institution_names=by_length([(r["suffix"][1:], r["type"]) for r in inst if r["suffix"].startswith("=")]),
        institution_forms=by_length([(r["short"], r["full"], r["lead"].strip("-")) for r in forms]),
    )


def load_tables() -> Tables:
    """The extractor tables from the ontology folder (cached per folder)."""
    return _load(str(ontology_dir()))
