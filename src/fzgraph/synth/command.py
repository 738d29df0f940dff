"""``fzgraph synth``: write a synthetic corpus with its ground truth (see
:mod:`fzgraph.synth.corpus` for the layout)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..options import CONTEXT_SETTINGS

__all__ = ["synth"]


class _Progress:
    """Progress on stderr: a line rewritten in place on a terminal, else a line every tenth."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.step = max(1, total // (100 if self.tty else 10))
        self.start = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if done % self.step and done != total:
            return
        rate = done / max(time.perf_counter() - self.start, 1e-9)
        line = f"synth: {done}/{total} reports ({100 * done // total}%, {rate:.0f}/s)"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done == total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


@click.command("synth", context_settings=CONTEXT_SETTINGS)
@click.option("--reports", type=click.IntRange(min=1), required=True, help="How many reports to write.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed writes the same files.")
@click.option("--chars", type=click.IntRange(min=1000), default=15000, show_default=True,
              help="Approximate characters per report.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the corpus into (reports/, truth/, facts.tsv, ...).")
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty (earlier corpus files are replaced).")
@click.option("--silent", is_flag=True, help="Do not show progress.")
def synth(reports, seed, chars, output, force, silent):
    """Write a synthetic corpus of annual reports with the ground truth of every fact in them.

    Jurisdictions come from the real table; practices spread along diffusion
    curves (pioneers, top-down waves, neighbours); each report states its
    jurisdiction's practices, indicators, documents and institutions for a
    year between 2019 and 2025, and truth/ holds them in the gold format that
    `fzgraph eval` reads.

    \b
    Examples:
        fzgraph synth --reports 200 -o corpus/
        fzgraph eval --gold corpus/truth --reports corpus/reports
        fzgraph build corpus/reports
    """
    from .corpus import generate

    if output.exists() and any(output.iterdir()) and not force:
        raise click.ClickException(f"output directory {output} is not empty; use --force to write into it anyway")
    progress = None if silent or reports < 200 else _Progress(reports)
    start = time.perf_counter()
    try:
        manifest = generate(output, reports, seed=seed, chars=chars, progress=progress)
    except (ValueError, OSError) as e:
        raise click.ClickException(str(e)) from e
    seconds = time.perf_counter() - start
    counts = manifest.counts
    facts = counts["facts"]
    click.echo(f"{counts['reports']} reports, {counts['characters']} characters, "
               f"{facts['practices'] + facts['indicators']} facts ({facts['practices']} practice, "
               f"{facts['indicators']} indicator), {seconds:.1f} s -> {output}")
