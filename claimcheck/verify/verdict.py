"""One claim against one page's passages: the verdict, its evidence and reasons (pure).

A claim is ``supported`` only by a passage that makes the same assertion *and* gives each of
the claim's figures and dates (a compatible value of the same measure, the same distinctive
value in a table cell, or the page's own date): an aligned passage that is silent on a figure
confirms nothing about it. ``contradicted`` needs an aligned passage whose value of the same
slot differs.
"""

from __future__ import annotations

import dataclasses
import re

from datetime import date

import numpy as np

from claimcheck.compare import (
    DISTINCTIVE_MIN,
    MIN_PREDICATE_DICE,
    bounded_compatible,
    counted_quantities,
    date_confirms,
    predicate_dice,
    specific_value,
    quantities_comparable,
)
from claimcheck.extract.slots import extract_slots
from claimcheck.model import Claim, DateMention, Evidence, Reason, Slots, VerificationResult
from claimcheck.verify.page import item_entities, merge_slots

def claim_text(claim: Claim) -> str:
    """The claim with its in-text citation markers blanked (same length: offsets hold)."""
    text = claim.text
    for c in claim.citations:
        start, end = c.start - claim.start, c.end - claim.start
        if 0 <= start < end <= len(text):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _checkable(slots: Slots, text_start: int, text: str) -> Slots:
    """The claim's slots minus those inside blanked citation markers."""
    def kept(m) -> bool:
        inner = text[m.start - text_start:m.end - text_start]
        return bool(inner.strip())
    return dataclasses.replace(slots, dates=tuple(d for d in slots.dates if kept(d)),
                               quantities=tuple(q for q in slots.quantities if kept(q)))


def _decimals(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".,")
    return len(digits.rsplit(".", 1)[1]) if "." in digits else 0


def _distinctive(q) -> bool:
    return abs(q.value) >= DISTINCTIVE_MIN or q.value != int(q.value)


def _same_value(a, b) -> bool:
    """The same distinctive value, whatever its unit ("9.71 s" and a table's bare "9.71"; "1,795
    participants" and "1795 persons"). A round value of two named, incomparable things is no
    figure of one ("50,000 schools" / "50,000 homes"): it must be specific (``compare.specific_value``)."""
    if not _distinctive(a) or abs(a.value - b.value) > 1e-9 * max(1.0, abs(a.value)):
        return False
    return not (a.unit and b.unit) or specific_value(a.value)




def bare_comparable(claim_q, page_q) -> bool:
    """A figure the page gives without a unit ("finished in 9.84", a table cell) measures what
    the claim's figure does ("9.93 s") when both are written to the same decimal places."""
    if page_q.unit or not claim_q.unit or claim_q.kind in ("ordinal", "tally"):
        return False
    places = _decimals(claim_q.text)
    return places > 0 and places == _decimals(page_q.text)


def _quantity_given(q, passage: Slots, bound: str | None = None) -> bool:
    return any((quantities_comparable(q, o) and bounded_compatible(q, bound, o, None)) or _same_value(q, o)
               for o in passage.quantities)


def _date_given(d, passage: Slots, page_date: date | None) -> bool:
    given = list(passage.dates)
    if page_date is not None:
        iso = page_date.isoformat()
        given.append(DateMention(text=iso, value=iso, precision="day", start=0, end=0))
    return any(date_confirms(d, o) for o in given)


def checkable(claim: Slots) -> tuple[list, list]:
    """The claim's figures and dates a page can confirm or refute."""
    quantities = [q for q in claim.quantities if q.kind != "other" or q.unit]
    dates = [d for d in claim.dates if d.value and not d.relative]
    return quantities, dates


