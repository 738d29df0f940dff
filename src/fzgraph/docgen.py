"""Generated documentation: the CLI reference (from the commands' own help)
and the ontology pages (from the Turtle files), written between markers so the
docs never drift from the code and data. ``fzgraph docs`` regenerates them;
a test checks they are current.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

__all__ = ["cli_reference", "replace_between", "update_readme"]

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _walk(command: click.Command, path: list[str], parent: click.Context | None = None):
    """Yield (path, command, context) for a command and all its subcommands."""
    settings = {"terminal_width": 100, "max_content_width": 100, **command.context_settings}
    ctx = click.Context(command, info_name=path[-1], parent=parent, **settings)
    yield path, command, ctx
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], [*path, name], ctx)


def cli_reference(cli: click.Group) -> str:
    """Markdown with the ``--help`` text of every command and subcommand."""
    parts = []
    for path, command, ctx in _walk(cli, ["fzgraph"]):
        parts.append(f"### `{' '.join(path)}`\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def replace_between(text: str, start: str, end: str, new: str) -> str:
    """Replace what lies between two marker lines (markers kept)."""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"markers {start} ... {end} not found")
    return pattern.sub(lambda _: f"{start}\n{new}\n{end}", text)


def update_readme(readme: Path, cli: click.Group) -> bool:
    """Rewrite the README's CLI reference; True when it changed."""
    old = readme.read_text(encoding="utf-8")
    new = replace_between(old, START, END, cli_reference(cli))
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return new != old


def ontology_markdown() -> str:
    """``docs/ontology.md``: classes, properties, the practice tree and the metrics."""
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS

    from .datafiles import ontology_file
    from .schemes import metrics, practices

    graph = Graph().parse(ontology_file("fzgraph.ttl"), format="turtle")
    fz = "https://w3id.org/fzgraph/ontology#"

    def label(term, lang):
        return next((str(o) for o in graph.objects(term, RDFS.label) if o.language == lang), "")

    def comment(term):
        return next((str(o) for o in graph.objects(term, RDFS.comment) if o.language == "en"), "").replace("|", "/")

    def short(term):
        text = str(term)
        return "fz:" + text[len(fz):] if text.startswith(fz) else graph.namespace_manager.normalizeUri(term)

    out = ["# fzgraph ontology", "",
           "Generated from `ontology/*.ttl` by `fzgraph docs`; do not edit by hand.", "",
           "Base IRI: `https://w3id.org/fzgraph/` (ontology terms under `ontology#`).", "", "## Classes", "",
           "| class | 中文 | English | subclass of | definition |", "| --- | --- | --- | --- | --- |"]
    for cls in sorted(s for s in graph.subjects(RDF.type, OWL.Class) if str(s).startswith(fz)):
        parents = ", ".join(sorted(short(o) for o in graph.objects(cls, RDFS.subClassOf) if not hasattr(o, "n3")
                                   or str(o).startswith("http")))
        out.append(f"| `{short(cls)}` | {label(cls, 'zh')} | {label(cls, 'en')} | {parents} | {comment(cls)} |")
    out += ["", "## Properties", "", "| property | 中文 | English | domain | range | definition |",
            "| --- | --- | --- | --- | --- | --- |"]
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for prop in sorted({s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(fz)}):
        dom = ", ".join(sorted(short(o) for o in graph.objects(prop, RDFS.domain) if str(o).startswith("http")))
        rng = ", ".join(sorted(short(o) for o in graph.objects(prop, RDFS.range) if str(o).startswith("http")))
        out.append(f"| `{short(prop)}` | {label(prop, 'zh')} | {label(prop, 'en')} | {dom} | {rng} | "
                   f"{comment(prop)} |")
    scheme = practices()
    out += ["", f"## Practices ({sum(1 for c in scheme.concepts.values() if not c.top)})", "",
            "Each line: Chinese and English name, slug, then other surface forms.", ""]
    children: dict[str, list[str]] = {}
    for slug, concept in scheme.concepts.items():
        for b in concept.broader:
            children.setdefault(b, []).append(slug)

    def tree(slug: str, depth: int) -> None:
        c = scheme.concepts[slug]
        forms = "、".join([*c.alt, *c.strict])
        extra = f" — {forms}" if forms else ""
        out.append(f"{'  ' * depth}- **{c.pref_zh}** {c.pref_en} (`{slug}`){extra}")
        for child in sorted(children.get(slug, []), key=lambda s: scheme.concepts[s].pref_zh):
            tree(child, depth + 1)

    for top in sorted((s for s, c in scheme.concepts.items() if c.top)):
        tree(top, 0)
    m = metrics()
    out += ["", f"## Metrics ({len(m.concepts)})", "", "| metric | 中文 | English | unit | kind | surface forms |",
            "| --- | --- | --- | --- | --- | --- |"]
    for slug, c in sorted(m.concepts.items()):
        out.append(f"| `{slug}` | {c.pref_zh} | {c.pref_en} | {c.unit or ''} | {c.kind or ''} | {'、'.join(c.alt)} |")
    return "\n".join(out) + "\n"
