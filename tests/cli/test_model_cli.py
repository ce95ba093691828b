"""`claimcheck model install [PATH]` and `claimcheck model status`, on the real model files."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.embed import MODEL, reset_encoder

@pytest.fixture
def run(tmp_path):
    """Invoke the CLI with the model folder in a fresh temporary place."""
    dest = tmp_path / "models" / "all-MiniLM-L6-v2"

    def invoke(*args):
        reset_encoder()
        return CliRunner().invoke(cli, list(args), env={"CLAIMCHECK_MODEL_DIR": str(dest),
                                                        "CLAIMCHECK_NO_MODEL": None})

    invoke.dest = dest
    yield invoke
    reset_encoder()


def test_install_then_status_then_install_again(run, source_copy):
    result = run("model", "install", str(source_copy))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed all-MiniLM-L6-v2 (1110a243fdf4) from ")
    assert run.dest.is_dir()

    status = run("model", "status", "--format", "json")
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)
    assert data["verified"] is True and data["mode"] == "semantic"
    assert data["path"] == str(run.dest) and data["revision"] == MODEL.revision
    assert [f["status"] for f in data["files"]] == ["ok"] * len(MODEL.files)

    table = run("model", "status")
    assert "installed, verified" in table.stdout and "semantic" in table.stdout

    again = run("model", "install", str(source_copy))
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == f"all-MiniLM-L6-v2 already installed and verified in {run.dest}"


def test_a_corrupted_file_is_refused_with_exit_2(run, source_copy, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in MODEL.files:
        shutil.copyfile(source_copy / f.name, bad / f.name)
    data = bytearray((bad / "tokenizer.json").read_bytes())
    data[1000] ^= 0x20
    (bad / "tokenizer.json").write_bytes(bytes(data))

    result = run("model", "install", str(bad))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad / 'tokenizer.json'}: sha256 ")
    assert "nothing installed" in lines[0] and "Traceback" not in result.output
    assert not run.dest.exists()
    assert not run.dest.parent.exists() or list(run.dest.parent.iterdir()) == []


def test_a_missing_folder_is_refused_with_exit_2(run, tmp_path):
    missing = tmp_path / "no-such-model"
    result = run("model", "install", str(missing))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {missing}: no such folder"
    assert not run.dest.exists()


def test_status_when_not_installed(run):
    table = run("model", "status")
    assert table.exit_code == 0
    assert "not installed: run `claimcheck model install [PATH]`" in table.stdout
    assert "lexical" in table.stdout
    data = json.loads(run("model", "status", "--format", "json").stdout)
    assert data["installed"] is False and data["verified"] is False and data["mode"] == "lexical"
    assert {f["status"] for f in data["files"]} == {"missing"}