def confirmed(claim: Slots, context: Slots, page_date: date | None,
              bounds: dict[tuple[int, int], str | None] | None = None) -> tuple[list[str], list[str]]:
    """(given, missing): the claim's checkable figures and dates that the context gives or not
    (``bounds``: (start, end) of a claim quantity -> "min"/"max" when it is a bound, see
    ``claimcheck.compare.quantity_bounds``)."""
    bounds = bounds or {}
    quantities, dates = checkable(claim)
    given = [q.text for q in quantities if _quantity_given(q, context, bounds.get((q.start, q.end)))]
    given += [d.text for d in dates if _date_given(d, context, page_date)]
    missing = [q.text for q in quantities if not _quantity_given(q, context, bounds.get((q.start, q.end)))]
    missing += [d.text for d in dates if not _date_given(d, context, page_date)]
    return given, missing


# what a count names the size of a group the claim's actor is one of: "one of 14 countries",
# "one of only five countries", "among the 35 Member States"
_GROUP_BEFORE = re.compile(r"(?:\bone\s+of|\bamong)\s+(?:the\s+)?(?:only\s+)?$", re.IGNORECASE)


def _stating_specific(quantities: list, evidence) -> set[int]:
    """The page's sentences and records that give one of ``quantities`` that is specific
    (``compare.specific_value``) with a comparable figure, for each such figure that the page
    gives at most ``RARE_ON_PAGE`` times."""
    found: set[int] = set()
    for q in quantities:
        if not (_distinctive(q) and specific_value(q.value)):
            continue
        stating = {i for i in evidence.single_indices() for o in evidence.passages[i].slots.quantities
                   if quantities_comparable(q, o) and _same_value(q, o)}
        if len(stating) <= RARE_ON_PAGE:
            found |= stating
    return found


# a claim that puts its actor in a group: "X was one of the countries ...", "X is among the ..."
_MEMBERSHIP = re.compile(r"\b(?:was|were|is|are|has been|had been)\s+(?:one\s+of|among)\s+(?:the\s+)?",
                         re.IGNORECASE)


def _missing_from_list(claim: Claim, text: str, slots: Slots, evidence, engine,
                       vector: np.ndarray | None) -> VerificationResult | None:
    """``contradicted`` when the claim puts a name in a group ("Rwanda was one of the countries
    reporting confirmed cases") that a complete list of the page (``PageEvidence.complete_lists``)
    gives without it, and the list's entry told with that name instead would make the claim's
    assertion (the ``agree`` probability): the group is the one the list records, and the name is
    not in it. Names of another kind than the list's (a company against a list of countries) are
    not compared."""
    found = _MEMBERSHIP.search(text)
    if found is None:
        return None
    members = [e for e in slots.entities if e.end - claim.start <= found.start()]
    if not members:
        return None
    member = members[-1]
    statement = engine.statements([text], [slots], [claim.start])[0]
    for entries in evidence.complete_lists(text):
        if any(evidence.names_item(i, text, slots) for i in entries):
            return None  # the list names the claim's actor
        names = [evidence.passages[i].item for i in entries]
        kinds = {e.kind for name in names for e in item_entities(name)}
        if member.kind not in kinds or member.kind == "other":
            continue
        entry = evidence.passages[entries[0]]
        told = entry.text[:len(entry.text) - len(entry.item) - 1] + f"{member.text}."
        counterpart = engine.statements([told], [extract_slots(told)])[0]
        told_vector = engine.vectors([told])
        cosine = None if told_vector is None or vector is None else float(told_vector[0] @ vector)
        p = float(engine.unshared([engine.features(statement, counterpart, cosine)])[0])
        if p < engine.thresholds.agree:
            continue
        listed = ", ".join(names)
        return VerificationResult("contradicted", Evidence(text=evidence.text[entry.start:entry.end],
                                                          start=entry.start, end=entry.end),
                                  (Reason("entity", member.text, listed,
                                          f"the page's complete list ({entry.lead}) does not name "
                                          f"{member.text}: it names {listed}"),), round(p, 3))
    return None


def group_sizes(text: str, slots: Slots, offset: int = 0) -> list:
    """The claim's counts that give the size of a group its actor is one of (``_GROUP_BEFORE``)."""
    return [q for q in slots.quantities
            if q.kind == "count" and _GROUP_BEFORE.search(text[max(0, q.start - offset - 24):q.start - offset])]


