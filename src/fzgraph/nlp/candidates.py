"""``fz_candidates``: names that look like practices but are not in the
taxonomy yet: quoted terms (“云见面”), names ending in 改革/制度/机制/模式/
清单/工程/平台, and 一X一Y patterns. ``fzgraph candidates`` ranks them across a
corpus by how many jurisdictions use them, so the taxonomy can grow.

A quoted term is more than a candidate when the text itself says it names a
practice (reason ``named``, a :class:`NamedPractice` with a status like a
taxonomy mention):

- a practice head follows the closing quote, directly or after a few
  characters: “1+2+N”模式, “百日攻坚”专项行动, “纺城笛扬哨”智慧监管平台,
  “苍穹”禁毒应用试点;
- the quoted term ends in such a head itself: “怡园法治经验”, “两张清单”;
- it stands in a run of adjacent quoted terms that is followed by such a head
  (“服务大局普法行”“防控疫情·法治同行”等专项法治宣传活动) or that holds a
  taxonomy practice (“法治进校园”“以案释法”“开学第一课”).

Quoted slogans and catchwords (“关键少数”, “十四五”, “最后一公里”) have none
of these and stay plain candidates. Heads live in ``ontology/cues.tsv``
(kinds ``practice_head`` and ``practice_head_inside``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..records import CandidateMention
from ..schemes import practices
from .context import get_context, mention_fields
from .data import load_tables
from .facts import ensure_extensions, offsets, store
from .practices import masked_text, practice_status

__all__ = ["CandidateFinder", "NamedPractice", "make_candidate_finder"]


@dataclass(frozen=True)
class NamedPractice(CandidateMention):
    """A quoted name the text itself marks as a practice, not in the taxonomy
    yet (reason ``named``), with its status found as for taxonomy mentions."""

    status: str = "implemented"
    cue: str = ""
    region: str | None = None
    recognised_by: str | None = None


_QUOTE_RUN = re.compile(r"(?:“[^“”\n]{1,16}”[、和及与]?)+")
_ONE_QUOTE = re.compile(r"“([^“”\n]{1,16})”")
_GAP = 6  # characters allowed between a closing quote and the head that follows
# a quoted term opening with a verb states a goal (“完善基层社会治理体系”), it does not name a practice
_GOAL = re.compile(r"(完善|健全|推进|加强|建立|建设|深化|落实|全面|坚持|提升|提高|推动|实现|打造|构建)")

_QUOTED = re.compile(r"“([^“”\n]{2,16})”([\u4e00-\u9fff]{0,4}?(?:改革|制度|机制|模式|清单|工程|平台|行动|服务))?")
_SUFFIXED = re.compile(r"([\u4e00-\u9fff]{2,10}?)(改革|制度|机制|模式|清单|工程|平台)")
_ONE_X = re.compile(r"一[\u4e00-\u9fff]一[\u4e00-\u9fff]")
_LEAD = re.compile(r"^.*?(推行|推进|落实|建立|健全|完善|深化|实行|实施|开展|打造|构建|创新|探索|建设|加强|严格|全面|"
                   r"执行|推广|启动|出台|制定|运用|依托|利用|按照|通过|形成|坚持|优化|规范|强化|提升|发挥|用好|在|的|和|及|与)")
_GENERIC = {"工作机制", "管理制度", "工作制度", "长效机制", "体制机制", "制度机制", "考核制度", "责任制度", "相关制度"}


_JOINERS = "、和与及"
_COUNTED_LEAD = re.compile(r"[\d一二三四五六七八九十两]+[大个项类张]")  # 五大平台, 三个街道平台


class CandidateFinder:
    def __init__(self, nlp: Language, name: str = "fz_candidates"):
        self.name = name
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None, tables=None):
        tables = tables or load_tables()
        self.cues = tables.cues
        self.heads = tuple(tables.cues.get("practice_head", ()))
        self.inner_heads = tuple(tables.cues.get("practice_head_inside", ())) + self.heads
        self._channel_words = tuple(tables.cues.get("channel_word", ()))
        alternatives = "|".join(map(re.escape, self.heads))
        verbs, named_heads = tables.cues.get("establish_verb", ()), tables.cues.get("named_head", ())
        self._established = re.compile(
            "(?:" + "|".join(map(re.escape, verbs)) + r")了?(?P<name>[\u4e00-\u9fffA-Za-z0-9+]{2,20}?)(?P<head>(?:"
            + "|".join(map(re.escape, named_heads)) + "))") if verbs and named_heads else None
        self._verb_lead = re.compile("^(?:进一步|了|" + "|".join(map(re.escape, verbs)) + ")+") if verbs else None
        self._reject_lead = tuple(tables.cues.get("named_reject_lead", ()))
        self._reject_inside = tuple(tables.cues.get("named_reject_inside", ()))
        self._generic_heads = tuple(tables.cues.get("named_generic_head", ()))
        self._named_heads = tuple(named_heads)
        self._listed = re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9+]{3,16}?)(?P<head>(?:"
                                  + "|".join(map(re.escape, named_heads)) + "))") if named_heads else None
        # the outline's areas (依法行政制度体系) are fields of work, not names a report gives
        scheme = practices()
        self._area_labels = {label for c in scheme.concepts.values() if c.top for label in (*c.match_labels, *c.strict)}
        self._head_after = re.compile(
            r"等?[\u4e00-\u9fffA-Za-z]{0," + str(_GAP) + r"}?(?:" + alternatives + ")") if self.heads else None

    def _head_follows(self, text: str, end: int) -> bool:
        """Whether a practice head follows ``end`` closely, and not as a channel's
        (“柯桥发布”等区级全媒体平台: an account on a media platform, not a practice)."""
        m = self._head_after.match(text, end) if self._head_after else None
        return bool(m) and not any(w in m.group(0) for w in self._channel_words)

    def _named_spans(self, text: str, in_practice: bytearray) -> set[tuple[int, int]]:
        """(start, end) of quoted terms (with their quotes) the text marks as
        practice names; ``in_practice`` flags the characters of taxonomy mentions."""
        named = set()
        for run in _QUOTE_RUN.finditer(text):
            quotes = list(_ONE_QUOTE.finditer(text, run.start(), run.end()))
            holds_practice = any(in_practice[run.start():run.end()])
            run_named = len(quotes) > 1 and (holds_practice or self._head_follows(text, run.end()))
            for q in quotes:
                term = q.group(1)
                own = self._head_follows(text, q.end()) or term.endswith(self.inner_heads)
                if (own or run_named) and not re.fullmatch(r"[\d.%]+", term) and "、" not in term \
                        and not _GOAL.match(term):
                    named.add((q.start(), q.end()))
        return named

    def _established_spans(self, ctx, occupied: bytearray) -> list[tuple[int, int]]:
        """(start, end) of unquoted names the text sets up: an establishing verb, then a
        noun phrase ending in a head (建立知识产权大数据平台 -> 知识产权大数据平台,
        健全完善行业协会商会收费长效监管机制). Not generic names (工作机制, 配套制度,
        五大平台, 宣传平台), not an outline area (完善依法行政制度体系), not phrases that
        hold a taxonomy practice or a title, not inside quotes or an unbracketed title
        (关于完善…的意见)."""
        spans = []
        text = ctx.text
        if self._established is None:
            return spans
        for m in self._established.finditer(text):
            if text.endswith("关于", 0, m.start()) or (m.start() and text[m.start() - 1] in "“‘"):
                continue
            lead = self._verb_lead.match(m.group("name"))
            span = self._name_span(text, m.start("name") + (lead.end() if lead else 0), m.start("head"), m.end(),
                                   occupied)
            if span:
                spans.append(span)
        return spans

    def _listed_spans(self, text: str, anchors: list[int], occupied: bytearray) -> list[tuple[int, int]]:
        """Names ending in a head listed right after a practice or a named practice
        (“纺城笛扬哨”智慧监管平台与民生直通车平台, 依法治网、舆情风险会商研判机制):
        a list holds names of one kind. ``anchors`` are the ends of those names."""
        spans, queue = [], sorted(anchors)
        while queue:
            end = queue.pop(0)
            if end >= len(text) or text[end] not in _JOINERS or self._listed is None:
                continue
            m = self._listed.match(text, end + 1)
            span = m and self._name_span(text, end + 1, m.start("head"), m.end(), occupied)
            if span and span not in spans:
                spans.append(span)
                queue.insert(0, span[1])
        return spans

    def _name_span(self, text: str, start: int, head_start: int, end: int,
                   occupied: bytearray) -> tuple[int, int] | None:
        """The span of a name whose head starts at ``head_start``, or None when the phrase
        is no name: too short, counted, a clause, generic, an area, or over a known practice."""
        while text.startswith(self._named_heads, end):  # 制度体系, 机制改革: the name runs on
            end += next(len(h) for h in self._named_heads if text.startswith(h, end))
        last_de = text.rfind("的", start, head_start)
        if last_de >= 0:  # 以…为核心的智能运维模式: the name follows the last 的
            start = last_de + 1
        while text.startswith(self._reject_lead, start, head_start):  # 各级各类…: no part of a name
            start += next(len(w) for w in self._reject_lead if text.startswith(w, start))
        name = text[start:head_start]
        if len(name) < 3 or _COUNTED_LEAD.match(name) or name.endswith(("和", "及", "与", "等")) \
                or any(w in name for w in self._reject_inside):
            return None
        if text[start:end] in _GENERIC or text[start:end] in self._area_labels or any(occupied[start:end]):
            return None
        if self._generic_heads and text[start:end].endswith(self._generic_heads):
            return None  # 健全行政执法体制机制: the field's institutions, no mechanism of its own
        return start, end

    def _named(self, ctx, start: int, end: int, term: str, masked: str) -> NamedPractice:
        status, cue, region, recognised_by = practice_status(self.cues, ctx, start, end, masked)
        return NamedPractice(**mention_fields(ctx, start, end), term=term, reason="named", status=status,
                             cue=cue, region=region, recognised_by=recognised_by)

    def __call__(self, doc: Doc) -> Doc:
        if not hasattr(self, "cues"):
            self.initialize()
        store(doc, "candidates", self.match(doc), "CANDIDATE")
        return doc

    def match(self, doc: Doc) -> list[CandidateMention]:
        ctx = get_context(doc)
        text = ctx.text
        known = offsets(doc, "practices")
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]

        in_practice = bytearray(len(text) + 1)
        for ks, ke in known:
            in_practice[ks:ke] = b"\x01" * (ke - ks)
        occupied = bytearray(in_practice)
        for ts, te in titles:
            occupied[ts:te] = b"\x01" * (te - ts)

        def free(s: int, e: int) -> bool:
            return not any(occupied[s:e])

        found: dict[tuple[int, int], CandidateMention] = {}
        named = self._named_spans(text, in_practice)
        masked = None
        quoted_named_ends = []  # where a named quoted term and its head end: a list may go on there
        for m in _QUOTED.finditer(text):
            if not free(m.start(), m.end()):
                continue
            term = m.group(1) + (m.group(2) or "")
            if (m.start(), m.start() + len(m.group(1)) + 2) in named:
                if masked is None:  # practice names blanked, so 示范 inside a name is no cue
                    masked = masked_text(text, known)
                start, end = m.start() + 1, m.start() + 1 + len(m.group(1))
                found[(m.start(), m.end())] = self._named(ctx, start, end, term, masked)
                quoted_named_ends.append(m.end())
            elif not re.fullmatch(r"[\d.+%]+", m.group(1)):
                found[(m.start(), m.end())] = CandidateMention(**mention_fields(ctx, m.start(), m.end()),
                                                               term=term, reason="quoted")
        in_found = bytearray(len(text) + 1)  # 1 inside a candidate found so far
        for fs, fe in found:
            in_found[fs:fe] = b"\x01" * (fe - fs)

        def keep(start: int, end: int, mention: CandidateMention) -> None:
            found[(start, end)] = mention
            in_found[start:end] = b"\x01" * (end - start)

        def plain(start: int, end: int, term: str, reason: str) -> CandidateMention:
            return CandidateMention(**mention_fields(ctx, start, end), term=term, reason=reason)

        established = self._established_spans(ctx, occupied)
        anchors = [e for _, e in known] + [e for _, e in established] + quoted_named_ends
        for start, end in established + self._listed_spans(text, anchors, occupied):
            if not any(in_found[start:end]):
                masked = masked if masked is not None else masked_text(text, known)
                keep(start, end, self._named(ctx, start, end, text[start:end], masked))
        for m in _SUFFIXED.finditer(text):
            head = _LEAD.sub("", m.group(1))
            start = m.end() - len(head) - len(m.group(2))
            term = text[start:m.end()]
            if len(head) >= 2 and term not in _GENERIC and free(start, m.end()) and not any(in_found[start:m.end()]):
                keep(start, m.end(), plain(start, m.end(), term, "suffix"))
        for m in _ONE_X.finditer(text):
            if free(m.start(), m.end()) and not in_found[m.start()]:
                keep(m.start(), m.end(), plain(m.start(), m.end(), m.group(0), "pattern"))
        return [found[k] for k in sorted(found)]


@Language.factory("fz_candidates", assigns=["doc.spans", "doc._.fz"], requires=["doc.spans"])
def make_candidate_finder(nlp: Language, name: str) -> CandidateFinder:
    """Finds candidate practice names the taxonomy does not know."""
    return CandidateFinder(nlp, name)
