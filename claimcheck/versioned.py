"""Reading versioned JSON artefacts (shipped model weights) with a schema check (pure)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimcheck.errors import ClaimcheckError, SchemaVersionError


def load_versioned_json(path: str | Path, schema: str, *, what: str,
                        error: type[ClaimcheckError], retrain: str) -> dict[str, Any]:
    """The JSON object in ``path``, refused unless its ``schema`` field is exactly ``schema``.

    Args:
        path: the file.
        schema: the schema identifier this release reads, e.g. ``claimcheck.checkworthy/1``.
        what: what the file holds, for messages ("check-worthiness model").
        error: the exception raised when the file is missing or not JSON.
        retrain: the command that writes a current file, named in the version error.

    Raises:
        error: the file cannot be read or is not JSON.
        SchemaVersionError: the file has another schema.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise error(f"{path}: cannot read {what} ({e})") from e
    found = data.get("schema") if isinstance(data, dict) else None
    if found != schema:
        raise SchemaVersionError(f"{path}: {what} schema {found!r} is not {schema!r}; "
                                 f"retrain with {retrain}")
    return data