def bare_conflict(claim: Slots, passage: Slots, named=None) -> Reason | None:
    """A claim figure with a unit against a bare figure of the same precision that differs; a
    bare figure that another figure of the claim gives is that figure's, and refutes none ("12.4 mm
    of rain, below the 20.5 mm warning level" against a record's "Rainfall: 12.4").

    ``named(o)``: whether the bare figure ``o`` may measure what the claim does; in a table
    record its field's header says what it measures ("Temperature: 21.0" is no rainfall)."""
    def same(q, o) -> bool:
        return abs(q.value - o.value) <= 1e-9 * max(1.0, abs(q.value))
    for q in claim.quantities:
        if _quantity_given(q, passage):
            continue
        for o in passage.quantities:
            if bare_comparable(q, o) and not same(q, o) and (named is None or named(o)) \
                    and not any(bare_comparable(c, o) and same(c, o) for c in claim.quantities):
                return Reason("quantity", q.text, o.text, f"figure differs: {q.text} vs {o.text}")
    return None


# A measure the page states at most this many times identifies one fact (like a figure
# rare in a document, ``claimcheck.match.BACKING_MAX_PER_DOCUMENT``)
RARE_ON_PAGE = 2


def page_refutes(q, bound: str | None, evidence, supporting: int) -> tuple[int, Reason] | None:
    """A passage refuting a claim figure that the passage supporting the rest of the claim does
    not give: the page states that measure ("the 177-page document") at most
    ``RARE_ON_PAGE`` times, and the claim's value nowhere. The citation and the
    supported part establish that page and claim speak of one thing, so the page's one value of
    the measure is the value of the claim's ("Running to 144 pages, the agreement commits ...":
    the wage confirmed, the length refuted). Only a distinctive figure (not a small whole
    number: "these two countries" refers more than it counts) of a named measure (a figure without
    a unit, "a magnitude of 7.6", measures nothing a page's other bare numbers could refute) is
    refuted this way."""
    if not _distinctive(q) or not q.unit:
        return None
    if any(_quantity_given(q, evidence.passages[i].slots, bound) for i in evidence.single_indices()):
        return None  # the page gives the claim's figure somewhere ("1795 persons" for "1,795 participants")
    stating = [(i, o) for i, o in _stating(q, evidence) if i != supporting]
    if not stating or len(stating) > RARE_ON_PAGE:
        return None
    i, other = stating[0]
    return i, Reason("quantity", q.text, other.text, f"figure differs: {q.text} vs {other.text}")


def _stating(q, evidence) -> list[tuple[int, object]]:
    """(passage index, quantity) of every figure of the page's sentences and records that
    measures what ``q`` measures."""
    return [(i, o) for i in evidence.single_indices()
            for o in evidence.passages[i].slots.quantities if quantities_comparable(q, o)]


def common_measure(slots: Slots, passage: Slots, evidence) -> bool:
    """A figure of the claim that the passage gives another value of measures something the page
    states more than ``RARE_ON_PAGE`` times ("per cent" on an election page): that passage's value
    is one of several, not the claim's (``page_refutes`` reads a rare measure the same way)."""
    return any(any(quantities_comparable(q, o) for o in passage.quantities)
               and len(_stating(q, evidence)) > RARE_ON_PAGE for q in slots.quantities)


