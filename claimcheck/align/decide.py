"""Relations from an alignment probability and the statements' typed slots (pure).

The learned probability says whether two statements make the same assertion; the slots say
which part differs. ``conflict`` needs a surer alignment than ``agree``, a differing typed slot
(date, quantity of the same measure, negation of the shared predicate, an exclusive actor or a
rival "first"), and no sign that the two speak of different events (dates far apart with other
participants, a figure for another period, one occurrence of several, disjoint participants).
"""

from __future__ import annotations

from claimcheck.align.model import Thresholds
from claimcheck.compare import (
    StatementView,
    action_reasons,
    date_reasons,
    negation_reasons,
    other_occurrence,
    participant_reason,
    quantifier_reasons,
    quantity_reasons,
    time_reasons,
    event_reason,
    identifier_reason,
    doubtful_conflict,
    earlier_state_reason,
    exclusive_reasons,
    other_parties_reason,
    other_subject_reason,
)
from claimcheck.model import Comparison, Reason


def _aligned_note(probability: float) -> str:
    return f"same assertion (alignment {probability:.2f})"


def decide(view_a: StatementView, view_b: StatementView, probability: float,
           thresholds: Thresholds, *, agree_at: float | None = None,
           conflict_at: float | None = None, cited: bool = False) -> Comparison:
    """``agree``, ``conflict`` or ``related`` for two aligned-or-not statements.

    Args:
        view_a: First statement's view (``claimcheck.compare.build_view``).
        view_b: Second statement's view.
        probability: P(same assertion) from the alignment model.
        thresholds: The model's decision thresholds.
        agree_at: Overrides ``thresholds.agree`` (verification, where figures and dates found
            on the cited page back a looser textual alignment).
        conflict_at: Overrides ``thresholds.conflict`` (verification against a page the claim
            cites starts from a stronger prior that both speak of the same thing).
        cited: ``view_b`` is a passage of a page the claim cites: that prior makes names
            written on one side only no reason to doubt a conflict.

    Returns:
        A ``Comparison`` whose reasons name the differing slot (conflict) or why the pair is
        only related.
    """
    if probability < (thresholds.agree if agree_at is None else agree_at):
        return Comparison("related", (Reason("other", None, None,
                                             f"same topic, not the same assertion (alignment {probability:.2f})"),))
    unrelated = participant_reason(view_a, view_b) or identifier_reason(view_a, view_b)
    if unrelated is not None:
        return Comparison("related", (unrelated,))
    elsewhere = other_occurrence(view_a, view_b)
    if elsewhere is not None:
        return elsewhere
    another_event = event_reason(view_a, view_b) or (None if cited else earlier_state_reason(view_a, view_b))
    if another_event is not None:
        return Comparison("related", (another_event,))
    negation = negation_reasons(view_a, view_b)
    if negation and negation[0].slot == "negation":
        # what one actor does not do is no denial of what another does
        another_subject = other_subject_reason(view_a, view_b)
        if another_subject is not None:
            return Comparison("related", (another_subject,))
    reasons = (date_reasons(view_a, view_b) + time_reasons(view_a, view_b) + quantity_reasons(view_a, view_b)
               + negation
               + (quantifier_reasons(view_a, view_b) or exclusive_reasons(view_a, view_b))
               + action_reasons(view_a, view_b))
    if not reasons:
        return Comparison("agree", (Reason("other", None, None, _aligned_note(probability)),))
    if probability < (thresholds.conflict if conflict_at is None else conflict_at):
        return Comparison("related", (Reason("other", None, None,
                                             f"a slot differs but the alignment is not sure enough "
                                             f"for a conflict ({probability:.2f})"),) + reasons)
    doubt = doubtful_conflict(view_a, view_b, reasons) or (
        None if cited else other_parties_reason(view_a, view_b, reasons))
    if doubt is not None:
        return Comparison("related", (doubt,))
    return Comparison("conflict", reasons)
