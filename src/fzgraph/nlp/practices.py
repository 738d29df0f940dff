"""``fz_practices``: every mention of a taxonomy practice, with its status.

Labels come from ``ontology/practices.ttl`` (prefLabel, altLabel, hiddenLabel;
``fz:strictLabel`` only when quoted or followed by 制度/机制/改革/工作/模式/平台).
Quote marks inside a name are ignored (行政执法“三项制度”). Overlapping labels
resolve to the longest. The status comes from the section (problems, plans),
then from cue words in the clause (``ontology/cues.tsv``): hedging and
negation -> problem, 试点 -> piloted, 获评/示范 -> recognised model,
率先/首批 -> first in region (with the region resolved to a jurisdiction).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..records import PracticeMention
from ..schemes import Scheme, practices
from .context import get_context, mention_fields
from .data import load_tables
from .facts import ensure_extensions, store
from .words import standalone

__all__ = ["PracticeMatcher", "make_practice_matcher", "masked_text", "practice_status", "region_code",
           "strip_quotes"]

_QUOTES = "“”‘’\"'「」"
_QUOTE_CHAR = re.compile("[" + re.escape(_QUOTES) + "]")
_RECOGNISED_BY = re.compile(r"被(.{1,14}?)(评为|列为|确定为|授予|命名为|认定为|表彰)")
_RECOGNISED_AT = re.compile(r"(获评|入选|荣获|评为|列为)(国家级|省级|市级|全国|全省|全市|[\u4e00-\u9fff]{2,5}?[省市])")
_PRIORITY = ("piloted", "recognised_model", "first_in_region", "planned")


def strip_quotes(text: str) -> tuple[str, list[int]]:
    """Text without quote marks, and for each kept character its original offset."""
    if not any(q in text for q in _QUOTES):
        return text, list(range(len(text) + 1))
    index, kept_from = [], 0
    for m in _QUOTE_CHAR.finditer(text):
        index.extend(range(kept_from, m.start()))
        kept_from = m.end()
    index.extend(range(kept_from, len(text) + 1))
    return _QUOTE_CHAR.sub("", text), index


def masked_text(text: str, spans) -> str:
    """``text`` with every ``(start, end)`` span blanked (□): the text status cues are read
    in, so that 示范 inside a practice's name (民主法治示范村) is no cue."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "□" * (end - start)
    return "".join(chars)


_TITLE = re.compile(r"《[^《》\n]*》")
# a name right after a count of persons (培养3名“法律明白人”) names the people holding a role
_COUNTED_PERSONS = re.compile(r"[\d一二两三四五六七八九十百千万余多]+名[“‘]?$")
_LIST_JOINERS = "、和及与"


def _listed_with(accepted, waiting, text):
    """Strict labels accepted because they stand in a list (、和及) next to an
    accepted practice: 公众参与、专家论证、风险评估 … 等法定程序."""
    accepted = list(accepted)
    taken = []
    changed = True
    while changed:
        changed = False
        ends = {e for _, e, _ in accepted}
        starts = {s for s, _, _ in accepted}
        for item in list(waiting):
            start, end, _slug = item
            before = start > 0 and text[start - 1] in _LIST_JOINERS and (start - 1) in ends
            after = end < len(text) and text[end] in _LIST_JOINERS and (end + 1) in starts
            if before or after:
                waiting.remove(item)
                accepted.append(item)
                taken.append(item)
                changed = True
    return taken


_ELLIPSIS_MAX = 6  # characters of a fragment that shares a name's head or tail (应诉, 人大)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _elliptical(found, labels: dict, text: str, taken: bytearray):
    """Practices named by a fragment that shares its head or tail with a
    neighbouring name in a list: 行政复议、应诉工作 (行政 + 应诉 -> 行政应诉),
    接受人大、政协民主监督 (人大 + 监督 -> 人大监督). The fragment is kept only
    when the reconstructed name is a (non-strict) label of the taxonomy; the
    shortest such fragment wins (应诉, not 应诉工作)."""
    extra = []
    for start, end, _slug in found:
        name = text[start:end]
        # forward: the name's head carries over to the fragment after the joiner
        if end < len(text) and text[end] in _LIST_JOINERS:
            best = None
            for k in range(2, _ELLIPSIS_MAX + 1):
                fs, fe = end + 1, end + 1 + k
                if fe > len(text) or not _CJK.fullmatch(text[fe - 1]) or any(taken[fs:fe]):
                    break
                slug = next(filter(None, (labels.get(name[:p] + text[fs:fe]) for p in range(1, len(name))
                                          if not text[fs:fe].startswith(name[p:]))), None)
                if slug:
                    best = (fs, fe, slug)
                    break
            if best:
                extra.append(best)
        # backward: the name's tail carries over to the fragment before the joiner
        if start > 0 and text[start - 1] in _LIST_JOINERS:
            best = None
            for k in range(2, _ELLIPSIS_MAX + 1):
                fs, fe = start - 1 - k, start - 1
                if fs < 0 or not _CJK.fullmatch(text[fs]) or any(taken[fs:fe]):
                    break
                # 行政执法及执法监督: the fragment ends with the name's own head, so it names a thing of its own
                slug = next(filter(None, (labels.get(text[fs:fe] + name[q:]) for q in range(1, len(name))
                                          if not text[fs:fe].endswith(name[:q]))), None)
                if slug:
                    best = (fs, fe, slug)
                    break
            if best:
                extra.append(best)
    for s, e, _ in extra:
        taken[s:e] = b"\x01" * (e - s)
    return extra


@lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)))


def _cue(words: tuple[str, ...], text: str) -> str | None:
    """The first cue word in ``text``; a one-character cue only as a word of its own
    (拟 in 拟出台 is a plan word, in 拟任领导干部 it is not)."""
    if not words or not _any_of(tuple(words)).search(text):
        return None  # most clauses hold no cue of a kind: one scan says so
    for word in words:
        at = text.find(word)
        while at >= 0:
            if len(word) > 1 or standalone(text, at, at + 1):
                return word
            at = text.find(word, at + 1)
    return None


def practice_status(cues: dict, ctx, start: int, end: int, masked: str) -> tuple[str, str, str | None, str | None]:
    """(status, cue, region, recognised_by) for a practice named at ``start:end``;
    ``masked`` is the text with every practice name blanked out, ``cues`` the
    cue words by kind (``ontology/cues.tsv``)."""
    c_start, c_end = ctx.clause(start)
    clause_text = masked[c_start:c_end]
    section = ctx.section(start)
    kind = section.kind if section else "other"
    problem = _cue(cues.get("problem", ()), clause_text)
    if kind == "problems":
        return "problem", "section: problems", None, None
    if problem:
        return "problem", problem, None, None
    if kind == "plans":
        return "planned", "section: plans", None, None
    found = {k: _cue(cues.get(k, ()), clause_text) for k in _PRIORITY}
    # a name that says it is a pilot (镇街法治化综合改革试点) is masked in the clause: read it too
    found["piloted"] = found["piloted"] or _cue(cues.get("piloted", ()), ctx.text[start:end])
    if not found["planned"]:
        # a plan word (下一步, 力争) governs its whole sentence
        s_start, s_end = ctx.sentence(start)
        found["planned"] = _cue(cues.get("planned", ()), ctx.text[s_start:s_end])
    if found["recognised_model"] in ("获得", "肯定") and not (found["recognised_model"] and any(
            w in clause_text for w in ("示范", "样板", "典型", "先进"))):
        found["recognised_model"] = None
    for status in _PRIORITY:
        if found[status]:
            region = None
            recognised_by = None
            if status == "first_in_region":
                region = next((w for k in ("region:prefecture", "region:province", "region:country")
                               for w in cues.get(k, ()) if w in clause_text), None)
            if status == "recognised_model":
                m = _RECOGNISED_BY.search(clause_text) or _RECOGNISED_AT.search(clause_text)
                recognised_by = (m.group(1) if m.re is _RECOGNISED_BY else m.group(2)) if m else None
            return status, found[status], region, recognised_by
    return "implemented", f"section: {kind}", None, None


def region_code(cues: dict | None, ctx, region: str | None) -> str | None:
    """The code of the parent jurisdiction a region word (全市, 全省) stands for."""
    if not region or ctx.meta is None or not cues:
        return None
    kind = next((k for k, words in cues.items() if k.startswith("region:") and region in words), "")
    for code, _name in ctx.meta.parents:
        if kind == "region:province" and code.endswith("0000"):
            return code
        if kind == "region:prefecture" and code.endswith("00") and not code.endswith("0000"):
            return code
    return None