def verdict_for(claim: Claim, evidence, engine, vector: np.ndarray | None) -> VerificationResult:
    """The verdict of ``claim`` against a ``PageEvidence``.

    A passage is a candidate from the engine's ``related`` probability when the claim has
    figures or dates (they are checked one by one), and from its ``agree`` probability when the
    claim has none (the wording alone must then carry the assertion).
    """
    text = claim_text(claim)
    slots = _checkable(claim.slots, claim.start, text)
    if slots.quantities:  # counts of people as events, as the page's passages are read
        slots = dataclasses.replace(slots, quantities=counted_quantities(text, slots.quantities))
    statement = engine.statements([text], [slots], [claim.start])[0]
    candidates, cosines = evidence.candidates(statement.stems, vector, statement.distinctive,
                                              lambda i: evidence.names_item(i, text, slots))
    # "one of 14 countries voting against": the size of the group the claim's actor is one of is
    # checked against the size of a list that names it, not read as a figure of the passage
    sizes = group_sizes(text, slots, claim.start)
    in_list = dataclasses.replace(slots, quantities=tuple(q for q in slots.quantities if q not in sizes))
    listed_statement = engine.statements([text], [in_list], [claim.start])[0] if sizes else statement
    features = [engine.features(listed_statement if evidence.passages[i].item else statement,
                                evidence.statements[i], None if cosines is None else float(cosines[i]))
                for i in candidates]
    view = engine.view(text, slots)
    listed_view = engine.view(text, in_list) if sizes else view
    # a passage that differs from the claim only in a figure or a date is aligned as it would be
    # agreeing (as in matching), so the slots can say what differs: "about 45 km north-west of
    # Kathmandu" meets the page's "about 76 km north-west of Kathmandu"
    own = engine.probabilities(features).tolist()
    features_of = dict(zip(candidates, features))
    years = {d.text for d in slots.dates if d.precision == "year"}
    probabilities = engine.lifted(
        features, own,
        lambda k: (statement, evidence.statements[candidates[k]]),
        lambda k: (view, evidence.view(candidates[k])))
    if engine.encoder is not None and candidates:
        # a claim told with other asides than the page's is aligned on the clauses that carry
        # what differs (a refutation only, as in matching: ``claimcheck.align.clauses``)
        probabilities = engine.clause_lifted(
            [(text, slots, claim.start)] + [(evidence.passages[i].text, evidence.passages[i].slots,
                                             evidence.passages[i].offset) for i in candidates],
            [(0, k + 1) for k in range(len(candidates))], probabilities,
            lambda k: (view, evidence.view(candidates[k])), cited=True,
            prepared=lambda k: statement if k == 0 else evidence.statements[candidates[k - 1]])
    # a table record asserts each of its fields: a field that gives one of the claim's
    # distinctive figures or dates ("Rainfall: 12.4" for "the gauge recorded 12.4 mm of rain")
    # aligns the record as well as that field does, though its other fields (the station, the
    # day, the temperature) make it a longer text than the claim. Evidence for a confirmation
    # only: a field that gives another value lifts nothing (a table has a rainfall in every row)
    for k, i in enumerate(candidates):
        fields = evidence.confirming_fields(i, statement.distinctive)
        if fields:
            best_field = max(engine.probabilities([
                engine.features(statement, st, None if v is None or vector is None else float(v @ vector))
                for st, v in fields]))
            own[k] = max(own[k], float(best_field))
            probabilities[k] = max(probabilities[k], float(best_field))
    quantities, dates = checkable(slots)
    floor = engine.thresholds.related if (quantities or dates) else engine.thresholds.agree
    # a passage giving one of the claim's specific figures ("$412 million", not "50,000"), of the
    # measure the claim gives it for, that the page states once or twice, is read whatever its
    # alignment: its subject is often the page's, not named ("Net income for the fiscal year was
    # $412 million" in a company's filing), which the wording alone cannot align
    backed = _stating_specific(quantities, evidence) & set(candidates)
    floor_of = {i: (0.0 if i in backed else floor) for i in candidates}
    best = max(probabilities, default=0.0)
    if best < floor and not backed:
        missing_name = _missing_from_list(claim, text, slots, evidence, engine, vector)
        if missing_name is not None:
            return missing_name
        return VerificationResult("not_found", None, (Reason(
            "other", None, None, f"no passage makes the same assertion (best alignment {best:.2f})"),),
            round(best, 3))
    # passages are read nearest first by their own alignment, each decided on its lifted one: a
    # lift lets a passage differing in a figure be compared, it does not make it a closer
    # telling than one that confirms the claim (matching ranks and decides the same way)
    scored = sorted(((p, i, o) for p, i, o in zip(probabilities, candidates, own) if p >= floor_of[i]),
                    key=lambda t: (-t[2], t[1]))
    bounds = dict(zip(((q.start, q.end) for q in view.quantities), view.bounds))
    supported = contradicted = silent = None
    for p, i, own_p in scored:
        passage = evidence.passages[i]
        sized = []  # the group sizes a list that names the claim's actor gives
        if passage.item and sizes:
            if passage.listed and any(q.value != passage.listed for q in sizes):
                if contradicted is None and p >= engine.thresholds.agree:
                    q = next(q for q in sizes if q.value != passage.listed)
                    contradicted = (p, i, (Reason("quantity", q.text, str(passage.listed),
                                                  f"the list names {passage.listed}: {q.text} vs "
                                                  f"{passage.listed}"),))
                continue
            sized = [q.text for q in sizes] if passage.listed else []
        # the citation is a prior that claim and page speak of the same thing: a differing slot
        # refutes at the agree probability; figures found on the page back a looser alignment
        comparison = engine.compare(listed_view if passage.item else view, evidence.view(i), p,
                                    agree_at=floor_of[i], conflict_at=engine.thresholds.agree, cited=True)
        relation, reasons = comparison.relation, comparison.reasons
        if relation == "agree" and p < floor and not predicate_dice(view, evidence.view(i)):
            # admitted only by a shared specific figure: it must tell the claim's act
            continue
        if relation == "agree" and own_p < floor_of[i]:
            continue  # aligned only as if its figures agreed: it can refute the claim, not confirm it
        if relation == "agree":
            bare = bare_conflict(slots, passage.slots,
                                 lambda o, i=i: evidence.field_names(i, o.start, statement.stems))
            if bare is not None and p >= engine.thresholds.agree:
                relation, reasons = "conflict", (bare,)
        if relation == "agree":
            # a heading names a topic: it asserts nothing a claim could rest on
            context = passage.slots if passage.heading else merge_slots(passage.slots, evidence.context_slots(i))
            given, missing = confirmed(in_list if passage.item else slots, context,
                                       None if passage.heading else evidence.page_date, bounds)
            if passage.item:
                given += sized
                missing += [q.text for q in sizes if q.text not in sized]
            enough = bool(given) and not passage.heading if (quantities or dates) else not passage.heading
            if passage.item and missing:
                # a name in a list confirms the claim's other figures and dates only when the
                # page gives them too ("On March 22, X was one of five countries voting against"
                # is not confirmed by a list of five from a vote of another day)
                enough = False
            if enough and given and set(given) <= years \
                    and (engine.unshared([features_of[i]])[0] < engine.thresholds.agree
                         or not predicate_dice(view, evidence.view(i))):
                # only a year is confirmed, and any date of that year (the page's own among
                # them) confirms it: the wording alone must carry the assertion, the claim's act
                # among it (a release dated 2024 that shares the company's name and no word of
                # "sold its hardware division" tells nothing of a sale)
                enough = False
            if enough and supported is None:
                note = f"same assertion (alignment {p:.2f})" + (f"; confirms {', '.join(given)}" if given else "") \
                    + (f"; not given on the page: {', '.join(missing)}" if missing else "")
                not_given = [q for q in quantities if q.text not in sized
                             and not _quantity_given(q, context, bounds.get((q.start, q.end)))]
                supported = (p, i, (Reason("other", None, None, note),), not_given)
            elif not enough and silent is None:
                silent = (p, i, (Reason("other", None, None,
                                        f"a passage speaks of the same thing but gives none of "
                                        f"{', '.join(missing)}"),))
        elif (relation == "conflict" and contradicted is None and p >= engine.thresholds.agree
              and not passage.heading  # a heading names a topic: it refutes nothing either
              # aligned only as if its figure agreed: the figure must be the page's one value of
              # that measure, as for ``page_refutes``
              and not (own_p < engine.thresholds.agree and any(r.slot == "quantity" for r in reasons)
                       and common_measure(slots, passage.slots, evidence))):
            contradicted = (p, i, reasons)
    if supported is None and contradicted is None:
        missing_name = _missing_from_list(claim, text, slots, evidence, engine, vector)
        if missing_name is not None:
            return missing_name
    if supported is None and contradicted is None and (quantities or dates):
        clause = _clause_support(statement, slots, view, bounds, candidates, evidence, engine, vector)
        if clause is not None:
            return clause
    own_of = dict(zip(candidates, own))
    if supported and (not contradicted or own_of[supported[1]] >= own_of[contradicted[1]]):
        p, i, reasons, not_given = supported
        for q in not_given:
            refuted = page_refutes(q, bounds.get((q.start, q.end)), evidence, i)
            if refuted is not None:
                at, reason = refuted
                return VerificationResult("contradicted", evidence.evidence(at), (reason, Reason(
                    "other", None, None, f"the rest of the claim is confirmed by: "
                                         f"{evidence.evidence(i).text[:200]}")), round(p, 3))
        return VerificationResult("supported", evidence.evidence(i), reasons, round(p, 3))
    if contradicted:
        p, i, reasons = contradicted
        return VerificationResult("contradicted", evidence.evidence(i), reasons, round(p, 3))
    p, i, reasons = silent or (scored[0][0], scored[0][1], (Reason(
        "other", None, None, "the passages nearest the claim speak of another actor or event"),))
    return VerificationResult("not_found", evidence.evidence(i), reasons, round(p, 3))


