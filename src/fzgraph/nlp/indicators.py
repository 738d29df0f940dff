"""``fz_indicators``: numbers with a measure: the metric (from
``ontology/metrics.ttl``, or the words before the number), an exact decimal
value, the unit as written (``ontology/units.tsv``; None when scraping lost it,
never invented), a qualifier (approximate, at least, at most, change with its
direction, total) from ``ontology/cues.tsv``.

Not indicators: years and dates, ordinals (第三), document numbers
(〔2020〕4号), numbers inside practice names and quoted slogans (“1311”机制).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..records import IndicatorMention
from ..schemes import Scheme, metrics
from .context import get_context, mention_fields
from .data import load_tables
from .facts import ensure_extensions, offsets, store
from .numerals import parse_number
from .words import word_bounded

__all__ = ["IndicatorExtractor", "make_indicator_extractor"]

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
# 万/亿 as part of the number, then 余/多 (approximate), then the unit
_NUMBER = re.compile(rf"(?P<num>{_ARABIC}|{_CHINESE})(?P<a1>余|多)?(?P<big>[万亿](?!元))?(?P<a2>余|多)?")
_METRIC_TRIM = re.compile(r"^(共|累计|全年|全区|全县|全市|其中|分别|已|均|新增|共计|合计|达到|达|为|有|和|及|与|、|对)+")  # noqa: E501


class IndicatorExtractor:
    """Find indicator values and their metric, unit and qualifier."""

    def __init__(self, nlp: Language, name: str = "fz_indicators"):
        self.name = name
        self.scheme: Scheme | None = None
        self.tables=None
        self.metric_gazetteer = Gazetteer(())
        self.unit_re: re.Pattern | None = None

    def initialize(self, get_examples=None, *, nlp=None, scheme=None,
                   tables=None):
        self.scheme = scheme or metrics()
        self.tables = tables or load_tables()
        self.metric_gazetteer = Gazetteer(self.scheme.labels.items())
        units = "|".join(re.escape(u) for u in self.tables.units)
        self.unit_re = re.compile(rf"(?:{units})")

    def __call__(self, doc: Doc) -> Doc:
        if self.scheme is None:
            self.initialize()
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[IndicatorMention]:
        ctx = get_context(doc)
        text = ctx.text
        masked = bytearray(len(text) + 1)
        for s, e in _masked_spans(doc):
            masked[s:e] = b"\x01" * (e - s)
        found = []
        for m in _NUMBER.finditer(text):
            start, end = m.start("num"), m.end()
            if masked[start]:
                continue
            num = m.group("num")
            chinese = not num[0].isdigit()
            if m.group("big") and not chinese:
                num += m.group("big")
            after = text[end:end + 8]
            before = text[max(0, start - 6):start]
            unit_m = self.unit_re.match(after)
            unit = unit_m.group(0) if unit_m else None
            if _not_a_quantity(text, start, end, num, unit, after, before, chinese):
                continue
            if chinese and not word_bounded(text, start, end + len(unit)):
                continue  # 一 in 统一部署, 进一步: part of another word, not a count
            try:
                value = parse_number(num)
            except ValueError:
                continue
            span_end = end + (len(unit) if unit else 0)
            approx = m.group("a1") or m.group("a2")
            qualifier, direction, q_start, q_end = self._qualifier(text, start, span_end, approx)
            found.append(self._mention(ctx, q_start, q_end, start, value, unit, qualifier, direction))
        return sorted(found + self._totals(ctx, masked), key=lambda m: m.start)

    def _totals(self, ctx, masked: bytearray) -> list[IndicatorMention]:
        """Totals said in words (合同全部通过审核, 实现法律顾问全覆盖): 100 %, qualifier ``total``.

        A total word counts right before a ``total_after`` word or after a
        ``completed`` word in its clause, as a word of its own (not 全部 in
        全部门), and not where its clause names a problem or a plan."""
        cues, text = self.tables.cues, ctx.text
        after, completed = cues.get("total_after", ()), cues.get("completed", ())
        doubt = cues.get("problem", ()) + cues.get("planned", ())
        found = []
        for word in cues.get("total", ()):
            for m in re.finditer(re.escape(word), text):
                start, end = m.span()
                if masked[start]:
                    continue
                c_start, c_end = ctx.clause(start)
                head, clause = text[c_start:start], text[c_start:c_end]
                section = ctx.section(start)
                if section is not None and section.kind in ("problems", "plans"):
                    continue
                if not (text.startswith(after, end) or any(w in head for w in completed)):
                    continue
                if any(w in clause for w in doubt) or not word_bounded(text, start, end):
                    continue
                found.append(self._mention(ctx, start, end, start, Decimal(100), "%", "total", None))
        return found

    def _qualifier(self, text: str, start: int, end: int, approx: str | None):
        cues = self.tables.cues
        before = text[max(0, start - 6):start]
        after = text[end:end + 4]
        # a two-character cue right after the number (以上, 左右); one-character
        # cues (余, 约, 近) only qualify from before it or inside the number
        for kind in ("at_most", "at_least", "approximate"):
            for word in cues.get(kind, ()):
                if len(word) >= 2 and after.startswith(word):
                    return kind, None, start, end + len(word)
        for kind in ("increase", "decrease"):
            for word in cues.get(kind, ()):
                if word in before and _change_before(word).search(before):
                    return "change", kind, start - len(before) + before.rfind(word), end
        if approx:
            return "approximate", None, start, end
        for kind in ("at_least", "at_most", "approximate"):
            for word in cues.get(kind, ()):
                if before.endswith(word) and len(word) <= 3:
                    return kind, None, start - len(word), end
        return "exact", None, start, end

    def _mention(self, ctx, start, end, num_start, value, unit, qualifier, direction) -> IndicatorMention:
        c_start, _ = ctx.clause(num_start)
        head = ctx.text[c_start:num_start]
        hits = self.metric_gazetteer.find(head)
        metric = hits[-1][3] if hits else None
        head = re.split(r"[、“”()]|\d+[\u4e00-\u9fff%]?", head)[-1]
        metric_text = _METRIC_TRIM.sub("", head.strip())[-16:]
        return IndicatorMention(**mention_fields(ctx, start, end), metric=metric, metric_text=metric_text,
                                value=format(value.normalize(), "f"), unit=unit, qualifier=qualifier,
                                direction=direction)

    def set_annotations(self, doc: Doc, mentions) -> None:
        store(doc, "indicators", mentions, "INDICATOR")


@lru_cache(maxsize=512)
def _change_before(word: str) -> re.Pattern:
    """A change word closing the text before a number (提升, 提升了, 下降至)."""
    return re.compile(re.escape(word) + r"(了|至|到)?$")


def _masked_spans(doc: Doc) -> list[tuple[int, int]]:
    spans = offsets(doc, "practices")
    text = get_context(doc).text
    for m in re.finditer(r"“[^”]{1,20}”|《[^》]{1,80}》|〔\d{4}〕\d+号|[\[(（]\d{4}[\])）]\d+号", text):
        spans.append((m.start(), m.end()))
    return spans


def _not_a_quantity(text, start, end, num, unit, after, before, chinese) -> bool:
    prev = text[start - 1] if start else ""
    if prev.isdigit() or prev in ".-/" or (prev.isascii() and prev.isalpha()):
        return True
    if before.endswith(("第", "第十", "十九", "二十")) or after[:1] in ("号", "届", "次会", "版"):
        return True
    if after.startswith(("年", "月", "日", "时", "号", "届", "期间", "季度", "周年", "-", "—", ".", "五")):
        if not (unit and unit in ("日", "个月", "个工作日")) and not after.startswith(("年来", "年以上")):
            return True
        if unit == "日" and before.endswith("月"):
            return True  # 3月15日: a date, not a number of days
    if chinese:
        # a Chinese numeral counts only with a unit, and not as 一是/一体化/一站式 …
        if not unit or after.startswith(("个坚持", "个全面", "个一", "项制度", "个意识", "个自信")):
            return True
        if num in ("一",) and unit in ("个", "次", "批", "项", "场", "位", "处", "名", "件", "本", "张", "期"):
            return True  # 一个/一次/一批: an article, not a measured count
    if num.startswith("0") and len(num) > 1 and "." not in num:
        return True
    if unit is None:
        nxt = after[:1]
        # a bare number counts only at the end of a clause (a unit lost in scraping)
        if nxt not in ("。", ",", ";", "、", ")", "") or chinese:
            return True
        if len(num.replace(",", "").split(".")[0]) == 4 and num.startswith(("19", "20")):
            return True  # a year
    return False


@Language.factory("fz_indicators", assigns=["doc.spans", "doc._.fz"], requires=["doc.spans"])
def make_indicator_extractor(nlp: Language, name: str) -> IndicatorExtractor:
    """The indicator extractor; call ``nlp.initialize()`` to load metrics and units."""
    ensure_extensions()
    return IndicatorExtractor(nlp, name)
