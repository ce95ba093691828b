"""The sentence model: reference outputs, hash-verified install, status and the lexical fallback.

Everything runs on the real upstream files in ../shared/models/all-MiniLM-L6-v2 (beside the
clone); the tests that need them are skipped, saying so, where that folder is absent.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claimcheck.embed import (
    MODEL,
    ModelError,
    ModelHashError,
    encoder_info,
    generator_info,
    get_encoder,
    install_model,
    model_dir,
    model_status,
    reset_encoder,
)
from claimcheck.errors import ClaimcheckError
from claimcheck.report import render_report

REPO = Path(__file__).resolve().parents[2]
SHARED_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2"
needs_model = pytest.mark.skipif(
    not SHARED_MODEL.is_dir(),
    reason=f"sentence model files not found at {SHARED_MODEL} (read-only copy beside the clone)",
)
NOT_INSTALLED = ("sentence model not installed: running on lexical features only; "
                 "run `claimcheck model install [PATH]`")
WEIGHTS_SHA = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


@pytest.fixture(autouse=True)
def fresh_encoder(monkeypatch):
    """Each test starts and ends with no cached encoder and no model switch set."""
    monkeypatch.delenv("CLAIMCHECK_NO_MODEL", raising=False)
    reset_encoder()
    yield
    reset_encoder()


def _corrupted_copy(source: Path, dest: Path, name: str) -> Path:
    """A copy of ``source`` with one byte of ``name`` flipped."""
    dest.mkdir()
    for f in MODEL.files:
        shutil.copyfile(source / f.name, dest / f.name)
    data = bytearray((dest / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (dest / name).write_bytes(bytes(data))
    return dest


# -- reference outputs ------------------------------------------------------------------------

@needs_model
def test_reference_cosines_from_the_model_card(monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(SHARED_MODEL))
    encoder = get_encoder()
    assert encoder is not None
    vectors = encoder.encode(["The weather is lovely today.", "It's so sunny outside!",
                              "He drove to the stadium."])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cos = vectors @ vectors.T
    # PROVENANCE.md: 0.6660 (1-2), 0.1046 (1-3), 0.1411 (2-3)
    assert cos[0, 1] == pytest.approx(0.6660, abs=5e-4)
    assert cos[0, 2] == pytest.approx(0.1046, abs=5e-4)
    assert cos[1, 2] == pytest.approx(0.1411, abs=5e-4)


@needs_model
def test_encoder_is_loaded_once_and_reports_semantic_mode(monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(SHARED_MODEL))
    first = get_encoder()
    assert get_encoder() is first
    assert first.digest == WEIGHTS_SHA and first.name == "all-MiniLM-L6-v2"
    info = {"mode": "semantic", "model": "all-MiniLM-L6-v2", "sha256": WEIGHTS_SHA}
    assert encoder_info() == info and generator_info() == info
    get_encoder.cache_clear()
    assert get_encoder() is not first


# -- install ----------------------------------------------------------------------------------

def test_model_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(tmp_path / "here"))
    assert model_dir() == tmp_path / "here"
    monkeypatch.delenv("CLAIMCHECK_MODEL_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert model_dir() == tmp_path / "cache" / "claimcheck" / "models" / "all-MiniLM-L6-v2"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert model_dir() == tmp_path / "home" / ".cache" / "claimcheck" / "models" / "all-MiniLM-L6-v2"


def test_install_from_a_folder_then_again(monkeypatch, tmp_path, source_copy):
    dest = tmp_path / "models" / "minilm"
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(dest))
    assert model_status()["installed"] is False and model_status()["verified"] is False

    result = install_model(str(source_copy))
    assert result.status == "installed" and result.path == dest
    assert sorted(p.name for p in dest.iterdir()) == sorted(f.name for f in MODEL.files)
    status = model_status()
    assert status["verified"] is True and {f["status"] for f in status["files"]} == {"ok"}
    assert sorted(p.name for p in dest.parent.iterdir()) == ["minilm"]  # no temp folder left

    again = install_model(str(source_copy))
    assert again.status == "already installed"
    assert "already installed" in again.message

    encoder = get_encoder()
    assert encoder is not None and encoder.digest == WEIGHTS_SHA


@pytest.mark.parametrize("name", ["tokenizer.json", "config.json"])
def test_install_refuses_a_corrupted_file_and_leaves_nothing(monkeypatch, tmp_path, source_copy, name):
    bad = _corrupted_copy(source_copy, tmp_path / "bad", name)
    dest = tmp_path / "models" / "minilm"
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(dest))
    with pytest.raises(ModelHashError) as raised:
        install_model(str(bad))
    message = str(raised.value)
    assert isinstance(raised.value, ClaimcheckError)
    assert "\n" not in message and f"{bad / name}: sha256 " in message
    assert not dest.exists()
    assert not dest.parent.exists() or list(dest.parent.iterdir()) == []


def test_install_refuses_a_missing_folder_or_file(monkeypatch, tmp_path, source_copy):
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(tmp_path / "dest"))
    with pytest.raises(ModelError, match="no such folder"):
        install_model(str(tmp_path / "nowhere"))
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copyfile(source_copy / "config.json", partial / "config.json")
    with pytest.raises(ModelError, match="missing model.safetensors, tokenizer.json, vocab.txt"):
        install_model(str(partial))
    assert not (tmp_path / "dest").exists()


def test_install_replaces_an_installed_folder_that_does_not_verify(monkeypatch, tmp_path, source_copy):
    dest = _corrupted_copy(source_copy, tmp_path / "minilm", "config.json")
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(dest))
    assert model_status()["installed"] and not model_status()["verified"]
    bad_rows = [f for f in model_status()["files"] if f["status"] != "ok"]
    assert [f["file"] for f in bad_rows] == ["config.json"]
    assert bad_rows[0]["status"].startswith("mismatch: sha256 ")
    assert install_model(str(source_copy)).status == "installed"
    assert model_status()["verified"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minilm"]  # the old one is gone


# -- lexical fallback -------------------------------------------------------------------------

def test_no_model_gives_lexical_mode_with_one_warning(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(tmp_path))  # an empty folder
    with caplog.at_level(logging.WARNING, logger="claimcheck.embed"):
        assert get_encoder() is None
        assert get_encoder() is None
        info = encoder_info()
    warnings = [r for r in caplog.records if r.name == "claimcheck.embed"]
    assert [r.getMessage() for r in warnings] == [NOT_INSTALLED]
    assert warnings[0].levelno == logging.WARNING
    assert info["mode"] == "lexical" and info["model"] is None and info["sha256"] is None


def test_claimcheck_no_model_switches_the_model_off(monkeypatch, caplog):
    if SHARED_MODEL.is_dir():
        monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(SHARED_MODEL))
    monkeypatch.setenv("CLAIMCHECK_NO_MODEL", "1")
    with caplog.at_level(logging.WARNING, logger="claimcheck.embed"):
        assert get_encoder() is None
    assert [r for r in caplog.records if r.name == "claimcheck.embed"] == []
    assert encoder_info()["mode"] == "lexical"
    assert encoder_info()["reason"] == "CLAIMCHECK_NO_MODEL is set"
    assert model_status()["disabled"] is True


def test_an_installed_model_that_does_not_verify_is_not_loaded(monkeypatch, tmp_path, source_copy, caplog):
    dest = _corrupted_copy(source_copy, tmp_path / "minilm", "tokenizer.json")
    monkeypatch.setenv("CLAIMCHECK_MODEL_DIR", str(dest))
    with caplog.at_level(logging.WARNING, logger="claimcheck.embed"):
        assert get_encoder() is None
    messages = [r.getMessage() for r in caplog.records if r.name == "claimcheck.embed"]
    assert len(messages) == 1 and "does not verify" in messages[0] and "tokenizer.json" in messages[0]
    assert encoder_info()["reason"] == "sentence model does not verify"


def test_embed_imports_without_tokenizers_or_safetensors():
    code = ("import sys\nsys.modules['tokenizers'] = None\nsys.modules['safetensors'] = None\n"
            "import claimcheck.embed, claimcheck.cli\n"
            "print(claimcheck.embed.get_encoder(), claimcheck.embed.encoder_info()['mode'])")
    env = {"PATH": "/usr/bin:/bin", "CLAIMCHECK_MODEL_DIR": str(SHARED_MODEL)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["None", "lexical"]


# -- the report says which mode ---------------------------------------------------------------

def _report(alignment=None) -> dict:
    report = {"schema": "claimcheck.report/1", "generated_at": "2024-01-01T00:00:00Z",
              "documents": [], "claims": [], "references": [], "matches": [],
              "verifications": [], "citation_issues": [], "sources": []}
    if alignment is not None:
        report["alignment"] = alignment
    return report


def test_reports_name_the_semantic_model():
    report = _report({"mode": "semantic", "model": "all-MiniLM-L6-v2", "sha256": WEIGHTS_SHA})
    html = render_report(report, "html")
    assert "Made in semantic mode with all-MiniLM-L6-v2 (sha256 53aa51172d14…)" in html
    md = render_report(report, "md")
    assert r"Made in semantic mode with all\-MiniLM\-L6\-v2 \(sha256 53aa51172d14…\)" in md


def test_reports_say_lexical_mode():
    report = _report({"mode": "lexical", "model": None, "sha256": None})
    assert "Made in lexical mode (sentence model not installed)" in render_report(report, "html")
    assert r"Made in lexical mode \(sentence model not installed\)" in render_report(report, "md")


def test_reports_without_alignment_say_nothing_about_modes():
    for fmt in ("html", "md"):
        assert "Made in" not in render_report(_report(), fmt)
