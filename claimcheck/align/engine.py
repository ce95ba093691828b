"""The alignment engine: one answer for any two statements, used by matching and verification.

For two statements (claim vs claim, claim vs page passage) the engine answers *do they make the
same assertion?* with a calibrated probability (a logistic regression over the features of
``claimcheck.align.features``, fitted on external labelled pairs), and *which typed slots agree
or differ?* (``claimcheck.align.decide`` over ``claimcheck.compare``'s slot checks).

The sentence encoder is optional: without it the engine runs the lexical model, and says so
through ``mode``. The engine holds no I/O: the caller passes an encoder object (anything with
``encode(texts) -> unit vectors`` and ``name``/``digest``) or None.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claimcheck.align.clauses import clause_windows, window_slots
from claimcheck.align.decide import decide
from claimcheck.align.features import FEATURES, Statement, pair_features, prepare, shared_values
from claimcheck.align.model import AlignmentModel, load_model
from claimcheck.compare import (
    StatementView,
    build_view,
    compatible_figures,
    date_reasons,
    load_lexicon,
    quantity_reasons,
)
from claimcheck.model import Comparison, Slots


# the features that say two statements share a figure or a date (``probabilities``)
MONOTONE = (FEATURES.index("figure_shared"), FEATURES.index("distinctive_shared"))


class AlignmentEngine:
    """Probabilities and relations for pairs of statements.

    Args:
        encoder: A sentence encoder (``claimcheck.embed``), or None for lexical mode.
        model: Weights to use instead of the shipped ones for the mode.
    """

    def __init__(self, encoder=None, model: AlignmentModel | None = None):
        self.encoder = encoder
        self.mode = "semantic" if encoder is not None else "lexical"
        self.model = model or load_model(self.mode)
        self.thresholds = self.model.thresholds

    def describe(self) -> dict:
        """What made the findings: mode, model name and weight hash (for reports)."""
        return {"mode": self.mode,
                "model": getattr(self.encoder, "name", None),
                "sha256": getattr(self.encoder, "digest", None) or None}

    def statements(self, texts: Sequence[str], slots: Sequence[Slots],
                   offsets: Sequence[int] | None = None) -> list[Statement]:
        """Read each statement once (``offsets``: where each text starts in its slots' coordinates)."""
        offsets = offsets or [0] * len(texts)
        return [prepare(t, s, o) for t, s, o in zip(texts, slots, offsets)]

    def vectors(self, texts: Sequence[str]) -> np.ndarray | None:
        """Unit sentence vectors, or None in lexical mode."""
        if self.encoder is None:
            return None
        return self.encoder.encode(list(texts))

    def probability(self, a: Statement, b: Statement, cosine: float | None = None) -> float:
        """P(a and b make the same assertion)."""
        return float(self.probabilities([self.features(a, b, cosine)])[0])

    def features(self, a: Statement, b: Statement, cosine: float | None = None) -> list[float]:
        """The pair's feature vector (see ``probabilities`` to score many at once)."""
        return pair_features(a, b, cosine if self.encoder is not None else None)

    def probabilities(self, features: Sequence[list[float]]) -> np.ndarray:
        """P(same assertion) for many feature vectors at once (one matrix product).

        A shared figure or date is evidence for the same assertion, never against it: the
        regression's pairwise products can score a pair sharing one below the same pair without
        it (a sentence and a long passage that both give "15 November 2019" score 0.21, 0.44
        without the shared date), so a pair that shares one gets at least the probability it
        would have without (``MONOTONE``).
        """
        if not features:
            return np.zeros(0)
        matrix = np.array(features, dtype=np.float64)
        out = self.model.probabilities(matrix)
        sharing = np.flatnonzero(matrix[:, list(MONOTONE)].any(axis=1))
        if len(sharing):
            out[sharing] = np.maximum(out[sharing], self.unshared(matrix[sharing]))
        return out

    def unshared(self, features: Sequence[list[float]] | np.ndarray) -> np.ndarray:
        """P(same assertion) for many feature vectors with their shared figures and dates left
        out (``MONOTONE``): how well the wording alone aligns a pair."""
        if not len(features):
            return np.zeros(0)
        matrix = np.array(features, dtype=np.float64)  # a copy: the caller's rows stay as they are
        matrix[:, list(MONOTONE)] = 0.0
        return self.model.probabilities(matrix)

    def clause_probabilities(self, statements: Sequence[tuple[str, Slots, int]],
                             pairs: Sequence[tuple[int, int]], probabilities: Sequence[float],
                             vectors: np.ndarray | None = None, prepared=None, **limits) -> list[float]:
        """Each pair's probability raised to that of its best-aligned clause windows
        (``claimcheck.align.clauses``): every window of one statement (the whole one included)
        is scored against every window of the other with the same model; a window's slots are
        the mentions inside it. Evidence for a conflict, not an agreement (see ``clauses``).

        Args:
            statements: ``(text, slots, offset)`` of each statement (``offset``: where the text
                starts in its slots' coordinates).
            pairs: Index pairs into ``statements``.
            probabilities: Each pair's whole-statement probability.
            vectors: The statements' sentence vectors (semantic mode), when computed already.
            prepared: ``prepared(k)`` -> statement ``k`` read as a whole (``statements``), when
                the caller holds it already; read here otherwise.
            limits: ``min_words`` / ``min_share`` for ``clause_windows`` (benchmarks).

        Returns:
            One probability per pair, never below its own.
        """
        out = [float(p) for p in probabilities]
        used = sorted({k for pair in pairs for k in pair})
        spans = {k: clause_windows(statements[k][0], **limits) for k in used}
        if not any(spans.values()):
            return out
        parts: dict[int, list[tuple[Statement, int]]] = {}
        texts: list[str] = []
        for k in used:
            text, slots, offset = statements[k]
            parts[k] = []
            for start, end in spans[k]:
                window = window_slots(slots, offset + start, offset + end)
                parts[k].append((prepare(text[start:end], window, offset + start), len(texts)))
                texts.append(text[start:end])
        window_vectors = self.vectors(texts)
        whole_vectors: dict[int, np.ndarray] = {}
        if window_vectors is not None:
            if vectors is None:
                whole_vectors = dict(zip(used, self.vectors([statements[k][0] for k in used])))
            else:
                whole_vectors = {k: vectors[k] for k in used}
        whole: dict[int, Statement] = {}
        for n, (i, j) in enumerate(pairs):
            if not (spans[i] or spans[j]):
                continue
            for k in (i, j):
                if k not in whole:
                    whole[k] = prepared(k) if prepared is not None else prepare(*statements[k])
            features = []
            for a, at in [(whole[i], None)] + parts[i]:
                for b, bt in [(whole[j], None)] + parts[j]:
                    if at is None and bt is None:
                        continue  # the whole statements: scored already
                    cosine = None
                    if window_vectors is not None:
                        left = whole_vectors[i] if at is None else window_vectors[at]
                        right = whole_vectors[j] if bt is None else window_vectors[bt]
                        cosine = float(left @ right)
                    features.append(self.features(a, b, cosine))
            out[n] = max(out[n], float(self.probabilities(features).max()))
        return out

    def clause_lifted(self, statements: Sequence[tuple[str, Slots, int]], pairs: Sequence[tuple[int, int]],
                      probabilities: Sequence[float], views, vectors: np.ndarray | None = None, *,
                      cited: bool = False, prepared=None) -> list[float]:
        """Each pair's probability, lifted to its best clause windows' (``clause_probabilities``)
        when its slots differ: a conflict told with other asides is aligned on the clauses that
        carry it; a pair whose slots agree keeps its own
        (the windows are no evidence for an agreement: ``claimcheck.align.clauses``). Semantic
        mode only.

        Args:
            statements: ``(text, slots, offset)`` of each statement.
            pairs: Index pairs into ``statements``.
            probabilities: Each pair's probability so far (``lifted``).
            views: ``views(k)`` -> the two ``StatementView`` of pair ``k``.
            vectors: The statements' sentence vectors, when computed already.
            cited: The second statement of each pair is a passage of a page the first cites.
            prepared: See ``clause_probabilities``.
        """
        out = [float(p) for p in probabilities]
        if self.encoder is None:
            return out
        differing = [k for k in range(len(pairs))
                     if self.compare(*views(k), 1.0, agree_at=0.0, conflict_at=0.0, cited=cited).relation
                     == "conflict"]
        if differing:
            raised = self.clause_probabilities(statements, [pairs[k] for k in differing],
                                               [out[k] for k in differing], vectors, prepared)
            for k, p in zip(differing, raised):
                out[k] = p
        return out

    def view(self, text: str, slots: Slots) -> StatementView:
        """The slot view that ``compare`` needs (build once per statement when comparing many)."""
        return build_view(text, slots, load_lexicon())

    def compare(self, view_a: StatementView, view_b: StatementView, probability: float, *,
                agree_at: float | None = None, conflict_at: float | None = None,
                cited: bool = False) -> Comparison:
        """``agree`` / ``conflict`` / ``related`` with reasons, given the pair's probability
        (thresholds overridable, ``cited`` for a cited page: see ``claimcheck.align.decide.decide``)."""
        return decide(view_a, view_b, probability, self.thresholds, agree_at=agree_at,
                      conflict_at=conflict_at, cited=cited)

    def counterfactual(self, a: Statement, b: Statement, features: list[float]) -> list[float] | None:
        """The pair's features as if the figures and dates both give agreed, or None when that
        changes nothing (one gives none, or they already share one).

        A conflict is a pair that would make the same assertion but for one figure or date. The
        model reads a shared figure as evidence of alignment, so a pair that differs in exactly
        that figure scores lower than the same pair agreeing would: its alignment is judged on
        these features instead (the slots then say what differs).
        """
        if not (a.has_figures and b.has_figures) or shared_values(a.figures, b.figures):
            return None
        changed = list(features)
        changed[FEATURES.index("figure_shared")] = 1.0
        if a.distinctive and b.distinctive:
            changed[FEATURES.index("distinctive_shared")] = 1.0
        return changed

    def lifted(self, features: Sequence[list[float]], probabilities: Sequence[float],
               statements, views) -> list[float]:
        """Each pair's alignment judged as if its figures and dates agreed, when a comparable
        one differs (same measure, or dates both give) or agrees in another form ("September
        2022" / "14 September 2022", a rounded figure): ``counterfactual``. A pair that differs
        only in such a slot is then aligned as well as it would be agreeing, and the slots name
        the difference; a pair whose figures are not comparable keeps its own probability.

        Args:
            features: Each pair's feature vector (``features``).
            probabilities: Each pair's own probability (``probabilities``).
            statements: ``statements(k)`` -> the two ``Statement`` of pair ``k``.
            views: ``views(k)`` -> the two ``StatementView`` of pair ``k`` (built only for the
                pairs whose figures could lift).

        Returns:
            One probability per pair: its own, or the lifted one when higher.
        """
        out = [float(p) for p in probabilities]
        if not features:
            return out
        matrix = np.asarray(features, dtype=np.float64)
        # only pairs that both give figures and share none can change (``counterfactual``)
        open_rows = np.flatnonzero((matrix[:, FEATURES.index("figures_both")] > 0)
                                   & (matrix[:, FEATURES.index("figure_shared")] == 0)).tolist()
        changed = [(k, self.counterfactual(*statements(k), features[k])) for k in open_rows]
        changed = [(k, f) for k, f in changed if f is not None]
        if not changed:
            return out
        for (k, _), p in zip(changed, self.probabilities([f for _, f in changed]).tolist()):
            if p <= out[k] or p < self.thresholds.related:
                continue
            view_a, view_b = views(k)
            if (date_reasons(view_a, view_b) or quantity_reasons(view_a, view_b)
                    or compatible_figures(view_a, view_b)):
                out[k] = p
        return out