class PracticeMatcher:
    """Find practices and set their status."""

    def __init__(self, nlp: Language, name: str = "fz_practices"):
        self.name = name
        self.scheme: Scheme | None = None
        self.tables=None
        self.gazetteer = Gazetteer(())
        self._not_practice_after: tuple[str, ...] = ()
        self._followers: tuple[str, ...] = ()
        self._listed_follower: re.Pattern | None = None
        self._counted: re.Pattern | None = None
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, scheme=None,
                   tables=None):
        """Load labels from the taxonomy and cue words from the tables."""
        self.scheme = scheme or practices()
        self.tables = tables or load_tables()
        # top concepts are the outline's areas, not practices a report adopts
        areas = {slug for slug, c in self.scheme.concepts.items() if c.top}
        labels = [(label, (slug, False)) for label, slug in self.scheme.labels.items() if slug not in areas]
        labels += [(label, (slug, True)) for label, slug in self.scheme.strict_labels.items() if slug not in areas]
        self.gazetteer = Gazetteer(labels)
        # words that, right after a practice name, make it part of a body's or a
        # role's name (人民调解员, …委员会) or of an unbracketed title (…条例)
        self._not_practice_after = tuple(self.tables.cues.get("not_practice_after", ()))
        # words after a strict label that make it a practice's name (法律顾问制度, 发挥法律顾问作用)
        self._followers = tuple(self.tables.cues.get("strict_follower", ()))
        # a number and a measure word of things right after a name: the name counts things
        units = self.tables.cues.get("counted_unit", ())
        # (57场次 counts sessions held: work done, not things)
        digits = "\\d一二两三四五六七八九十百千万"
        self._counted = re.compile(f"[{digits}][{digits}.,]*[余多]?(?:" + "|".join(
            map(re.escape, units)) + ")(?!次)") if units else None
        # a strict label closing a list that a follower sums up: 调解和解、公开听证等办案模式
        self._listed_follower = re.compile(r"等[\u4e00-\u9fff]{0,4}?(?:" + "|".join(
            map(re.escape, self._followers)) + ")") if self._followers else None

    def __call__(self, doc: Doc) -> Doc:
        if self.scheme is None:
            self.initialize()
        matches = self.match(doc)
        self.set_annotations(doc, matches)
        return doc

    def match(self, doc: Doc) -> list[PracticeMention]:
        """Practice mentions in ``doc``, longest label winning on overlaps."""
        ctx = get_context(doc)
        text = ctx.text
        stripped, index = strip_quotes(text)
        titles = bytearray(len(text) + 1)  # a name inside 《…》 is a document's title, not an adoption
        for m in _TITLE.finditer(text):
            titles[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        found, waiting = [], []
        heads = self._not_practice_after
        for s, e, _label, (slug, strict) in self.gazetteer.find(stripped):
            start, end = index[s], index[e - 1] + 1
            if titles[start]:
                continue
            if heads and stripped.startswith(heads, e):
                continue  # 人民调解员, 人民调解委员会, 优化营商环境条例: a body, a role or a title
            if _COUNTED_PERSONS.search(text, max(0, start - 6), start):
                continue
            if strict and not self._strict_ok(text, start, end):
                waiting.append((start, end, slug))
                continue
            found.append((start, end, slug))
        found = sorted(found + _listed_with(found, waiting, text))
        taken = bytearray(len(text) + 1)
        for start, end, _ in found:
            taken[start:end] = b"\x01" * (end - start)
        found = sorted(found + _elliptical(found, self.scheme.labels, text, taken))
        found = self._not_counted(found, text)
        # every practice name masked, so that 示范 inside 民主法治示范村 is not read as a cue
        masked = masked_text(text, [(start, end) for start, end, _ in found])
        memo: dict = {}  # the status depends on the clause and its section only
        return [self._mention(ctx, start, end, slug, masked, memo) for start, end, slug in found]

    def _not_counted(self, found: list, text: str) -> list:
        """``found`` without names that count things (宪法主题广场1处, 新闻发布会7场,
        “法律明白人”4570名), nor names listed right before such a name
        (法治文化广场、宪法主题广场1处)."""
        if self._counted is None:
            return found
        counted_starts: set[int] = set()
        kept = []
        for start, end, slug in reversed(found):  # a list's last name decides for those before it
            after = end + 1 if text.startswith(tuple(_QUOTES), end) else end
            listed = after < len(text) and text[after] in _LIST_JOINERS and after + 1 in counted_starts
            if listed or self._counted.match(text, after):
                counted_starts.add(start - 1 if start > 0 and text[start - 1] in _QUOTES else start)
                continue
            kept.append((start, end, slug))
        return kept[::-1]

    def _strict_ok(self, text: str, start: int, end: int) -> bool:
        followers = self._followers
        quoted = start > 0 and text[start - 1] in _QUOTES and end < len(text) and text[end] in _QUOTES
        listed = self._listed_follower is not None and self._listed_follower.match(text, end) is not None
        return quoted or listed or text.startswith(followers, end) or (
            end < len(text) and text[end] in _QUOTES and text.startswith(followers, end + 1))

    def _mention(self, ctx, start: int, end: int, slug: str, masked: str, memo: dict) -> PracticeMention:
        fields = mention_fields(ctx, start, end)
        key = (ctx.clause(start), id(ctx.section(start)))
        if key not in memo:
            memo[key] = self.status(ctx, start, end, masked)
        status, cue, region, recognised_by = memo[key]
        region_code = self._region_code(ctx, region)
        return PracticeMention(**fields, slug=slug, status=status, cue=cue, region=region,
                               region_code=region_code, recognised_by=recognised_by)

    def status(self, ctx, start: int, end: int, masked: str) -> tuple[str, str, str | None, str | None]:
        """(status, cue, region, recognised_by) for a mention at ``start:end``;
        ``masked`` is the text with every practice name blanked out."""
        return practice_status(self.tables.cues, ctx, start, end, masked)

    def _region_code(self, ctx, region: str | None) -> str | None:
        return region_code(self.tables.cues if self.tables else None, ctx, region)

    def set_annotations(self, doc: Doc, mentions) -> None:
        store(doc, "practices", mentions, "PRACTICE")


@Language.factory("fz_practices", assigns=["doc.spans", "doc._.fz"])
def make_practice_matcher(nlp: Language, name: str) -> PracticeMatcher:
    """The practice matcher; call ``nlp.initialize()`` to load the taxonomy."""
    return PracticeMatcher(nlp, name)
