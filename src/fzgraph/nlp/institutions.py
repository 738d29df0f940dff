"""``fz_institutions``: named bodies (县司法局, 区人大常委会, 区人民法院,
县委依法治县委员会, 公共法律服务中心) and roles (政府法律顾问, 公职律师).

A name is a jurisdiction prefix (县/区/市/省/镇/街道 or a place name; one
that ends another word, as 乡 in 城乡, is not) plus up to eight characters
(ten when a 和 joins two fields: 人力资源和社会保障局) plus an ending from ``ontology/institutions.tsv``, which
also gives the type; generic names listed there are matched whole. Relative
names are made absolute within the report's jurisdiction (区司法局 in a 柯桥区
report -> 柯桥区司法局; 市司法局 in a county report -> the parent city's).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..jurisdictions import load_table
from ..records import InstitutionMention
from .context import get_context, mention_fields
from .data import load_tables
from .facts import ensure_extensions, offsets, store
from .words import breaks_before, word_at

__all__ = ["InstitutionExtractor", "make_institution_extractor", "official_name"]

_RELATIVE = ("县", "区", "市", "省")
_STOP = "的和及与在对了是为把将从向由被等、,。;:“”《》()\n 年月日各全本"
_LISTED = re.compile(r"[\u4e00-\u9fff]{1,5}?(局|委员会)(?=[、和及等,，])")


class InstitutionExtractor:
    def __init__(self, nlp: Language, name: str = "fz_institutions"):
        self.name = name
        self.tables=None
        self.table=None
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, tables=None,
                   table=None):
        self.tables = tables or load_tables()
        self.table = table or load_table()
        self.prefix = re.compile(r"(县|区|市|省|镇|乡|街道)(?![域级场内外直属])(?!民(?!政))")  # 市民, but 市民政局
        self.suffixes = Gazetteer((suffix, None) for suffix, _ in self.tables.institution_suffixes)
        self.max_suffix = max(len(suffix) for suffix, _ in self.tables.institution_suffixes)
        self.generic = Gazetteer(self.tables.institution_names)
        self.suffix_type = dict(self.tables.institution_suffixes)

    def __call__(self, doc: Doc) -> Doc:
        if self.tables is None:
            self.initialize()
        store(doc, "institutions", self.match(doc), "INSTITUTION")
        return doc

    def match(self, doc: Doc) -> list[InstitutionMention]:
        ctx = get_context(doc)
        text = ctx.text
        taken = bytearray(len(text) + 1)
        found = []
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]
        own = ctx.meta.jurisdiction_code if ctx.meta is not None else None
        province = own[:2] if own else None
        suffix_ends: dict[int, list[int]] = {}  # end -> starts of the suffixes ending there
        for s, e, _label, _ in self.suffixes.find_all(text):
            suffix_ends.setdefault(e, []).append(s)
        for m in self.prefix.finditer(text):
            if taken[m.start()]:
                continue
            end = self._longest_name_end(text, m.start(), m.end(), suffix_ends)
            if end is None:
                continue
            start = self._extend_left(text, m.start(), province)
            if any(s <= start < e for s, e in titles):
                continue
            name = text[start:end]
            if name.endswith("政府") and text[m.end():end - 2] not in ("", "人民"):
                continue  # 区政府 and 县人民政府 are bodies; 市法治政府, 县数字政府 are ideas
            if start == m.start() and not breaks_before(text, start):
                word_start, word_end = word_at(text, start)
                if word_start != start and text[word_start:word_end] not in self.table.by_name:
                    continue  # 乡 in 城乡建设局, 区 in 社区矫正: the end of another word (会同县 is a place)
            kind = next(t for suffix, t in self.tables.institution_suffixes if name.endswith(suffix))
            found.append((start, end, name, kind))
            taken[start:end] = b"\x01" * (end - start)
        # a generic name inside a practice's name (政协提案, 法律顾问全覆盖) is part of that name
        in_practice = bytearray(len(text) + 1)  # 1 inside a practice name, 2 at its first character
        for p_start, p_end in offsets(doc, "practices"):
            in_practice[p_start:p_end] = b"\x01" * (p_end - p_start)
            in_practice[p_start] = 2
        for s, e, label, kind in self.generic.find(text):
            # inside when every character is in a practice name that does not start and end with it
            inside = all(in_practice[s:e]) and not (in_practice[s] == 2 and not in_practice[e])
            if not inside and not any(taken[s:e]) and not any(ts <= s < te for ts, te in titles):
                found.append((s, e, label, kind))
                taken[s:e] = b"\x01" * (e - s)
        found += self._listed_after(text, found, taken)
        found.sort()
        return [InstitutionMention(**mention_fields(ctx, s, e), full_name=self._absolute(name, ctx),
                                   institution_type=kind) for s, e, name, kind in found]

    def _listed_after(self, text: str, found: list, taken: bytearray) -> list:
        """Short names listed after a full one share its jurisdiction prefix:
        区司法局指导区财政局、教育局、卫健局 -> 区教育局, 区卫健局."""
        extra = []
        queue = sorted((e, name) for _s, e, name, _k in found
                       if text.startswith("、", e) and name.startswith(_RELATIVE))
        while queue:
            end, prev = queue.pop(0)
            start = end + 1
            m = _LISTED.match(text, start)
            if not m or taken[start]:
                continue
            name = prev[0] + m.group(0)
            kind = next(t for suffix, t in self.tables.institution_suffixes if name.endswith(suffix))
            extra.append((start, m.end(), name, kind))
            if text.startswith("、", m.end()):
                queue.insert(0, (m.end(), name))
        return extra

    def _longest_name_end(self, text: str, prefix_start: int, body_start: int,
                          suffix_ends: dict[int, list[int]]) -> int | None:
        """End of the longest name whose body (at most 8 characters, or 10 with a 和 before
        any ending; no stop characters and no other name's ending) runs from ``body_start``."""
        best, body = None, 8
        limit = min(len(text), body_start + 10 + self.max_suffix)
        for end in range(body_start + 1, limit + 1):
            if text[end - 1] == "和" and best is None and end - body_start > 1:
                body = 10  # 人力资源和社会保障局, 住房和城乡建设局: one body's two fields
                continue
            if text[end - 1] in _STOP:
                break
            if any(prefix_start <= start and start - body_start <= body for start in suffix_ends.get(end, ())):
                best = end
            if text[end - 1] in "局院所":
                break  # 区司法局指导区财政局: a bureau's, court's or station's name ends there
        return best

    def _extend_left(self, text: str, start: int, province: str | None) -> int:
        # 昌乐县司法局: a place name right before the relative prefix belongs to the name; one in
        # another province is more likely words (会同县住建局: 会同 "together with", not 会同县)
        for length in range(min(self.table.max_name_length, start), 1, -1):
            for code in self.table.by_name.get(text[start - length:start + 1], ()):
                if province is None or code[:2] == province:
                    return start - length
        return start

    def _absolute(self, name: str, ctx) -> str:
        return official_name(self._relative_made_absolute(name, ctx), self.tables.institution_forms,
                             self.table.by_name)

    def _relative_made_absolute(self, name: str, ctx) -> str:
        meta = ctx.meta
        if meta is None or not meta.jurisdiction_name or not name.startswith(_RELATIVE):
            return name
        prefix = name[0]
        own = meta.jurisdiction_name
        if meta.jurisdiction_level == "zone" and prefix == "区":
            return own + name[1:]
        if own.endswith(prefix) and meta.jurisdiction_level in ("county", "prefecture", "province"):
            return own + name[1:]
        wanted = {"市": "prefecture", "省": "province"}.get(prefix)
        for code, parent_name in meta.parents:
            level = self.table[code].level if code in self.table else None
            if level == wanted:
                return parent_name + name[1:]
        return name


def official_name(name: str, forms, places) -> str:
    """``name`` with its ending in official form when a jurisdiction's name (one of ``places``)
    stands before it: 潍坊市政府 -> 潍坊市人民政府, 昌乐县委 -> 中共昌乐县委员会 (``forms``: the
    rows of ``institution_forms.tsv``, longest ending first)."""
    for short, full, lead in forms:
        place = name[:-len(short)]
        if name.endswith(short) and place in places:
            return name if name.endswith(full) else lead + place + full
    return name


@Language.factory("fz_institutions", assigns=["doc.spans", "doc._.fz"])
def make_institution_extractor(nlp: Language, name: str) -> InstitutionExtractor:
    """The institution extractor; call ``nlp.initialize()`` to load its tables."""
    return InstitutionExtractor(nlp, name)
