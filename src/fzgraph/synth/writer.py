"""Report text from a :class:`~fzgraph.synth.plan.ReportPlan`: templates in,
text and span annotations out.

The report follows the national outline: site furniture, a title, an opening
paragraph, the work done by area (一、 with (一)(二)… per area), optionally
the leadership duty, the problems, next year's plans, a closing line and a
date. Sentences are built from clause templates (``c:*`` in
``templates.tsv``) joined with commas, or are whole-sentence templates for
the statuses that need their own cue words (试点, 率先, 获评 …). Every slot
that states a fact records an annotation: its kind, its offsets in the
sentence, and the fields of the gold format (tests/gold/GUIDELINES.md).

Surface forms vary the way reports do: preferred and alternative labels,
quoted names, short (strict) labels in quotes or before 制度/机制/…, other
endings (…工作机制), forms damaged by scraping, local practices and mechanisms
the taxonomy does not know, status words in the next clause, numbers with
approximations, Chinese numerals, 万 and lost units. Distractors that a
careful reader does not count are recorded apart: a neighbour's practice held
up as an example, a practice's name inside a column's or a body's name,
quoted catchwords.

A report is filled up to the length asked for with passages that state no
fact, drawn from a pool made once per corpus and area. No two spans of a
report follow the same two characters (see :meth:`Writer._keep`), so that
each can be given a context found once in the report.
"""

from __future__ import annotations

import bisect
import random
import re

from ..nlp.institutions import official_name
from .numbers import Value, level, make_value
from .templates import Template, parse

__all__ = ["Sentence", "Writer"]

_CN = "一二三四五六七八九十"
_ENUM = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")
_CUTS = re.compile("[。；！？]")
POOL = 3000  # filler passages (one to three sentences) drawn per area


def cn_number(n: int) -> str:
    """1..99 as 一 … 九十九."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


class Sentence:
    """Text with annotations: (kind, start, end, fields) relative to the text."""

    __slots__ = (
        "anns",
        "items",
        "last_label",
        "level_name",
        "metrics",
        "n",
        "parts",
        "prefix",
        "recogniser",
        "suffix",
    )

    def __init__(self, parts=None, n: int = 0, anns=None, items: tuple = (), metrics: tuple = ()):
        self.parts = [] if parts is None else parts
        self.n = n
        self.anns = [] if anns is None else anns
        self.items = items
        self.metrics = metrics
        self.recogniser = None
        self.level_name = None
        self.last_label = ""

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.n += len(text)

    def mark(self, kind: str, written: str, fields: dict, inner: int = 0, span: str | None = None) -> dict:
        """Write ``written``; annotate ``span`` (default: all of it) found ``inner`` characters in."""
        span = written if span is None else span
        fields["text"] = span
        start = self.n + inner
        self.anns.append((kind, start, start + len(span), fields))
        self.parts.append(written)
        self.n += len(written)
        return fields

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Choice:
    """Weighted choice among templates (or words) with a given random source."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]

    def __bool__(self):
        return bool(self.items)


