"""Synthetic corpora of annual reports on law-based government, with the
ground truth of every fact they state: for scale benchmarks and for scoring
extraction at scale.

Jurisdictions are the real table's; practices, metrics, cue words, units and
institution endings are the ontology's. A diffusion model
(:mod:`~fzgraph.synth.diffusion`) decides who adopts which practice when;
a planner (:mod:`~fzgraph.synth.plan`) decides what each report says; a
writer (:mod:`~fzgraph.synth.writer`) turns that into report text from the
templates in ``templates.tsv`` and ``lexicon.tsv``, recording every span;
:mod:`~fzgraph.synth.truth` turns the spans into gold annotations in the
format of ``tests/gold`` and :mod:`~fzgraph.synth.corpus` writes the corpus.

>>> from fzgraph.synth import generate
>>> manifest = generate("corpus/", reports=200, seed=1)          # doctest: +SKIP

The command line is ``fzgraph synth`` (:mod:`~fzgraph.synth.command`).
"""

from __future__ import annotations

from .corpus import GENERATOR_VERSION, Manifest, generate, report_stem

__all__ = ["GENERATOR_VERSION", "Manifest", "generate", "report_stem"]
