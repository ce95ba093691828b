"""Every command has --help with an example and is documented in README.md."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimcheck.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)
        else:
            yield path


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_help_has_an_example(path):
    r = CliRunner().invoke(cli, [*path, "--help"])
    assert r.exit_code == 0
    assert "Example" in r.output, f"claimcheck {' '.join(path)} --help shows no example"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_command_in_readme(path):
    pattern = r"claimcheck (?:--db \S+ )?" + re.escape(" ".join(path)) + r"\b"
    assert re.search(pattern, README), f"README.md does not show `claimcheck {' '.join(path)}`"


def test_readme_shows_the_two_commands():
    assert "make demo" in README and "make test" in README


def test_unknown_command_is_usage_error():
    r = CliRunner().invoke(cli, ["frobnicate"])
    assert r.exit_code == 2 and "No such command" in r.output
