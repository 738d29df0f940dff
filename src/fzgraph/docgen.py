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
