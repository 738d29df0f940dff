"""Views of reform diffusion.

- :mod:`.views`: interactive networks built with pyvis (vis-network), each a
  single HTML file that works with no network at all (:mod:`.html` inlines
  vis-network and removes every remote reference pyvis adds);
- :mod:`.figures`: static matplotlib figures (PNG, SVG) with CJK labels
  (:mod:`.fonts` finds a font that has the glyphs).

``fzgraph viz KIND -o FILE`` writes either (:mod:`.command`).
"""
