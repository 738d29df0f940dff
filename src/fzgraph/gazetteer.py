"""Many-label string matching (Aho-Corasick) with longest-leftmost,
non-overlapping results: the core of every gazetteer component.

Matching runs on the whole text at native speed (``ahocorasick_rs``, whose
automaton does not slow down on the thousands of distinct first characters
Chinese labels have), so components do not loop over spaCy tokens; each match
becomes a span over the character tokens.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs

__all__ = ["Gazetteer"]


class Gazetteer:
    """Find labels in text; each label maps to a payload (e.g. a concept slug).
    A label given twice keeps its last payload."""

    def __init__(self, labels: Iterable[tuple[str, object]]):
        payloads = {label: payload for label, payload in labels if label}
        self.labels = list(payloads)
        self.payloads = list(payloads.values())
        self.size = len(self.labels)
        self.automaton = ahocorasick_rs.AhoCorasick(self.labels) if self.size else None

    def __len__(self) -> int:
        return self.size

    def find_all(self, text: str) -> list[tuple[int, int, str, object]]:
        """Every occurrence of every label: (start, end, label, payload)."""
        if not self.size or not text:
            return []
        labels, payloads = self.labels, self.payloads
        return [(start, end, labels[i], payloads[i])
                for i, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True)]

    def find(self, text: str) -> list[tuple[int, int, str, object]]:
        """Longest-leftmost non-overlapping matches, in text order."""
        # longer matches first: a shorter match overlapping a longer one is dropped
        by_length = sorted(self.find_all(text), key=lambda h: (h[0] - h[1], h[0]))
        chosen = []
        taken = bytearray(len(text) + 1)
        for hit in by_length:
            start, end = hit[0], hit[1]
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                chosen.append(hit)
        chosen.sort(key=lambda h: h[0])
        return chosen
