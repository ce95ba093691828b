"""The sentence model's files: where they live, how they are installed, verified and loaded.

The model (sentence-transformers/all-MiniLM-L6-v2, Apache-2.0) is pinned to one upstream
revision and four files with their sizes and sha256. ``install_model`` copies them from a folder
(or downloads them from the Hugging Face hub at that revision), checks every hash in a temporary
folder beside the destination and only then renames it into place, so a bad file never lands.
``get_encoder`` loads the installed files once per process, checking the hashes of the bytes it
loads; when the model is absent, does not verify, or ``CLAIMCHECK_NO_MODEL=1``, it returns None
and claimcheck runs on lexical features only.

Environment:
    CLAIMCHECK_MODEL_DIR: the model folder (default: ``$XDG_CACHE_HOME`` or ``~/.cache``, then
        ``claimcheck/models/all-MiniLM-L6-v2``).
    CLAIMCHECK_NO_MODEL: ``1`` never loads the model (lexical mode, e.g. for benchmarks).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.errors import ClaimcheckError

log = logging.getLogger("claimcheck.embed")

CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelFile:
    """One pinned file of the model: its name in the folder, size in bytes and sha256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ModelSpec:
    """A model pinned to one upstream revision."""

    name: str
    repo: str
    revision: str
    licence: str
    files: tuple[ModelFile, ...]

    def file(self, name: str) -> ModelFile:
        return next(f for f in self.files if f.name == name)

    def url(self, name: str) -> str:
        return f"https://huggingface.co/{self.repo}/resolve/{self.revision}/{name}"


