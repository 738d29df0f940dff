"""Many-label string matching (Aho-Corasick) with longest-leftmost,
non-overlapping results: the core of every gazetteer component.

Matching runs on the whole text at C speed, so components do not loop over
spaCy tokens; each match becomes a span over the character tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

__all__ = ["Gazetteer"]


class Gazetteer:
    """Find labels in text; each label maps to a payload (e.g. a concept slug)."""

    def __init__(self, labels: Iterable[tuple[str, object]]):
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for label, payload in labels:
            if label:
                self.automaton.add_word(label, (len(label), label, payload))
                self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def __len__(self) -> int:
        return self.size

    def find_all(self, text: str) -> list[tuple[int, int, str, object]]:
        """Every occurrence of every label: (start, end, label, payload)."""
        if not self.size:
            return []
        return [(end + 1 - length, end + 1, label, payload)
                for end, (length, label, payload) in self.automaton.iter(text)]

    def find(self, text: str) -> list[tuple[int, int, str, object]]:
        """Longest-leftmost non-overlapping matches, in text order."""
        # longer matches first: a shorter match overlapping a longer one is dropped
        by_length = sorted(self.find_all(text), key=lambda h: (-(h[1] - h[0]), h[0]))
        chosen = []
        taken = bytearray(len(text) + 1)
        for hit in by_length:
            start, end = hit[0], hit[1]
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                chosen.append(hit)
        chosen.sort(key=lambda h: h[0])
        return chosen