def _clause_support(statement, slots: Slots, view, bounds, candidates: list[int], evidence, engine,
                    vector: np.ndarray | None) -> VerificationResult | None:
    """Support from one clause of a page sentence (``PageEvidence.windows``) when no passage as a
    whole supports or refutes the claim: a sentence telling several actors' acts aligns with a
    claim about one of them under the bar, and gives dates of the others' acts.

    A clause is a looser telling than a sentence (a part can drop what qualifies it), so it
    supports only when it names one of the claim's actors (if both name any), at the engine's
    ``agree`` probability on its wording alone (figures and dates
    left out: ``AlignmentEngine.unshared``) and with the claim's predicate (``MIN_PREDICATE_DICE``
    of its words), with slots that
    agree, and when it gives every figure and date of the claim that a page can confirm."""
    best = None
    for i in candidates:
        if i not in evidence.single_indices():
            continue
        for window, window_statement, window_vector in evidence.windows(i):
            cosine = None if vector is None or window_vector is None else float(window_vector @ vector)
            # the wording alone must carry a clause: a shared year or figure lifts none
            p = float(engine.unshared([engine.features(statement, window_statement, cosine)])[0])
            if p < engine.thresholds.agree or (best is not None and p <= best[0]):
                continue
            named = {e.canonical for e in window.slots.entities}
            if named and slots.entities and not named & {e.canonical for e in slots.entities}:
                continue  # a part of a sentence about another actor ("and Vesta Lines, which ...")
            window_view = engine.view(window.text, window.slots)
            # and a clause tells the claim's act: its predicate's words are the claim's ("sold a
            # division" is no "reported revenue", however the company's name aligns them)
            if predicate_dice(view, window_view) < MIN_PREDICATE_DICE:
                continue
            if engine.compare(view, window_view, p, cited=True).relation != "agree":
                continue
            given, missing = confirmed(slots, window.slots, None, bounds)
            if given and not missing:
                best = (p, window, given)
    if best is None:
        return None
    p, window, given = best
    return VerificationResult("supported", Evidence(text=evidence.text[window.start:window.end],
                                                    start=window.start, end=window.end),
                              (Reason("other", None, None, f"one clause of a sentence makes the same "
                                                           f"assertion (alignment {p:.2f}); confirms "
                                                           f"{', '.join(given)}"),), round(p, 3))