MODEL = ModelSpec(
    name="all-MiniLM-L6-v2",
    repo="sentence-transformers/all-MiniLM-L6-v2",
    revision="1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
    licence="Apache-2.0",
    files=(
        ModelFile("model.safetensors", 90_868_376,
                  "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
        ModelFile("tokenizer.json", 466_247,
                  "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"),
        ModelFile("config.json", 612,
                  "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
        ModelFile("vocab.txt", 231_508,
                  "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
    ),
)

INSTALL_HINT = "run `claimcheck model install [PATH]`"


class ModelError(ClaimcheckError):
    """The sentence model could not be installed: missing folder or file, download failure."""


class ModelHashError(ModelError):
    """A model file's size or sha256 is not the pinned one."""


# -- where ----------------------------------------------------------------------------------------

def model_dir() -> Path:
    """The model folder: ``$CLAIMCHECK_MODEL_DIR``, else the user cache's claimcheck/models/NAME."""
    explicit = os.environ.get("CLAIMCHECK_MODEL_DIR")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "claimcheck" / "models" / MODEL.name


def model_disabled() -> bool:
    """True when ``CLAIMCHECK_NO_MODEL`` asks for lexical mode."""
    return os.environ.get("CLAIMCHECK_NO_MODEL", "").strip().lower() in ("1", "true", "yes")


# -- verification ---------------------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _file_problem(spec: ModelFile, size: int, digest: str | None) -> str | None:
    if size != spec.size:
        return f"size {size:,} bytes, expected {spec.size:,}"
    if digest is not None and digest != spec.sha256:
        return f"sha256 {digest[:12]}..., expected {spec.sha256[:12]}..."
    return None


def _check_file(folder: Path, spec: ModelFile) -> dict[str, Any]:
    path = folder / spec.name
    row: dict[str, Any] = {"file": spec.name, "bytes": spec.size, "sha256": spec.sha256}
    if not path.is_file():
        return {**row, "status": "missing"}
    size = path.stat().st_size
    problem = _file_problem(spec, size, None) or _file_problem(spec, size, _sha256_file(path))
    return {**row, "status": "ok" if problem is None else f"mismatch: {problem}"}


def _verified(folder: Path) -> bool:
    return folder.is_dir() and all(_check_file(folder, f)["status"] == "ok" for f in MODEL.files)


def model_status() -> dict[str, Any]:
    """Whether the installed files verify: one row per pinned file, plus the mode in use.

    Returns:
        ``{"model", "repo", "revision", "licence", "path", "installed", "verified", "disabled",
        "files": [{"file", "bytes", "sha256", "status"}]}``; ``status`` is ``ok``, ``missing``
        or ``mismatch: ...``. ``installed`` means the folder exists.
    """
    folder = model_dir()
    files = [_check_file(folder, f) for f in MODEL.files]
    return {
        "model": MODEL.name,
        "repo": MODEL.repo,
        "revision": MODEL.revision,
        "licence": MODEL.licence,
        "path": str(folder),
        "installed": folder.is_dir(),
        "verified": all(f["status"] == "ok" for f in files),
        "disabled": model_disabled(),
        "files": files,
    }


# -- install --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InstallResult:
    """What ``install_model`` did: ``installed`` or ``already installed``, and where."""

    status: str
    path: Path
    source: str

    @property
    def message(self) -> str:
        if self.status == "already installed":
            return f"{MODEL.name} already installed and verified in {self.path}"
        return f"installed {MODEL.name} ({MODEL.revision[:12]}) from {self.source} into {self.path}"


def _copy_verified(spec: ModelFile, chunks, target: Path, origin: str) -> None:
    """Write ``chunks`` to ``target`` while hashing; raise ModelHashError on a mismatch."""
    h = hashlib.sha256()
    size = 0
    with open(target, "wb") as out:
        for chunk in chunks:
            h.update(chunk)
            size += len(chunk)
            if size > spec.size:  # stop reading (or downloading) at once
                break
            out.write(chunk)
    if size > spec.size:
        problem = f"more than the expected {spec.size:,} bytes"
    else:
        problem = _file_problem(spec, size, h.hexdigest())
    if problem:
        raise ModelHashError(f"{origin}: {problem} (pinned {MODEL.name} revision "
                             f"{MODEL.revision[:12]}); nothing installed")


def _read_chunks(path: Path):
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _from_folder(source: Path, spec: ModelFile, target: Path) -> None:
    path = source / spec.name
    if not path.is_file():
        raise ModelError(f"{path}: missing (the folder must hold "
                         f"{', '.join(f.name for f in MODEL.files)}); nothing installed")
    try:
        _copy_verified(spec, _read_chunks(path), target, str(path))
    except OSError as e:
        raise ModelError(f"{path}: cannot copy: {e.strerror}; nothing installed") from e


def _from_hub(spec: ModelFile, target: Path) -> None:
    import requests

    url = MODEL.url(spec.name)
    try:
        with requests.get(url, stream=True, timeout=(15, 60)) as response:
            response.raise_for_status()
            _copy_verified(spec, response.iter_content(CHUNK), target, url)
    except requests.RequestException as e:
        raise ModelError(f"{url}: download failed: {e}; nothing installed") from e
    except OSError as e:
        raise ModelError(f"{target}: cannot write: {e.strerror}; nothing installed") from e


def install_model(source: str | os.PathLike | None = None) -> InstallResult:
    """Install the pinned model files into ``model_dir()``, verifying every hash first.

    Args:
        source: a folder holding the files (e.g. a copy of the upstream repository), or None to
            download them from the Hugging Face hub at the pinned revision.

    Returns:
        What was done. Re-running is safe: a folder that already verifies is left alone.

    Raises:
        ModelError: the source folder or one of its files is missing, a download failed, or
            the destination cannot be written.
        ModelHashError: a file's size or sha256 is not the pinned one. Nothing is left behind.
    """
    dest = model_dir()
    origin = str(source) if source is not None else MODEL.url("")
    src = Path(source).expanduser() if source is not None else None
    if src is not None and not src.is_dir():
        raise ModelError(f"{source}: no such folder")
    missing = [f.name for f in MODEL.files if src is not None and not (src / f.name).is_file()]
    if missing:
        raise ModelError(f"{source}: missing {', '.join(missing)} (the folder must hold "
                         f"{', '.join(f.name for f in MODEL.files)})")
    if _verified(dest):
        return InstallResult("already installed", dest, origin)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    except OSError as e:
        raise ModelError(f"{dest}: cannot write: {e.strerror}") from e
    try:
        for spec in MODEL.files:
            if src is not None:
                _from_folder(src, spec, tmp / spec.name)
            else:
                _from_hub(spec, tmp / spec.name)
        tmp.chmod(0o755)
        _put_in_place(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not _verified(dest):  # someone else's half-written folder won a race: say so
        raise ModelError(f"{dest}: installed files do not verify; remove the folder and retry")
    return InstallResult("installed", dest, origin)


def _put_in_place(tmp: Path, dest: Path) -> None:
    """Rename the verified ``tmp`` folder to ``dest``; an unverified old ``dest`` is replaced."""
    old = None
    if dest.exists() or dest.is_symlink():
        if _verified(dest):  # installed concurrently by another process
            shutil.rmtree(tmp, ignore_errors=True)
            return
        old = dest.with_name(f".{dest.name}.{os.getpid()}.old")
        try:
            os.replace(dest, old)
        except OSError as e:
            raise ModelError(f"{dest}: cannot replace the unverified folder: {e.strerror}") from e
    try:
        os.replace(tmp, dest)
    except OSError as e:
        if _verified(dest):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            raise ModelError(f"{dest}: cannot write: {e.strerror}") from e
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


# -- load -----------------------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Any] = {}
_warned = False


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning(message)


def _read_verified(folder: Path, name: str) -> bytes:
    spec = MODEL.file(name)
    data = (folder / name).read_bytes()
    problem = _file_problem(spec, len(data), hashlib.sha256(data).hexdigest())
    if problem:
        raise ModelHashError(f"{folder / name}: {problem}")
    return data


def _load(folder: Path):
    """``(SentenceEncoder, None)`` from ``folder``'s verified files, or ``(None, why)``."""
    if not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file():
        _warn_once(f"sentence model not installed: running on lexical features only; {INSTALL_HINT}")
        return None, "sentence model not installed"
    try:
        weights_bytes = _read_verified(folder, "model.safetensors")
        tokenizer_bytes = _read_verified(folder, "tokenizer.json")
    except (OSError, ModelHashError) as e:
        _warn_once(f"sentence model does not verify ({e}): running on lexical features only; "
                   f"{INSTALL_HINT}")
        return None, "sentence model does not verify"
    try:
        from safetensors.numpy import load as load_safetensors
        from tokenizers import Tokenizer
    except ImportError as e:
        _warn_once(f"sentence model needs the {e.name} package: running on lexical features only; "
                   "pip install tokenizers safetensors")
        return None, f"{e.name} not installed"
    from claimcheck.embed.encoder import SentenceEncoder

    weights = load_safetensors(weights_bytes)
    del weights_bytes
    tokenizer = Tokenizer.from_str(tokenizer_bytes.decode("utf-8"))
    encoder = SentenceEncoder(weights, tokenizer, name=MODEL.name,
                              digest=MODEL.file("model.safetensors").sha256)
    return encoder, None


def get_encoder():
    """The process-wide SentenceEncoder, or None for lexical mode.

    None when ``CLAIMCHECK_NO_MODEL=1``, when the model is not installed (one warning per
    process, naming ``claimcheck model install``), or when its files do not verify. The result
    is cached; ``get_encoder.cache_clear()`` (or ``reset_encoder()``) forgets it, for tests.
    """
    if "encoder" in _cache:
        return _cache["encoder"]
    with _lock:
        if "encoder" not in _cache:
            if model_disabled():
                log.debug("CLAIMCHECK_NO_MODEL is set: lexical mode")
                _cache["encoder"] = None
                _cache["reason"] = "CLAIMCHECK_NO_MODEL is set"
            else:
                _cache["encoder"], _cache["reason"] = _load(model_dir())
        return _cache["encoder"]


def reset_encoder() -> None:
    """Forget the cached encoder and the one-warning flag (tests, or after installing)."""
    global _warned
    with _lock:
        _cache.clear()
        _warned = False


get_encoder.cache_clear = reset_encoder  # type: ignore[attr-defined]


def encoder_info() -> dict[str, Any]:
    """Which mode a run is in, for reports.

    Returns:
        ``{"mode": "semantic", "model": "all-MiniLM-L6-v2", "sha256": <weights sha256>}`` or
        ``{"mode": "lexical", "model": None, "sha256": None, "reason": <why>}``, the reason
        being e.g. ``sentence model not installed`` or ``CLAIMCHECK_NO_MODEL is set``.
    """
    encoder = get_encoder()
    if encoder is None:
        return {"mode": "lexical", "model": None, "sha256": None,
                "reason": _cache.get("reason") or "sentence model not installed"}
    return {"mode": "semantic", "model": encoder.name, "sha256": encoder.digest}


def generator_info() -> dict[str, Any]:
    """What the report's ``alignment`` entry records: ``encoder_info()``."""
    return encoder_info()
