"""``python -m fzgraph``: the same as the ``fzgraph`` command."""

from .cli import cli

cli()
