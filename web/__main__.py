"""``python -m web`` runs the newsearch CLI, for when the console script is not on PATH."""

from web.cli import cli

cli(prog_name="newsearch")
