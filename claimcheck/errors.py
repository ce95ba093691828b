"""Exceptions raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class: the message is one line that says what went wrong and how to fix it."""


class InputError(ClaimcheckError):
    """Bad user input: empty, binary, undecodable, too large, missing, unsupported scheme."""


class FetchError(ClaimcheckError):
    """A page could not be fetched (network, HTTP status, policy, size, content type)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class PolicyError(FetchError):
    """Fetching was refused by policy: private address, robots.txt, scheme, offline mode."""


class StoreError(ClaimcheckError):
    """The database could not be opened, migrated or written."""


class SchemaVersionError(ClaimcheckError):
    """An export/report/model file has a schema version this release cannot read."""


class StaleWriteError(StoreError):
    """A change was made on a stale view: someone else changed the same thing since."""
