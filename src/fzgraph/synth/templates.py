"""Sentence and report templates (``templates.tsv``) parsed once into token lists.

A template is literal text with slots in braces, ``{NAME}`` or ``{NAME:ARG}``
(an argument may hold a nested ``{c}``). :data:`SLOTS` lists every slot the
writer knows; the writer (:mod:`fzgraph.synth.writer`) fills them. A row's
kind says what the template is for: ``p:<status>`` sentences name practices
with that status, ``ind:<kind>`` sentences give indicators, ``h2:<area>`` are
the area headings, ``fill:<area>`` sentences state no fact, and so on (the
header of ``templates.tsv`` lists them).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import PatternError

__all__ = ["SLOTS", "Template", "load_templates", "parse"]

HERE = Path(__file__).resolve().parent

#: slot name -> what it writes
SLOTS = {
    "P": "a practice of the sentence", "P2": "a second practice", "P3": "a third practice",
    "PF": "a fixed practice, {PF:slug} or {PF:slug=form}",
    "M": "a metric label", "V": "the value of the metric before it", "M2": "a second metric", "V2": "its value",
    "X": "a count of something no metric names, {X:unit}", "T": "a total written as a word, {T:全覆盖}",
    "RANK": "a rank of the jurisdiction",
    "I": "an own institution, {I} (a department) or {I:stem}", "IU": "a parent-city institution, {IU:stem}",
    "IV": "a provincial institution, {IV:stem}", "IG": "a generic institution name, {IG:name}",
    "POL": "a cited document, {POL:national|local|upper|outline}",
    "SELF": "我县", "ALL": "全县", "UW": "县 (the unit's own word)", "JN": "the unit's full name",
    "JS": "its short name", "CITY": "the parent city", "PROV": "the province",
    "Y": "the report year", "Y1": "the next year", "Y0": "the previous year",
    "R": "the region an item was first in", "RB": "who recognised an item (an institution)",
    "RL": "the level of a recognition or pilot (全省, 全市)", "NB": "a neighbour's name",
    "NP": "a practice of that neighbour (not a fact of this report)",
    "NPL": "a practice's name inside a column's name (not a mention of the practice)", "BRAND": "a local practice name",
    "NOVEL": "a named mechanism the taxonomy does not know (府检联动机制)",
    "Q": "a quoted slogan", "F": "a fragment of another kind, {F:kind}", "CONG": "the party congress of the year",
    "DATE": "a day of the year", "TOPIC": "a practice's name inside a document title",
    "Y2": "two years on", "N": "a plain number, {N:lo-hi}", "TITLE": "the report title",
    "INDEXNO": "an index number", "PUBLISHER": "a publisher", "PUBDATE": "a publication date",
}
_SLOT_NAME = re.compile(r"[A-Z][A-Z0-9]*")


@dataclass(frozen=True)
class Template:
    kind: str
    weight: float
    text: str
    tokens: tuple  # str or (name, arg)
    practices: int  # how many of P, P2, P3
    metrics: int  # how many of M, M2
    fixed: tuple[str, ...]  # slugs of {PF:...}
    needs: frozenset  # slot names used

    def uses(self, name: str) -> bool:
        return name in self.needs


def parse(text: str) -> tuple:
    """Tokens of a template: literal strings and (name, arg) slots."""
    tokens: list = []
    i, n = 0, len(text)
    buf = []
    while i < n:
        ch = text[i]
        if ch != "{":
            buf.append(ch)
            i += 1
            continue
        depth, j = 0, i
        while j < n:
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= n:
            raise PatternError(f"unclosed slot in template {text!r}", cause="bad template")
        body = text[i + 1:j]
        name, _, arg = body.partition(":")
        if not _SLOT_NAME.fullmatch(name) or name not in SLOTS:
            raise PatternError(f"unknown slot {{{body}}} in template {text!r}", cause="bad template")
        if buf:
            tokens.append("".join(buf))
            buf = []
        tokens.append((name, arg or None))
        i = j + 1
    if buf:
        tokens.append("".join(buf))
    return tuple(tokens)


def _template(kind: str, weight: float, text: str) -> Template:
    tokens = parse(text)
    names = [t[0] for t in tokens if isinstance(t, tuple)]
    fixed = tuple(t[1].split("=")[0] for t in tokens if isinstance(t, tuple) and t[0] == "PF")
    return Template(kind=kind, weight=weight, text=text, tokens=tokens,
                    practices=sum(1 for n in names if n in ("P", "P2", "P3")),
                    metrics=sum(1 for n in names if n in ("M", "M2")), fixed=fixed, needs=frozenset(names))


@lru_cache(maxsize=2)
def load_templates(path: str | None = None) -> dict[str, tuple[Template, ...]]:
    """``templates.tsv`` as kind -> templates (file order)."""
    file = Path(path) if path else HERE / "templates.tsv"
    if not file.is_file():
        raise PatternError(f"data file missing: {file}", path=str(file), cause="missing")
    out: dict[str, list[Template]] = {}
    with file.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row[:3] == ["kind", "weight", "template"]:
            continue
        if len(row) != 3:
            raise PatternError(f"expected 3 columns, got {row!r}", path=str(file), cause="bad table")
        kind, weight, text = (c.strip() for c in row)
        try:
            template = _template(kind, float(weight), text.replace("\\n", "\n"))
        except PatternError as e:
            raise PatternError(str(e), path=str(file), cause="bad template") from e
        out.setdefault(kind, []).append(template)
    return {k: tuple(v) for k, v in out.items()}
