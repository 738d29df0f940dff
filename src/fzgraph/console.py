"""Plain-text tables for the terminal, aligned for CJK text (which takes two columns)."""

from __future__ import annotations

__all__ = ["display_width", "render_table"]


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _clip(text: str, max_width: int | None) -> str:
    text = " ".join(text.split())
    if max_width is None or display_width(text) <= max_width:
        return text
    while display_width(text) > max_width - 1:
        text = text[:-1]
    return text + "…"


def render_table(header: list[str], rows: list[list[str]], max_width: int | None = None) -> str:
    """Rows under a header, columns padded to the widest cell (cells clipped to ``max_width``)."""
    cells = [[_clip(c, max_width) for c in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    return "".join("  ".join(c + " " * (widths[i] - display_width(c)) for i, c in enumerate(row)).rstrip() + "\n"
                   for row in [list(header), *cells])
