"""Command-line settings, options and helpers shared by the ``fzgraph`` commands."""

from __future__ import annotations

import click

from .errors import FzgraphError

__all__ = ["CONTEXT_SETTINGS", "open_store_or_exit", "silent_option", "store_option"]

#: -h as well as --help, everywhere; a command that can also run on its own (``fzgraph synth``
#: in tests) declares them itself, since click fixes a command's help option on first use
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

silent_option = click.option("--silent", is_flag=True, help="Do not show a progress bar.")
store_option = click.option("--store", "store_path", envvar="FZGRAPH_STORE", default=None, show_envvar=True,
                            metavar="FOLDER|URL",
                            help="Store folder (default: ./fzgraph-store), or the URL of a SPARQL server "
                                 "holding the graph (http://host:7878).")


def open_store_or_exit(location, *, read_only: bool):
    """:func:`fzgraph.graph.store.open_store`, with its errors as one-line command-line errors."""
    from .graph.store import open_store

    try:
        return open_store(location, read_only=read_only)
    except FzgraphError as e:
        raise click.ClickException(str(e)) from e