class Writer:
    """Writes reports for one corpus (vocabulary, templates, population, world and seed)."""

    def __init__(self, vocab, templates, pop, world, seed: int):
        self.v, self.pop, self.world, self.seed = vocab, pop, world, seed
        self.t = templates
        self.choice = {k: _Choice(ts, [t.weight for t in ts]) for k, ts in templates.items()}
        self.impl = {}
        for k in (1, 2, 3):
            for m in (0, 1, 2):
                ts = [t for t in templates["c:impl"] if t.practices == k and t.metrics == m]
                if ts:
                    self.impl[(k, m)] = _Choice(ts, [t.weight for t in ts])
        self.by_p = {}
        for kind in ("c:leader", "c:plan", "p:problem"):
            for k in (1, 2, 3):
                ts = [t for t in templates.get(kind, ()) if t.practices == k]
                if ts:
                    self.by_p[(kind, k)] = _Choice(ts, [t.weight for t in ts])
        lex = vocab.lexicon
        self.depts = [v for v, _ in lex.get("dept", ())]
        self.body_types = {v: x for v, x in lex.get("body", ())}
        self.recognisers = [parse(v) for v, _ in lex.get("recogniser", ())]
        self.slogans = [v for v, _ in lex.get("slogan", ())]
        self.followers = [v for v, _ in lex.get("strict_follower", ())]
        self.others = [v for v, _ in lex.get("strict_other", ())]
        self.head_variants = sorted((v for v, _ in lex.get("head_variant", ())), key=len, reverse=True)
        self.column_labels = [p.pref for _, p in sorted(vocab.practices.items()) if len(p.pref) <= 8]
        self.natpol = [(v, *x.split("|")) for v, x in lex.get("natpol", ())]
        self.outlines = [(v, *x.split("|")) for v, x in lex.get("outline", ())]
        self.polloc = [(parse(v), *x.split("|")) for v, x in lex.get("polloc", ())]
        self.polup = [(parse(v), x) for v, x in lex.get("polup", ())]
        brackets = lex.get("docno_bracket", ())
        self.brackets = _Choice([b for b, _ in brackets], [float(w) for _, w in brackets])
        self.cues = vocab.cues
        self.direction_words = {w: k for k in ("increase", "decrease") for w in vocab.cues.get(k, ())}
        self.pref = {s: p.pref for s, p in vocab.practices.items()}
        self.slots = {name[6:]: getattr(self, name) for name in dir(self) if name.startswith("_slot_")}
        self._types: dict[str, str] = {}
        self.pools: dict[str, list[str]] = {}
        self._inside: dict[str, list] = {}

    # ------------------------------------------------------------------ report

    def write(self, plan, chars: int, rng, title_templates) -> tuple[str, list, list]:
        """(text, annotations, distractors) of one report. Annotations are
        (kind, start, end, fields, sentence_start, sentence_end) with absolute
        offsets; distractors are (kind, start, end, fields, ...) likewise."""
        self.rng = rng
        self.plan = plan
        self.unit = self.pop[plan.code]
        self.parent_unit = self.pop.parent(plan.code) or self.unit
        self.province_unit = self.pop.province(plan.code) or self.unit
        self.year = plan.year
        self.seen: set[str] = set()
        self.seen_clauses: set[str] = set()
        # full names written as their one-character relative form, to compare clauses
        self.names = [(u.name, _scope(u.char)) for u in (self.unit, self.parent_unit, self.province_unit)]
        self.used_depts: set[str] = set()
        self.adopted = [s for s, y in zip(self.world.practices, self.world.row(plan.code).tolist(), strict=True)
                        if 0 < y <= plan.year]
        title = self._title(title_templates)
        self.title = title
        blocks: list = []  # lines: str, or list of Sentence (a paragraph)
        head = self._header()
        if head:
            blocks.extend(head.split("\n"))
        blocks.append(title)
        blocks.append(self._opening())
        n1 = 0

        def h1(kind: str) -> _Heading:
            nonlocal n1
            n1 += 1
            heading = self._heading(kind)
            heading.prefix = f"{cn_number(n1)}、"
            return heading

        work = self._work_part()
        blocks.append(h1("h1:work"))
        slots = []  # (block index, area) of the work part's paragraphs
        for area, lines in work:
            for line in lines:
                if isinstance(line, list):
                    slots.append((len(blocks), area))
                blocks.append(line)
        if plan.separate_leader and (plan.leader or rng.random() < 0.5):
            blocks.append(h1("h1:leader"))
            blocks.append(self._leader_part())
        blocks.append(h1("h1:problems"))
        blocks.append(self._problems_part())
        blocks.append(h1("h1:plans"))
        blocks.extend(self._plans_part())
        tail = []
        if rng.random() < 0.5:
            tail.append(self._plain("close"))
        if rng.random() < 0.8:
            tail.append(f"{self.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
        if rng.random() < 0.5:
            tail.append(self._plain("foot"))
        # top up to the length asked for, in the work part's paragraphs
        length = sum(_length(b) for b in blocks) + sum(len(t) for t in tail)
        tries = 0
        while length < chars * 0.97 and slots and tries < 4 * chars // 40:
            tries += 1
            index, area = slots[int(rng.random() * len(slots))]
            s = self._filler(area)
            if s is None:
                continue
            para = blocks[index]
            lo = 1 if para and isinstance(para[0], _Heading) else 0
            para.insert(lo + int(rng.random() * (len(para) - lo + 1)), s)
            length += len(s) if s.__class__ is str else s.n
        blocks.extend(tail)
        return self._serialise(blocks)

    def _serialise(self, blocks) -> tuple[str, list, list]:
        out, anns, dis = [], [], []
        pos = 0
        for b in blocks:
            if not isinstance(b, list):
                b = [b]
            for s in b:
                if isinstance(s, str):
                    out.append(s)
                    pos += len(s)
                    continue
                text = s.text
                if s.anns:
                    bounds = _bounds(text)
                shift = len(s.prefix) if isinstance(s, _Heading) else 0
                for kind, start, end, fields in s.anns:
                    start, end = start + shift, end + shift
                    lo, hi = bounds(start)
                    target = dis if kind.startswith("distractor") else anns
                    target.append((kind, pos + start, pos + end, fields, pos + lo, pos + hi))
                out.append(text)
                pos += len(text)
            out.append("\n")
            pos += 1
        return "".join(out), anns, dis

    # ------------------------------------------------------------------ parts

    def _title(self, allowed) -> str:
        title = self._plain_from(allowed[int(self.rng.random() * len(allowed))])
        for name in {self.province_unit.name, self.parent_unit.name}:
            while name + name in title:
                title = title.replace(name + name, name)
        return title

    def _header(self) -> str | None:
        if self.rng.random() < 0.3:
            return None
        return self._plain("head")

    def _opening(self) -> list:
        rng = self.rng
        out = [self._sentence(self.choice["open"](rng))]
        for _ in range(int(rng.random() * 3)):
            s = self._sentence(self.choice["open2"](rng))
            if s is not None:
                out.append(s)
        out.append(self._sentence(self.choice["open_end"](rng)))
        return [s for s in out if s is not None]

    def _heading(self, kind: str) -> _Heading:
        rng = self.rng
        options = [t for t in self.t[kind] if all(self._adopted(slug) for slug in t.fixed)]
        template = options[int(rng.random() * len(options))] if options else self.t[kind][-1]
        s = Sentence()
        self._render(template.tokens, s)
        return _Heading(s)

    def _adopted(self, slug: str) -> bool:
        return 0 < self.world.year(self.plan.code, slug) <= self.year

    def _work_part(self) -> list:
        rng = self.rng
        plan = self.plan
        areas = [a for a in self.v.areas if plan.work.get(a) or plan.metrics.get(a)]
        loose = list(plan.metrics.get(None, ()))
        if not areas:
            areas = [self.v.areas[0]]
        parts = []
        for n, area in enumerate(areas, start=1):
            metrics = list(plan.metrics.get(area, ()))
            if loose and rng.random() < 0.5:
                metrics.append(loose.pop())
            sentences = self._area_sentences(area, plan.work.get(area, []), metrics)
            if n == 1 and loose:
                sentences += self._metric_sentences(loose)
            if n == 1 and plan.neighbour:
                s = self._sentence(self.choice["dis:neighbour"](rng))
                if s is not None:
                    sentences.insert(int(rng.random() * (len(sentences) + 1)), s)
            heading = self._heading(f"h2:{area}")
            heading.prefix = f"（{cn_number(n)}）"
            paragraphs = _paragraphs(sentences, rng)
            if rng.random() < 0.25 and paragraphs:
                heading.suffix = "。"
                paragraphs[0].insert(0, heading)
                parts.append((area, paragraphs))
            else:
                parts.append((area, [heading, *paragraphs]))
        return parts

    def _area_sentences(self, area: str, items: list, metrics: list) -> list:
        rng = self.rng
        sentences = []
        clauses = []  # (template, items, metrics)
        plain = [i for i in items if i.status == "implemented" and not i.trap and i.brand is None]
        special = [i for i in items if not (i.status == "implemented" and not i.trap and i.brand is None)]
        metrics = list(metrics)
        rng.shuffle(plain)
        while plain:
            k = min(len(plain), 1 if rng.random() < 0.55 else (2 if rng.random() < 0.6 else 3))
            m = 0
            if metrics and rng.random() < 0.3:
                m = min(len(metrics), 1 if rng.random() < 0.75 else 2)
            choice = self.impl.get((k, m)) or self.impl.get((k, 0)) or self.impl[(1, 0)]
            template = choice(rng)
            group, plain = _distinct(plain, template.practices)
            if len(group) < template.practices:
                template = self.impl[(1, 0)](rng)
                plain = group[1:] + plain
                group = group[:1]
            used, metrics = metrics[:template.metrics], metrics[template.metrics:]
            clauses.append((template, group, used))
        while metrics:
            a = self.v.metrics[metrics[0]]
            if len(metrics) > 1 and a.kind == "count" and self.v.metrics[metrics[1]].kind == "count" \
                    and rng.random() < 0.4:
                clauses.append((self.choice["c:ind:pair"](rng), [], metrics[:2]))
                metrics = metrics[2:]
                continue
            clauses.append((self.choice[f"c:ind:{a.kind}"](rng), [], metrics[:1]))
            metrics = metrics[1:]
        for kind, p in (("c:pol", 0.5), ("c:inst", 0.8), ("c:ind:x", 0.35), ("c:ind:total", 0.12),
                        ("c:pol", 0.15), ("c:inst", 0.4), ("c:novel", 0.3)):
            if rng.random() < p:
                clauses.append((self.choice[kind](rng), [], []))
        rng.shuffle(clauses)
        sentences += self._compose(clauses, area, "effect")
        for item in special:
            s = self._special(item)
            if s is not None:
                sentences.insert(int(rng.random() * (len(sentences) + 1)), s)
        for kind, p in (("dis:slogan", 0.15), ("dis:column", 0.12)):
            if rng.random() < p:
                s = self._sentence(self.choice[kind](rng))
                if s is not None:
                    sentences.insert(int(rng.random() * (len(sentences) + 1)), s)
        return sentences

    def _metric_sentences(self, metrics: list) -> list:
        clauses = [(self.choice[f"c:ind:{self.v.metrics[m].kind}"](self.rng), [], [m]) for m in metrics]
        return self._compose(clauses, None, "effect")

    def _compose(self, clauses: list, area: str | None, effect: str) -> list:
        """Sentences of one to three clauses, with an opening clause or an effect now and then."""
        rng = self.rng
        out = []
        i = 0
        while i < len(clauses):
            k = 1 if rng.random() < 0.5 else 2 if rng.random() < 0.7 else 3
            group = clauses[i:i + k]
            i += k
            for _ in range(3):
                s = Sentence()
                if rng.random() < 0.35:
                    self._render(self.choice["c:lead"](rng).tokens, s)
                    s.add("，")
                for j, (template, items, metrics) in enumerate(group):
                    if j:
                        s.add("，")
                    s.items, s.metrics = tuple(items), tuple(metrics)
                    self._render(template.tokens, s)
                if area and rng.random() < 0.3:
                    s.add("，")
                    self._render((self.choice.get(f"c:act:{area}") or self.choice["c:act"])(rng).tokens, s)
                if rng.random() < 0.5 or s.n < 16:  # a span needs a context of 12 characters in its sentence
                    s.add("，")
                    self._render(self.choice[effect](rng).tokens, s)
                s.add("。")
                if self._keep(s):
                    out.append(s)
                    break
        return out

    def _pool(self, area: str) -> list[str]:
        """Sentences that state no fact and need no slot, for ``area``: drawn
        once per corpus from the seed, then reused (filling a report to length
        sentence by sentence would cost most of the time)."""
        pool = self.pools.get(area)
        if pool is None:
            rng = random.Random(f"{self.seed}/filler/{area}")
            def free(kind: str) -> _Choice:
                slotless = [t for t in self.t.get(kind, ()) if not any(isinstance(x, tuple) for x in t.tokens)]
                return _Choice(slotless, [t.weight for t in slotless])

            leads, effects = free("c:lead"), free("effect")
            acts = free(f"c:act:{area}") if self.t.get(f"c:act:{area}") else free("c:act")
            general = free("c:act")
            seen, pool = set(), []
            for _ in range(POOL):
                sentences, used = [], set()
                for _ in range(1 + int(rng.random() * 3)):  # one to three sentences, no clause said twice
                    parts = []
                    if rng.random() < 0.6:
                        parts.append(leads(rng).text)
                    for _ in range(2 if rng.random() < 0.6 else 3):
                        parts.append((acts if rng.random() < 0.75 else general)(rng).text)
                    parts.append(effects(rng).text)
                    parts = [p for p in dict.fromkeys(parts) if p not in used]
                    used.update(parts)
                    if len(parts) >= 2:
                        sentences.append("，".join(parts) + "。")
                text = "".join(sentences)
                if text and text not in seen:
                    seen.add(text)
                    pool.append(text)
            self.pools[area] = pool
        return pool

    def _filler(self, area: str) -> Sentence | str | None:
        rng = self.rng
        r = rng.random()
        if r < 0.8:
            pool = self._pool(area)
            text = pool[int(rng.random() * len(pool))]
            if text in self.seen:
                return None
            self.seen.add(text)
            return text
        elif r < 0.85:
            clauses = [(self.choice["c:pol"](rng), [], [])]
        elif r < 0.95:
            clauses = [(self.choice["c:inst"](rng), [], [])]
        else:
            clauses = [(self.choice["c:ind:x"](rng), [], [])]
        s = Sentence()
        if rng.random() < 0.6:
            self._render(self.choice["c:lead"](rng).tokens, s)
            s.add("，")
        self._render(clauses[0][0].tokens, s)
        acts = self.choice.get(f"c:act:{area}") or self.choice["c:act"]
        for _ in range(1 if rng.random() < 0.4 else 2):
            s.add("，")
            self._render(acts(rng).tokens, s)
        s.add("，")
        self._render(self.choice["effect"](rng).tokens, s)
        s.add("。")
        return s if self._keep(s) else None

    def _special(self, item) -> Sentence | None:
        rng = self.rng
        if item.brand is not None:
            kind = f"brand:{item.status}"
        elif item.status in ("planned", "problem"):
            kind = f"p:{item.status}:work"
        else:
            kind = f"p:{item.status}" + (":trap" if item.trap and f"p:{item.status}:trap" in self.t else "")
        choice = self.choice.get(kind) or self.choice[f"p:{item.status}"]
        for _ in range(3):
            s = Sentence(items=(item,))
            self._render(choice(rng).tokens, s)
            if self._keep(s):
                return s
        return None

    def _leader_part(self) -> list:
        rng = self.rng
        items = list(self.plan.leader)
        sentences = [self._sentence(self.choice["fill:leader"](rng))]
        clauses = []
        while items:
            k = min(len(items), 1 if rng.random() < 0.7 else 2)
            choice = self.by_p.get(("c:leader", k)) or self.by_p[("c:leader", 1)]
            template = choice(rng)
            clauses.append((template, items[:template.practices], []))
            items = items[template.practices:]
        sentences += self._compose(clauses, "area-leadership", "effect")
        if rng.random() < 0.6:
            sentences.append(self._sentence(self.choice["fill:leader"](rng)))
        return [s for s in sentences if s is not None]

    def _problems_part(self) -> list:
        rng = self.rng
        intro = self._sentence(self.choice["problems_intro"](rng))
        items = list(self.plan.problems)
        pieces: list = []
        while items:
            k = 2 if len(items) > 1 and rng.random() < 0.2 else 1
            choice = self.by_p.get(("p:problem", k)) or self.by_p[("p:problem", 1)]
            template = choice(rng)
            pieces.append((template, items[:template.practices]))
            items = items[template.practices:]
        for _ in range(max(0, rng.randint(2, 4) - len(pieces))):
            pieces.append((self.choice["fill:problems"](rng), []))
        rng.shuffle(pieces)
        s = Sentence()
        done = set()
        for j, (template, its) in enumerate(pieces):
            if template.text in done and not its:
                continue
            done.add(template.text)
            s.add(_ENUM[min(j, len(_ENUM) - 1)])
            s.items = tuple(its)
            self._render(template.tokens, s)
            s.add("；" if j < len(pieces) - 1 else "。")
        self._keep(s, force=True)
        return [x for x in (intro, s) if x is not None]

    def _plans_part(self) -> list:
        rng = self.rng
        lines: list = [[x for x in (self._sentence(self.choice["plans_intro"](rng)),) if x is not None]]
        areas = [a for a in self.v.areas if self.plan.plans.get(a)]
        headed = rng.random() < 0.5
        enum = 0
        for n, area in enumerate(areas, start=1):
            items = list(self.plan.plans[area])
            clauses = []
            while items:
                k = min(len(items), 1 if rng.random() < 0.6 else (2 if rng.random() < 0.7 else 3))
                choice = self.by_p.get(("c:plan", k)) or self.by_p[("c:plan", 1)]
                template = choice(rng)
                clauses.append((template, items[:template.practices], []))
                items = items[template.practices:]
            sentences = self._compose(clauses, area, "effect_plan")
            if headed:
                heading = self._heading(f"h2p:{area}")
                heading.prefix = f"（{cn_number(n)}）"
                lines.append([heading])
                lines.append(sentences)
            else:
                for s in sentences:
                    if enum >= len(_ENUM):
                        break
                    s.parts.insert(0, _ENUM[enum])
                    s.n += 2
                    s.anns = [(k, a + 2, b + 2, f) for k, a, b, f in s.anns]
                    enum += 1
                if lines and isinstance(lines[-1], list) and len(lines[-1]) < 3 and not headed:
                    lines[-1].extend(sentences)
                else:
                    lines.append(sentences)
        if rng.random() < 0.5:
            s = self._sentence(self.choice["fill:plans"](rng))
            if s is not None:
                lines.append([s])
        return [line for line in lines if line]

    # ------------------------------------------------------------------ sentences

    def _keep(self, s: Sentence, force: bool = False) -> bool:
        """Accept a sentence unless it repeats one, or one of its spans comes
        after the same two characters as a span of an earlier sentence (then
        one sentence could lie inside the other, and no context inside one
        sentence would single the span out)."""
        text = s.text
        if text in self.seen and not force:
            return False
        keys = set()
        for _kind, start, end, _fields in s.anns:
            piece = max(text.rfind("，", 0, start), text.rfind("；", 0, start), text.rfind("。", 0, start),
                        text.rfind("：", 0, start)) + 1
            key = text[max(piece, start - 2):end]
            for name, char in self.names:
                if name in key:
                    key = key.replace(name, char)
            keys.add(key)
        if keys and not force and not keys.isdisjoint(self.seen_clauses):
            return False
        self.seen.add(text)
        self.seen_clauses |= keys
        return True

    def _sentence(self, template: Template, items=(), metrics=()) -> Sentence | None:
        for _attempt in range(3):
            s = Sentence(items=tuple(items), metrics=tuple(metrics))
            self._render(template.tokens, s)
            if self._keep(s):
                return s
        return None

    def _plain(self, kind: str) -> str:
        return self._plain_from(self.choice[kind](self.rng))

    def _plain_from(self, template: Template) -> str:
        s = Sentence()
        self._render(template.tokens, s)
        return s.text

    def _render(self, tokens, s: Sentence) -> None:
        parts = s.parts
        for token in tokens:
            if token.__class__ is str:
                parts.append(token)
                s.n += len(token)
            else:
                self.slots[token[0]](s, token[1])
        if s.items:
            for item_fields in s.anns:
                fields = item_fields[3]
                if item_fields[0] == "practices" and fields.get("status") == "recognised_model" \
                        and fields.get("recognised_by") is None:
                    fields["recognised_by"] = s.recogniser or s.level_name

    # ------------------------------------------------------------------ slots: practices

    def _practice(self, s: Sentence, item) -> None:
        fields = {"name": None, "status": item.status, "region": None, "recognised_by": None, "practice": item.slug,
                  "form": None}
        if item.status == "first_in_region":
            fields["region"] = self._region_word(item.region)
        if item.brand is not None:
            fields.update(name=item.brand + item.head, form="brand")
            s.mark("practices", f"“{item.brand}”{item.head}", fields, 1, item.brand)
            return
        fields["name"] = self.pref[item.slug]
        written, inner, span, form = self._form(item.slug)
        fields["form"] = form
        s.mark("practices", written, fields, inner, span)

    def _form(self, slug: str) -> tuple[str, int, str, str]:
        """(written, offset of the name in it, the name as annotated, form kind) for a mention of ``slug``."""
        rng = self.rng
        p = self.v.practices[slug]
        r = rng.random()
        if p.strict and r < 0.2:
            label = p.strict[int(rng.random() * len(p.strict))]
            r2 = rng.random()
            if r2 < 0.4:
                return f"“{label}”", 1, label, "strict"
            if r2 < 0.85:
                follower = self.followers[int(rng.random() * len(self.followers))]
                if rng.random() < 0.5:
                    return f"“{label}”{follower}", 1, label, "strict"
                return label + follower, 0, label, "strict"
            return label + self.others[int(rng.random() * len(self.others))], 0, label, "strict_bare"
        if p.hidden and r > 0.96:
            label = p.hidden[int(rng.random() * len(p.hidden))]
            return label, 0, label, "hidden"
        if p.alt and rng.random() < 0.55:
            label, form = p.alt[int(rng.random() * len(p.alt))], "alt"
        else:
            label, form = p.pref, "pref"
        r = rng.random()
        if len(label) >= 6 and r < 0.03:
            cut = rng.randrange(2, len(label) - 2)
            damaged = label[:cut] + label[cut + 1:]
            if not self.v.practice_gazetteer.find_all(damaged):
                return damaged, 0, damaged, "damaged"
        elif r < 0.09:
            variant = self._variant(slug, label)
            if variant:
                return variant, 0, variant, "variant"
        if rng.random() < 0.15:
            return f"“{label}”", 1, label, form
        return label, 0, label, form

    def _variant(self, slug: str, label: str) -> str | None:
        """The name with another ending (…公示制度 -> …公示工作机制), when that names no other practice."""
        rng = self.rng
        heads = self.head_variants
        stem = label
        for head in heads:
            if label.endswith(head) and len(label) - len(head) >= 4:
                stem = label[: -len(head)]
                break
        new = stem + heads[int(rng.random() * len(heads))]
        if new == label or any(hit[3] != slug for hit in self.v.practice_hits(new)):
            return None
        return new

    def _slot_P(self, s, arg):
        self._practice(s, s.items[0])

    def _slot_P2(self, s, arg):
        self._practice(s, s.items[1])

    def _slot_P3(self, s, arg):
        self._practice(s, s.items[2])

    def _slot_PF(self, s, arg):
        slug, _, form = arg.partition("=")
        fields = {"name": self.pref[slug], "status": "implemented", "region": None, "recognised_by": None,
                  "practice": slug, "form": "pref" if form == self.pref[slug] else "alt"}
        if form:
            s.mark("practices", form, fields)
        else:
            written, inner, span, kind = self._form(slug)
            fields["form"] = kind
            s.mark("practices", written, fields, inner, span)

    def _slot_NOVEL(self, s, arg):
        """A named mechanism the taxonomy does not know (府检联动机制): a practice mention without an id."""
        rng = self.rng
        lex = self.v.lexicon
        for _ in range(5):
            a, b, head = (lex[k][int(rng.random() * len(lex[k]))][0] for k in ("novel_a", "novel_b", "novel_head"))
            name = a + b + head
            if not self.v.practice_hits(name):
                break
        else:
            name = None
        if name is None:
            s.add("工作合力")
            return
        s.mark("practices", name, {"name": name, "status": "implemented", "region": None, "recognised_by": None,
                                   "practice": None, "form": "novel"})

    def _slot_BRAND(self, s, arg):
        self._practice(s, s.items[0])

    def _region_word(self, region: str | None) -> str:
        if region == "全省":
            return "全" + _scope(self.province_unit.char)
        if region == "全市":
            return "全" + _scope(self.parent_unit.char)
        return region or "全" + _scope(self.parent_unit.char)

    def _slot_R(self, s, arg):
        region = next((i.region for i in s.items if i.region), None)
        s.add(self._region_word(region))

    def _slot_RL(self, s, arg):
        level = next((i.level for i in s.items if i.level), None)
        if level is None:
            level = "province" if self.rng.random() < 0.5 else "prefecture"
        unit = self.province_unit if level == "province" else self.parent_unit
        s.level_name = unit.name
        s.add("全" + _scope(unit.char))

    def _slot_RB(self, s, arg):
        tokens = self.recognisers[int(self.rng.random() * len(self.recognisers))]
        before = len(s.anns)
        self._render(tokens, s)
        if len(s.anns) > before:
            s.recogniser = s.anns[-1][3]["full_name"]

    def _slot_NB(self, s, arg):
        s.add(self.pop[self.plan.neighbour[0]].name)

    def _slot_NP(self, s, arg):
        slug = self.plan.neighbour[1]
        written, inner, span, _form = self._form(slug)
        s.mark("distractor_practice", written, {"practice": slug, "neighbour": self.plan.neighbour[0]}, inner,
               span)

    def _slot_NPL(self, s, arg):
        label = self.column_labels[int(self.rng.random() * len(self.column_labels))]
        s.mark("distractor_column", label, {"practice": self.v.practice_hits(label)[0][3]})

    def _slot_Q(self, s, arg):
        slogan = self.slogans[int(self.rng.random() * len(self.slogans))]
        s.mark("distractor_slogan", f"“{slogan}”", {}, 1, slogan)

    # ------------------------------------------------------------------ slots: indicators

    def _slot_M(self, s, arg):
        self._metric_label(s, s.metrics[0])

    def _slot_M2(self, s, arg):
        self._metric_label(s, s.metrics[1])

    def _metric_label(self, s, slug):
        rng = self.rng
        m = self.v.metrics[slug]
        loaded = [x for x in m.loaded if all(self._adopted(p) for *_, p in x[1])]
        if loaded and (not m.labels or rng.random() < 0.35):
            # the thing counted is named by a practice the jurisdiction has (受理法律援助案件102件): a mention
            label, names = loaded[int(rng.random() * len(loaded))]
            s.last_label = label
            base = s.n
            s.add(label)
            for start, end, practice in names:
                fields = {"text": label[start:end], "name": self.pref[practice], "status": "implemented",
                          "region": None, "recognised_by": None, "practice": practice, "form": "in_metric"}
                s.anns.append(("practices", base + start, base + end, fields))
            return
        label = m.labels[0] if rng.random() < 0.4 else m.labels[int(rng.random() * len(m.labels))]
        s.last_label = label
        s.add(label)

    def _slot_V(self, s, arg):
        self._value(s, s.metrics[0])

    def _slot_V2(self, s, arg):
        self._value(s, s.metrics[1])

    def _value(self, s, slug):
        rng = self.rng
        m = self.v.metrics[slug]
        code, year = self.plan.code, self.year
        log = m.kind in ("count", "money")
        x = level(self.seed, code, slug, m.low, m.high, log)
        if log:
            x *= 1.06 ** (year - 2019) * rng.uniform(0.85, 1.15)
        elif m.kind == "rate":
            x = min(m.high, max(m.low, x + rng.gauss(0, (m.high - m.low) * 0.04)))
        else:
            x *= rng.uniform(0.9, 1.1)
        label = s.last_label
        if m.kind == "change" and any(w in label for w in self.direction_words):
            # the label says the direction (审批效率提升); a cue word ending it belongs to the value's span
            direction = m.direction or next(self.direction_words[w] for w in self.direction_words if w in label)
            written = f"{round(x, 1):g}"
            cue = next((w for w in self.direction_words if label.endswith(w)), "")
            fields = {"metric": slug, "metric_text": label, "value": written, "unit": "%", "qualifier": "change",
                      "direction": direction, "text": cue + written + "%"}
            s.anns.append(("indicators", s.n - len(cue), s.n + len(written) + 1, fields))
            s.add(written + "%")
            return
        value = make_value(m.kind, m.unit, x, rng, self.cues, m.direction, drop_unit=rng.random() < 0.015)
        self._write_value(s, value, slug, label)

    def _write_value(self, s, value: Value, slug, label):
        fields = {"metric": slug, "metric_text": label, "value": value.value, "unit": value.unit,
                  "qualifier": value.qualifier, "direction": value.direction}
        s.mark("indicators", value.text, fields)

    def _slot_X(self, s, arg):
        rng = self.rng
        n = max(2, int(3 * (200 / 3) ** rng.random()))
        fields = {"metric": None, "metric_text": "", "value": str(n), "unit": arg, "qualifier": "exact",
                  "direction": None}
        if n >= 20 and rng.random() < 0.3:
            n = n // 10 * 10
            fields.update(value=str(n), qualifier="approximate")
            s.mark("indicators", f"{n}余{arg}", fields)
        else:
            s.mark("indicators", f"{n}{arg}", fields)

    def _slot_T(self, s, arg):
        s.mark("indicators", arg, {"metric": None, "metric_text": "", "value": "100", "unit": "%",
                                   "qualifier": "total", "direction": None})

    def _slot_RANK(self, s, arg):
        n = 1 + int(level(self.seed, self.plan.code, "rank", 0, 15, False))
        s.mark("indicators", f"{n}位", {"metric": "rank", "metric_text": "排名", "value": str(n), "unit": "位",
                                       "qualifier": "exact", "direction": None})

    # ------------------------------------------------------------------ slots: institutions

    def _institution(self, s, unit, stem: str, own: bool) -> None:
        template = stem
        stem = stem.replace("{c}", _scope(unit.char))
        full = official_name(unit.name + stem, self.v.institution_forms, (unit.name,))
        prefix = unit.char if self.rng.random() < (0.8 if own else 0.85) else unit.name
        kind = self.body_types.get(template) or self._types.get(full)
        if kind is None:
            kind = self._types[full] = self.v.institution_type(full)
        base = s.n
        written = prefix + stem
        s.mark("institutions", written, {"full_name": full, "type": kind})
        inside = self._inside.get(written)
        if inside is None:
            inside = self._inside[written] = [(a, b, name, practice) for a, b, name, practice
                                              in self.v.practice_hits(written)
                                              if name not in self.v.practices[practice].strict]
        for start, end, name, practice in inside:
            # a practice's name inside a body's name (区营商环境建设局) is no mention of the practice
            s.anns.append(("distractor_institution_name", base + start, base + end,
                           {"text": name, "practice": practice}))

    def _slot_I(self, s, arg):
        if arg is None:
            for _ in range(5):
                arg = self.depts[int(self.rng.random() * len(self.depts))]
                if arg not in self.used_depts:
                    break
            self.used_depts.add(arg)
            if len(self.used_depts) > 12:
                self.used_depts.clear()
        self._institution(s, self.unit, arg, True)

    def _slot_IU(self, s, arg):
        if arg is None:
            arg = self.depts[int(self.rng.random() * len(self.depts))]
        self._institution(s, self.parent_unit, arg, False)

    def _slot_IV(self, s, arg):
        self._institution(s, self.province_unit, arg, False)

    def _slot_IG(self, s, arg):
        s.mark("institutions", arg, {"full_name": arg, "type": self.v.generic_institutions[arg]})

    # ------------------------------------------------------------------ slots: documents

    def _slot_POL(self, s, arg):
        rng = self.rng
        year = self.year
        number = None
        if arg in ("national", "outline"):
            rows = [r for r in (self.natpol if arg == "national" else self.outlines)
                    if int(r[-2]) <= year <= int(r[-1])]
            row = rows[int(rng.random() * len(rows))]
            title, kind = row[0], (row[1] if arg == "national" else "outline")
        elif arg == "upper":
            tokens, kind = self.polup[int(rng.random() * len(self.polup))]
            title = self._plain_from_tokens(tokens)
            if rng.random() < 0.2:
                number = self._docno(self.parent_unit, "政发")
        else:
            tokens, kind, issuer = self.polloc[int(rng.random() * len(self.polloc))]
            title = self._plain_from_tokens(tokens)
            if rng.random() < 0.5:
                number = self._docno(self.unit, issuer)
        fields = {"title": title, "number": number, "type": kind}
        s.mark("policies", f"《{title}》", fields)
        if number:
            s.add(f"（{number}）")

    def _plain_from_tokens(self, tokens) -> str:
        s = Sentence()
        self._render(tokens, s)
        return s.text

    def _docno(self, unit, issuer: str) -> str:
        rng = self.rng
        short = unit.short
        abbr = short[0] if rng.random() < 0.6 else short[-1]
        b = self.brackets(rng)
        year = self.year - (1 if rng.random() < 0.3 else 0)
        return f"{abbr}{issuer}{b[0]}{year}{b[1]}{rng.randint(1, 60)}号"

    def _slot_TOPIC(self, s, arg):
        pool = self.adopted or list(self.pref)
        s.add(self.pref[pool[int(self.rng.random() * len(pool))]])

    # ------------------------------------------------------------------ slots: words

    def _slot_SELF(self, s, arg):
        s.add("我" + _scope(self.unit.char))

    def _slot_ALL(self, s, arg):
        s.add("全" + _scope(self.unit.char))

    def _slot_UW(self, s, arg):
        s.add(_scope(self.unit.char))

    def _slot_JN(self, s, arg):
        s.add(self.unit.name)

    def _slot_JS(self, s, arg):
        s.add(self.unit.short)

    def _slot_CITY(self, s, arg):
        s.add(self.parent_unit.name)

    def _slot_PROV(self, s, arg):
        s.add(self.province_unit.name)

    def _slot_Y(self, s, arg):
        s.add(str(self.year))

    def _slot_Y1(self, s, arg):
        s.add(str(self.year + 1))

    def _slot_Y0(self, s, arg):
        s.add(str(self.year - 1))

    def _slot_Y2(self, s, arg):
        s.add(str(self.year + 2))

    def _slot_CONG(self, s, arg):
        y = self.year
        s.add("党的二十大" if y >= 2022 else "党的十九大和十九届{}中全会".format("四五六"[min(2, max(0, y - 2019))]))

    def _slot_DATE(self, s, arg):
        s.add(f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日")

    def _slot_N(self, s, arg):
        lo, hi = (int(x) for x in (arg or "1-9").split("-"))
        s.add(str(self.rng.randint(lo, hi)))

    def _slot_F(self, s, arg):
        self._render(self.choice[arg](self.rng).tokens, s)

    def _slot_TITLE(self, s, arg):
        s.add(self.title)

    def _slot_INDEXNO(self, s, arg):
        rng = self.rng
        s.add(f"{rng.randint(10**8, 10**9 - 1)}/{self.year + 1}-{rng.randint(10000, 99999)}")

    def _slot_PUBLISHER(self, s, arg):
        s.add(self.unit.name + ("司法局", "人民政府办公室", "人民政府")[int(self.rng.random() * 3)])

    def _slot_PUBDATE(self, s, arg):
        rng = self.rng
        m, d = rng.randint(1, 3), rng.randint(1, 28)
        s.add(f"{self.year + 1}-{m:02d}-{d:02d}" if rng.random() < 0.5 else f"{self.year + 1}年{m:02d}月{d:02d}日")


def _scope(char: str) -> str:
    """The word after 我/全 for a unit's own word (自治区 -> 区)."""
    return "区" if char == "自治区" else char


def _length(block) -> int:
    if isinstance(block, str):
        return len(block) + 1
    if isinstance(block, Sentence):
        return block.n + 1
    return sum(x.n if isinstance(x, Sentence) else len(x) for x in block) + 1


def _bounds(text: str):
    """offset -> (start, end) of the sentence (between 。；！？) holding it, end excluding the delimiter."""
    cuts = [m.start() for m in _CUTS.finditer(text)]
    if len(cuts) <= 1:
        end = cuts[0] if cuts else len(text)
        return lambda offset: (0, max(end, offset + 1))

    def find(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(cuts, offset - 1)
        lo = cuts[i - 1] + 1 if i else 0
        hi = cuts[i] if i < len(cuts) else len(text)
        return lo, hi

    return find


class _Heading(Sentence):
    """A heading line: its text with a number before it (（一）) and maybe a full stop after."""

    def __init__(self, s: Sentence):
        super().__init__(parts=s.parts, n=s.n, anns=s.anns)
        self.prefix = ""
        self.suffix = ""

    @property
    def text(self) -> str:
        return self.prefix + "".join(self.parts) + self.suffix


def _distinct(items: list, k: int) -> tuple[list, list]:
    """Up to ``k`` items naming different practices, and the rest."""
    group, rest, slugs = [], [], set()
    for item in items:
        if len(group) < k and item.slug not in slugs:
            group.append(item)
            slugs.add(item.slug)
        else:
            rest.append(item)
    return group, rest


def _paragraphs(sentences: list, rng) -> list[list]:
    out = []
    i = 0
    while i < len(sentences):
        k = 3 + int(rng.random() * 4)
        out.append(sentences[i:i + k])
        i += k
    return out
