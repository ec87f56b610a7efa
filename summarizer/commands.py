"""Subcommands other packages add to ``summarizer``: the library names none of them.

A package registers one in the entry-point group ``summarizer.commands`` (its
``pyproject.toml``): the entry point's name is the subcommand, its object a
:class:`Subcommand`. ``summarizer --help`` lists them without importing their modules; the
module of a subcommand, with its heavier dependencies (gradio, matplotlib, FastAPI), is
imported only when that subcommand runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points

GROUP = "summarizer.commands"


@dataclass(frozen=True)
class Subcommand:
    """``module`` defines ``configure_parser(parser)`` and ``run(args) -> int``."""

    module: str
    help: str


def registered() -> dict[str, Subcommand]:
    """Every installed subcommand by name, in the order the packages declare them."""
    found: dict[str, Subcommand] = {}
    for point in entry_points(group=GROUP):
        command = point.load()
        if isinstance(command, Subcommand):
            found.setdefault(point.name, command)
    return found
