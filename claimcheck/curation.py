"""Curation rules, pure: how a review changes a claim's state, the order of the review queue,
and clusters of merged claims that can never form a cycle.

Adapters (store, cli, serve) call these; this module imports only the domain model.
"""

from __future__ import annotations

from collections.abc import Mapping

from claimcheck.errors import InputError
from claimcheck.model import HUMAN_VERDICTS, MATCH_DECISIONS, REVIEW_STATUSES, Claim, CurationState

# Machine findings, most urgent first: the queue shows conflicts and contradictions before
# anything else. A claim's finding is the first of these that it has.
FINDINGS: tuple[str, ...] = ("conflict", "contradicted", "supported", "agree", "related",
                             "not_found", "unreachable")

# Reviews stored before statuses and verdicts (revision 0006) had one ``label``.
LEGACY_LABELS: dict[str, tuple[str, str | None]] = {
    "accurate": ("done", "accurate"), "inaccurate": ("done", "inaccurate"),
    "misleading": ("done", "misleading"), "unverifiable": ("done", "unverifiable"),
    "not_checkworthy": ("done", "not_a_claim"), "needs_review": ("needs_second_look", None),
}


def next_state(current: CurationState, *, status: str | None, verdict: str | None
               ) -> tuple[str, str | None]:
    """The (status, verdict) a claim has after a review giving ``status`` and/or ``verdict``.

    What a review leaves out stays as it was; a verdict without a status marks the claim done.
    """
    if status is None and verdict is None:
        raise InputError("a review needs a --status or a --verdict")
    if status is not None and status not in REVIEW_STATUSES:
        raise InputError(f"unknown status {status!r}; choose one of {', '.join(REVIEW_STATUSES)}")
    if verdict is not None and verdict not in HUMAN_VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}; choose one of {', '.join(HUMAN_VERDICTS)}")
    if status is None:
        status = "done"
    return status, verdict if verdict is not None else current.verdict


def check_decision(decision: str) -> str:
    if decision not in MATCH_DECISIONS:
        raise InputError(f"unknown decision {decision!r}; choose one of "
                         f"{', '.join(MATCH_DECISIONS)}")
    return decision


def root_of(parent: Mapping[int, int | None], claim_id: int) -> int:
    """The claim a cluster is kept as: follow ``merged_into`` links to the end.

    Raises ``ValueError`` on a cycle (which ``merge_plan`` never creates)."""
    seen = {claim_id}
    node = claim_id
    while parent.get(node) is not None:
        node = parent[node]  # type: ignore[assignment]
        if node in seen:
            raise ValueError(f"merge cycle through claim {node}")
        seen.add(node)
    return node


def merge_plan(parent: Mapping[int, int | None], keep: int, duplicates: list[int]
               ) -> list[tuple[int, int]]:
    """(claim to attach, root to attach it under) for merging ``duplicates`` into ``keep``.

    Merging into a merged claim merges into its cluster (its root); a merged duplicate brings its
    whole cluster (its root is attached). Only a root is ever attached, and only under the root
    of another cluster, so no cycle can form. A duplicate already in ``keep``'s cluster is
    refused, so ``merge 3 12`` then ``merge 12 3`` cannot hide both.
    """
    target = root_of(parent, keep)
    plan: list[tuple[int, int]] = []
    moved: dict[int, int] = {}
    for dup in duplicates:
        root = root_of({**parent, **moved}, dup)
        if root == target:
            raise InputError(f"cannot merge claim {dup} into {keep}: both are already in the "
                             f"cluster kept as claim {target}")
        plan.append((root, target))
        moved[root] = target
    return plan


STANCES: tuple[str, ...] = ("asserts", "contradicts", "hedges")


def stance(member: Claim, head: Claim) -> str:
    """How a claim of a cluster stands to the assertion its head makes: ``contradicts`` when one
    of the two is negated and the other not (a reviewer merged a denial with the assertion),
    ``hedges`` when it hedges ("may have", "reportedly"), else ``asserts``."""
    if member.slots.negated != head.slots.negated:
        return "contradicts"
    return "hedges" if member.slots.hedged else "asserts"
