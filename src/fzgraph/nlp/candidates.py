"""``fz_candidates``: names that look like practices but are not in the
taxonomy yet: quoted terms (“云见面”), names ending in 改革/制度/机制/模式/
清单/工程/平台, and 一X一Y patterns. ``fzgraph candidates`` ranks them across a
corpus by how many jurisdictions use them, so the taxonomy can grow."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import CandidateMention
from .context import get_context, mention_fields
from .facts import ensure_extensions, store

__all__ = ["CandidateFinder", "make_candidate_finder"]

_QUOTED = re.compile(r"“([^“”\n]{2,16})”([\u4e00-\u9fff]{0,4}?(?:改革|制度|机制|模式|清单|工程|平台|行动|服务))?")
_SUFFIXED = re.compile(r"([\u4e00-\u9fff]{2,10}?)(改革|制度|机制|模式|清单|工程|平台)")
_ONE_X = re.compile(r"一[\u4e00-\u9fff]一[\u4e00-\u9fff]")
_LEAD = re.compile(r"^.*?(推行|推进|落实|建立|健全|完善|深化|实行|实施|开展|打造|构建|创新|探索|建设|加强|严格|全面|"
                   r"执行|推广|启动|出台|制定|运用|依托|利用|按照|通过|形成|坚持|优化|规范|强化|提升|发挥|用好|在|的|和|及|与)")
_GENERIC = {"工作机制", "管理制度", "工作制度", "长效机制", "体制机制", "制度机制", "考核制度", "责任制度", "相关制度"}


class CandidateFinder:
    def __init__(self, nlp: Language, name: str = "fz_candidates"):
        self.name = name
        ensure_extensions()

    def initialize(self, get_examples=None, *, nlp=None):
        return None

    def __call__(self, doc: Doc) -> Doc:
        store(doc, "candidates", self.match(doc), "CANDIDATE")
        return doc

    def match(self, doc: Doc) -> list[CandidateMention]:
        ctx = get_context(doc)
        text = ctx.text
        known = [(s.start_char, s.end_char) for s in doc.spans.get("fz_practices", [])]
        titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]

        def free(s: int, e: int) -> bool:
            return not any(ks < e and s < ke for ks, ke in known + titles)

        found: dict[tuple[int, int], CandidateMention] = {}
        for m in _QUOTED.finditer(text):
            if free(m.start(), m.end()) and not re.fullmatch(r"[\d.+%]+", m.group(1)):
                term = m.group(1) + (m.group(2) or "")
                found[(m.start(), m.end())] = CandidateMention(**mention_fields(ctx, m.start(), m.end()),
                                                               term=term, reason="quoted")
        for m in _SUFFIXED.finditer(text):
            head = _LEAD.sub("", m.group(1))
            start = m.end() - len(head) - len(m.group(2))
            term = text[start:m.end()]
            if len(head) >= 2 and term not in _GENERIC and free(start, m.end()):
                if not any(s <= start < e for s, e in found):
                    found[(start, m.end())] = CandidateMention(**mention_fields(ctx, start, m.end()), term=term,
                                                               reason="suffix")
        for m in _ONE_X.finditer(text):
            if free(m.start(), m.end()) and not any(s <= m.start() < e for s, e in found):
                found[(m.start(), m.end())] = CandidateMention(**mention_fields(ctx, m.start(), m.end()),
                                                               term=m.group(0), reason="pattern")
        return [found[k] for k in sorted(found)]


@Language.factory("fz_candidates", assigns=["doc.spans", "doc._.fz"], requires=["doc.spans"])
def make_candidate_finder(nlp: Language, name: str) -> CandidateFinder:
    """Finds candidate practice names the taxonomy does not know."""
    return CandidateFinder(nlp, name)
