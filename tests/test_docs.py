"""Docs that are generated must be current, and every command must have help."""

from __future__ import annotations

from pathlib import Path

from fzgraph.cli import cli
from fzgraph.docgen import END, START, _walk, cli_reference, replace_between

ROOT = Path(__file__).resolve().parents[1]


def test_docs_readme_cli_reference_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_between(readme, START, END, cli_reference(cli)) == readme, "run `fzgraph docs`"


def test_docs_every_command_has_help_text():
    for path, command, _ in _walk(cli, ["fzgraph"]):
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_docs_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:800]
    assert "make run" in head and "make test" in head
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_docs_ontology_page_is_current():
    from fzgraph.docgen import ontology_markdown

    page = ROOT / "docs" / "ontology.md"
    assert page.read_text(encoding="utf-8") == ontology_markdown(), "run `fzgraph docs`"
