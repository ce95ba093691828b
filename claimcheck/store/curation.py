"""Curation in the store: the review trail, review states with optimistic concurrency, the
review queue with full-text search, and clusters of merged claims.

``CurationStore`` is mixed into ``SqlStore``; it uses the repository's transactions
(``_transact``) and returns domain objects (``claimcheck.model``), never rows.

Concurrency: every entry of the trail has a ``subject`` (``claim:12``, ``match:3-7``) and a
``version`` (1, 2, ... per subject), unique together. A writer names the version it saw; the
write is refused when the subject has moved on (``StaleWriteError``), and two writers racing on
one version cannot both land: the unique index rejects the second (on PostgreSQL it waits for
the first to commit, then fails; on SQLite writers are serialised by ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claimcheck.compare import stem
from claimcheck.curation import FINDINGS, LEGACY_LABELS, check_decision, merge_plan, next_state
from claimcheck.errors import InputError, StaleWriteError, StoreError
from claimcheck.model import CurationState, QueueItem, Review
from claimcheck.store.tables import (
    ClaimRow,
    ClaimStateRow,
    DocumentRow,
    MatchRow,
    ReviewRow,
    SourceRow,
    VerificationRow,
)

_WORD = re.compile(r"[^\W_]+")
SEARCH_SYNC_CHUNK = 5000


def search_terms(text: str) -> list[str]:
    """The words of ``text`` as the full-text index holds them: lowercased and stemmed with the
    matcher's stemmer (``claimcheck.compare.stem``), so "evacuated" and "evacuation" meet."""
    return [t for t in (stem(w) for w in _WORD.findall(text.lower().replace("\u2019", "'")))
            if t]


def _aware(when: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; every time stored here is UTC."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=UTC)


def _claim_subject(claim_id: int) -> str:
    return f"claim:{claim_id}"


def _match_subject(a: int, b: int) -> str:
    a, b = sorted((a, b))
    return f"match:{a}-{b}"


def review_from_row(r: ReviewRow) -> Review:
    return Review(claim_id=r.claim_id, kind=r.kind, reviewer=r.reviewer,
                  created_at=_aware(r.created_at), status=r.status, verdict=r.verdict,
                  decision=r.decision, other_claim_id=r.other_claim_id, note=r.note or "",
                  organisation=r.organisation, version=r.version, id=r.id)


class CurationStore:
    """Curation methods of ``SqlStore`` (see the module docstring)."""

    # -- the trail ----------------------------------------------------------------------------
    def _append(self, s: Session, review: Review, subject: str,
                expected_version: int | None) -> ReviewRow:
        """Append ``review`` as the next version of ``subject``, refusing a stale view."""
        current = s.scalar(select(sa.func.max(ReviewRow.version))
                           .where(ReviewRow.subject == subject)) or 0
        if expected_version is not None and expected_version != current:
            raise StaleWriteError(_stale_message(subject, expected_version, current))
        label = review.verdict or review.decision or (
            "merged" if review.kind == "merge" else review.status or review.kind)
        row = ReviewRow(claim_id=review.claim_id, reviewer=review.reviewer, label=label,
                        note=review.note, created_at=review.created_at, kind=review.kind,
                        subject=subject, version=current + 1, status=review.status,
                        verdict=review.verdict, decision=review.decision,
                        other_claim_id=review.other_claim_id, organisation=review.organisation)
        s.add(row)
        s.flush()
        if subject.startswith("claim:"):
            state = s.get(ClaimStateRow, review.claim_id)
            if state is None:
                state = ClaimStateRow(claim_id=review.claim_id, status="unstarted", version=0)
                s.add(state)
            if review.kind == "claim":
                state.status, state.verdict = review.status, review.verdict
                s.execute(sa.update(ClaimRow).where(ClaimRow.id == review.claim_id)
                          .values(label=review.verdict))
            state.version, state.review_id = row.version, row.id
        return row

    def _write(self, work, subject: str, expected_version: int | None):
        """Run ``work`` in a transaction; a lost race on a version is a stale write."""
        try:
            return self._transact(work)
        except StoreError as e:
            if isinstance(e, StaleWriteError):
                raise
            if isinstance(e.__cause__, IntegrityError) and _lost_version_race(e.__cause__):
                raise StaleWriteError(
                    f"{_subject_name(subject)} was changed by another reviewer at the same "
                    "moment: reload it and review again") from e
            raise

    def review_claim(self, claim_id: int, *, reviewer: str, status: str | None = None,
                     verdict: str | None = None, note: str = "",
                     expected_version: int | None = None, organisation: str | None = None,
                     created_at: datetime | None = None) -> Review:
        """Record a human review of a claim (a status and/or a verdict) and return it.

        ``expected_version`` is the version the reviewer saw (``CurationState.version``); when
        the claim was reviewed, merged or unmerged since, nothing is written and
        ``StaleWriteError`` says so. A claim merged into another is reviewed through its
        cluster's claim: reviewing it is refused.
        """
        _check_reviewer(reviewer)

        def work(s: Session) -> Review:
            claim = s.get(ClaimRow, claim_id)
            if claim is None:
                raise StoreError(f"no claim with id {claim_id}")
            if claim.merged_into_id is not None:
                root = _root(s, claim_id)
                raise InputError(f"claim {claim_id} is merged into claim {root}: review claim "
                                 f"{root}, or `claimcheck unmerge {claim_id}` first")
            new_status, new_verdict = next_state(_state(s, claim_id), status=status,
                                                 verdict=verdict)
            review = Review(claim_id=claim_id, kind="claim", reviewer=reviewer,
                            created_at=created_at or datetime.now(UTC), status=new_status,
                            verdict=new_verdict, note=note, organisation=organisation)
            row = self._append(s, review, _claim_subject(claim_id), expected_version)
            return review_from_row(row)

        return self._write(work, _claim_subject(claim_id), expected_version)

    def review_match(self, claim_a: int, claim_b: int, decision: str, *, reviewer: str,
                     note: str = "", expected_version: int | None = None,
                     organisation: str | None = None,
                     created_at: datetime | None = None) -> Review:
        """Confirm or reject the machine's relation (agree/conflict/related) of a stored match."""
        _check_reviewer(reviewer)
        check_decision(decision)
        a, b = sorted((claim_a, claim_b))
        subject = _match_subject(a, b)

        def work(s: Session) -> Review:
            if s.scalar(select(MatchRow.id).where(MatchRow.claim_a_id == a,
                                                  MatchRow.claim_b_id == b)) is None:
                raise StoreError(f"no match between claims {a} and {b}")
            review = Review(claim_id=a, other_claim_id=b, kind="match", reviewer=reviewer,
                            created_at=created_at or datetime.now(UTC), decision=decision,
                            note=note, organisation=organisation)
            return review_from_row(self._append(s, review, subject, expected_version))

        return self._write(work, subject, expected_version)

    def claim_history(self, claim_id: int) -> list[Review]:
        """Every trail entry about a claim, oldest first: its reviews, reviews of its matches,
        merges and unmerges of it and into it."""
        with self.session() as s:
            if s.get(ClaimRow, claim_id) is None:
                raise StoreError(f"no claim with id {claim_id}")
            q = (select(ReviewRow).where(sa.or_(ReviewRow.claim_id == claim_id,
                                                ReviewRow.other_claim_id == claim_id))
                 .order_by(ReviewRow.created_at, ReviewRow.id))
            return [review_from_row(r) for r in s.scalars(q)]

    def list_reviews(self, *, by: str | None = None, since: datetime | None = None,
                     kinds: Sequence[str] | None = None, limit: int | None = None
                     ) -> list[Review]:
        """Trail entries, oldest first, by one reviewer and/or made at or after ``since``."""
        with self.session() as s:
            q = select(ReviewRow).order_by(ReviewRow.created_at, ReviewRow.id)
            if by is not None:
                q = q.where(ReviewRow.reviewer == by)
            if since is not None:
                q = q.where(ReviewRow.created_at >= _aware(since))
            if kinds:
                q = q.where(ReviewRow.kind.in_(list(kinds)))
            if limit is not None:
                q = q.limit(limit)
            return [review_from_row(r) for r in s.scalars(q)]

    def curation_state(self, claim_id: int) -> CurationState:
        """A claim's current review state and the version a new write must name."""
        with self.session() as s:
            if s.get(ClaimRow, claim_id) is None:
                raise StoreError(f"no claim with id {claim_id}")
            return _state(s, claim_id)

    def match_version(self, claim_a: int, claim_b: int) -> tuple[int, str | None]:
        """(version, latest decision) of the pair's reviews: (0, None) when never reviewed."""
        with self.session() as s:
            row = s.scalar(select(ReviewRow).where(ReviewRow.subject == _match_subject(
                claim_a, claim_b)).order_by(ReviewRow.version.desc()).limit(1))
            return (row.version, row.decision) if row is not None else (0, None)

    def match_decisions(self, claim_ids: Iterable[int] | None = None) -> dict[tuple[int, int], Review]:
        """The latest human decision on each reviewed pair (keyed by sorted claim ids)."""
        with self.session() as s:
            q = (select(ReviewRow).where(ReviewRow.kind == "match")
                 .order_by(ReviewRow.created_at, ReviewRow.version))
            if claim_ids is not None:
                ids = list(set(claim_ids))
                q = q.where(sa.or_(ReviewRow.claim_id.in_(ids),
                                   ReviewRow.other_claim_id.in_(ids)))
            return {(r.claim_id, r.other_claim_id): review_from_row(r) for r in s.scalars(q)}

    def latest_claim_reviews(self, claim_ids: Iterable[int]) -> dict[int, Review]:
        """The latest claim review (status and verdict) of each of these claims that has one."""
        found: dict[int, Review] = {}
        ids = sorted(set(claim_ids))
        with self.session() as s:
            for start in range(0, len(ids), 5000):
                q = (select(ReviewRow).where(ReviewRow.kind == "claim",
                                             ReviewRow.claim_id.in_(ids[start:start + 5000]))
                     .order_by(ReviewRow.created_at, ReviewRow.version))
                found.update((r.claim_id, review_from_row(r)) for r in s.scalars(q))
        return found

    # -- clusters -----------------------------------------------------------------------------
    def merge_into(self, keep_id: int, duplicate_ids: Sequence[int], *, reviewer: str,
                   note: str = "") -> list[tuple[int, int]]:
        """Merge claims (with their clusters) into ``keep_id``'s cluster; returns the
        (claim attached, root it was attached under) pairs. Never creates a cycle; a claim
        already in the cluster is refused; every attachment is an entry of the trail."""
        _check_reviewer(reviewer)

        def work(s: Session) -> list[tuple[int, int]]:
            _cluster_lock(s)
            for cid in (keep_id, *duplicate_ids):
                if s.get(ClaimRow, cid) is None:
                    raise StoreError(f"cannot merge claim {cid} into {keep_id}: no claim {cid}"
                                     if cid != keep_id else f"no claim with id {keep_id}")
            parent = _parents(s)
            plan = merge_plan(parent, keep_id, list(duplicate_ids))
            now = datetime.now(UTC)
            for child, root in plan:
                s.execute(sa.update(ClaimRow).where(ClaimRow.id == child)
                          .values(merged_into_id=root))
                why = f"merged into claim {root}" + (f": {note}" if note else "")
                self._append(s, Review(claim_id=child, other_claim_id=root, kind="merge",
                                       reviewer=reviewer, created_at=now, note=why),
                             _claim_subject(child), None)
            return plan

        return self._transact(work)

    def unmerge(self, claim_id: int, *, reviewer: str, note: str = "") -> int:
        """Take a claim (with the claims merged into it) out of its cluster; returns the claim
        it was merged into."""
        _check_reviewer(reviewer)

        def work(s: Session) -> int:
            _cluster_lock(s)
            row = s.get(ClaimRow, claim_id)
            if row is None:
                raise StoreError(f"no claim with id {claim_id}")
            if row.merged_into_id is None:
                raise InputError(f"claim {claim_id} is not merged into another claim")
            parent = row.merged_into_id
            row.merged_into_id = None
            why = f"unmerged from claim {parent}" + (f": {note}" if note else "")
            self._append(s, Review(claim_id=claim_id, other_claim_id=parent, kind="unmerge",
                                   reviewer=reviewer, created_at=datetime.now(UTC), note=why),
                         _claim_subject(claim_id), None)
            return parent

        return self._transact(work)

    def cluster_of(self, claim_id: int) -> tuple[int, list[int]]:
        """(root, every claim of the cluster in id order) for a claim."""
        with self.session() as s:
            if s.get(ClaimRow, claim_id) is None:
                raise StoreError(f"no claim with id {claim_id}")
            parent = _parents(s)
        from claimcheck.curation import root_of

        root = root_of(parent, claim_id)
        members = [c for c in sorted(set(parent) | {root}) if root_of(parent, c) == root]
        return root, members

    def merge_links(self) -> dict[int, int]:
        """{claim id: the claim it is merged into} for every merged claim."""
        with self.session() as s:
            return {i: p for i, p in s.execute(select(ClaimRow.id, ClaimRow.merged_into_id)
                                               .where(ClaimRow.merged_into_id.is_not(None)))}

    # -- import -------------------------------------------------------------------------------
    def import_trail(self, entries: Iterable[Review]) -> int:
        """Merge trail entries from another database into this one's; returns how many were new.

        An entry already here (same subject, kind, who, when, what and why) is skipped, so an
        import is idempotent. New entries are appended to their subject in time order, taking
        the next versions; each touched claim's state becomes its latest review by time.
        """
        entries = sorted(entries, key=lambda r: (_aware(r.created_at), r.version))
        if not entries:
            return 0

        def work(s: Session) -> int:
            claims = {r.claim_id for r in entries}
            seen = {_entry_key(review_from_row(r)) for r in s.scalars(
                select(ReviewRow).where(sa.or_(ReviewRow.claim_id.in_(claims),
                                               ReviewRow.other_claim_id.in_(claims))))}
            added, touched = 0, set()
            for r in entries:
                if _entry_key(r) in seen:
                    continue
                seen.add(_entry_key(r))
                subject = (_match_subject(r.claim_id, r.other_claim_id) if r.kind == "match"
                           else _claim_subject(r.claim_id))
                current = s.scalar(select(sa.func.max(ReviewRow.version))
                                   .where(ReviewRow.subject == subject)) or 0
                label = r.verdict or r.decision or (
                    "merged" if r.kind == "merge" else r.status or r.kind)
                s.add(ReviewRow(claim_id=r.claim_id, reviewer=r.reviewer, label=label,
                                note=r.note, created_at=r.created_at, kind=r.kind,
                                subject=subject, version=current + 1, status=r.status,
                                verdict=r.verdict, decision=r.decision,
                                other_claim_id=r.other_claim_id, organisation=r.organisation))
                s.flush()
                added += 1
                if r.kind != "match":
                    touched.add(r.claim_id)
            for claim_id in touched:
                _restate(s, claim_id)
            return added

        return self._transact(work)

    def import_merges(self, links: Iterable[tuple[int, int]]) -> int:
        """Put claims into the clusters another database had them in: ``(claim, into)`` links.
        A link this database already has is skipped; one that would move a claim merged
        elsewhere here, or make a cycle, is left out (this database's clusters win). Returns
        how many links were added."""
        links = list(links)
        if not links:
            return 0

        def work(s: Session) -> int:
            from claimcheck.curation import root_of

            _cluster_lock(s)
            parent = _parents(s)
            added = 0
            for child, into in links:
                if parent.get(child) == into or child in parent or child == into:
                    continue
                if root_of(parent, into) == child:
                    continue  # ``into`` hangs below ``child`` here: a cycle
                parent[child] = into
                s.execute(sa.update(ClaimRow).where(ClaimRow.id == child)
                          .values(merged_into_id=into))
                added += 1
            return added

        return self._transact(work)

    # -- queue and search ---------------------------------------------------------------------
    def find_claims(self, query: str | None = None, *, status: str | None = None,
                    finding: str | None = None, verdict: str | None = None,
                    unreviewed: bool = False, document_ids: Sequence[int] | None = None,
                    source: str | None = None, checkworthy: bool | None = None,
                    include_merged: bool = False, limit: int | None = 50,
                    offset: int = 0) -> list[QueueItem]:
        """The review queue, or a full-text search in it, with filters.

        ``query`` is matched word by word, stemmed (every word must occur). Results come in
        the queue's order: claims in a conflict or contradicted by a cited page first, then
        those needing a second look, unstarted, in progress, done; then the more check-worthy.
        """
        if finding is not None and finding not in FINDINGS:
            raise InputError(f"unknown finding {finding!r}; choose one of {', '.join(FINDINGS)}")
        with self.session() as s:
            c = ClaimRow.__table__.c
            st = ClaimStateRow.__table__
            source_table = ClaimRow.__table__
            if query is not None:
                terms = search_terms(query)
                if not terms:
                    raise InputError(f"nothing to search for in {query!r}: give a word")
                self._sync_search_index()
                # The search drives: its hits are joined to claims, never all claims scanned.
                # On PostgreSQL a MATERIALIZED CTE keeps it so: misjudging how many claims hold
                # "council & budget", the planner walked the check-worthiness index instead
                # (9 s on a million claims).
                if s.get_bind().dialect.name == "postgresql":
                    hits = _fts_ids(s, terms).cte("hits").prefix_with("MATERIALIZED")
                    # the plan is cheap but costed high: compiling it (JIT) took longer
                    s.execute(sa.text("SET LOCAL jit = off"))
                else:
                    hits = _fts_ids(s, terms).subquery("hits")
                now = st.alias("state_now")  # for the ranking; filters use EXISTS on st
                source_table = (hits.join(ClaimRow.__table__, c.id == hits.c.claim_id)
                                .outerjoin(now, now.c.claim_id == c.id))
            base = select(c.id).select_from(source_table)
            if not include_merged:
                base = base.where(c.merged_into_id.is_(None))
            if document_ids:
                base = base.where(c.document_id.in_(list(document_ids)))
            if checkworthy is not None:
                base = base.where(c.checkworthy == checkworthy)
            if source is not None:
                src = (select(DocumentRow.id).join(SourceRow, DocumentRow.source_id == SourceRow.id)
                       .where(SourceRow.name == source))
                base = base.where(c.document_id.in_(src))
            # Review states as (NOT) EXISTS on claim_states rather than an outer join: the
            # planners estimate these well (PostgreSQL misjudged the joined filter and chose
            # nested loops costing seconds).
            def in_status(value: str):
                if value == "unstarted":
                    return ~sa.exists().where(st.c.claim_id == c.id, st.c.status != "unstarted")
                return sa.exists().where(st.c.claim_id == c.id, st.c.status == value)

            if status is not None:
                base = base.where(in_status(status))
            if verdict is not None:
                base = base.where(sa.exists().where(st.c.claim_id == c.id,
                                                    st.c.verdict == verdict))
            if unreviewed:
                base = base.where(in_status("unstarted"))
            if finding is not None:
                base = base.where(_with_finding(c.id, finding))
            # The queue's order as tiers, each read in (check-worthiness, id) order up to what
            # is still wanted: conflicts, contradictions, then by review status. A LIMIT stops
            # each tier early (an index on check-worthiness), so the first page of a million
            # claims never sorts them all.
            conflict = _with_finding(c.id, "conflict")
            contradicted = _with_finding(c.id, "contradicted")
            rest = sa.and_(sa.not_(conflict), sa.not_(contradicted))
            tiers = [conflict, sa.and_(sa.not_(conflict), contradicted),
                     *(sa.and_(rest, in_status(value)) for value in
                       ("needs_second_look", "unstarted", "in_progress", "done"))]
            ids: list[int] = []
            if query is not None:
                # A search's hits are few next to all claims: one statement ranks them all
                # (the tiers would run the search six times).
                status_now = sa.func.coalesce(now.c.status, "unstarted")
                rank = sa.case((conflict, 0), (contradicted, 1),
                               (status_now == "needs_second_look", 2),
                               (status_now == "unstarted", 3),
                               (status_now == "in_progress", 4), else_=5)
                q = base.order_by(rank, c.checkworthiness.desc(), c.id.desc()).offset(offset)
                if limit is not None:
                    q = q.limit(limit)
                return self._queue_items(s, list(s.scalars(q)))
            skip = offset
            for tier in tiers:
                q = base.where(tier).order_by(c.checkworthiness.desc(), c.id.desc())
                if limit is not None:
                    q = q.limit(limit - len(ids) + skip)
                found = list(s.scalars(q))
                dropped = min(skip, len(found))
                skip -= dropped
                ids += found[dropped:]
                if limit is not None and len(ids) >= limit:
                    break
            return self._queue_items(s, ids)

    def _queue_items(self, s: Session, ids: list[int]) -> list[QueueItem]:
        """Queue items for these claim ids, in this order; a few batched queries per 5,000
        claims (an IN list must stay under PostgreSQL's 65,535 parameters)."""
        from claimcheck.curation import root_of
        from claimcheck.store.repository import _chunks, _read_claims

        if not ids:
            return []
        parents: dict[int, int] | None = None  # read only when a listed claim is merged
        latest = self.latest_claim_reviews(ids)
        out = []
        for chunk in _chunks(ids):
            rows = {r.id: r for r in s.scalars(select(ClaimRow).where(ClaimRow.id.in_(chunk)))}
            claims = {c.id: c for c in _read_claims(s.connection(), [ClaimRow.__table__.c.id.in_(chunk)], None)}
            doc_ids = {r.document_id for r in rows.values()}
            sources = dict(s.execute(select(DocumentRow.id, SourceRow.name)
                                     .join(SourceRow, DocumentRow.source_id == SourceRow.id)
                                     .where(DocumentRow.id.in_(doc_ids))).all())
            states = {r.claim_id: r for r in s.scalars(
                select(ClaimStateRow).where(ClaimStateRow.claim_id.in_(chunk)))}
            findings = _findings(s, chunk)
            if parents is None and any(r.merged_into_id is not None for r in rows.values()):
                parents = _parents(s)
            for i in chunk:
                r, row, last = rows[i], states.get(i), latest.get(i)
                state = CurationState(
                    claim_id=i, status=row.status if row else "unstarted",
                    verdict=row.verdict if row else None, version=row.version if row else 0,
                    reviewer=last.reviewer if last else None,
                    reviewed_at=last.created_at if last else None,
                    note=last.note if last else "",
                    organisation=last.organisation if last else None,
                    merged_into=r.merged_into_id,
                    root=root_of(parents or {}, i) if r.merged_into_id is not None else i)
                out.append(QueueItem(claim=claims[i], state=state,
                                     finding=findings.get(i), source=sources.get(r.document_id)))
        return out

    def _sync_search_index(self) -> int:
        """Index the claims a trigger queued in ``claim_fts_pending`` since the last search
        (ingestion does not pay for stemming). Returns how many were indexed."""
        with self.session() as s:
            if s.scalar(sa.text("SELECT claim_id FROM claim_fts_pending LIMIT 1")) is None:
                return 0

        def work(s: Session) -> int:
            todo = list(s.scalars(sa.text(  # under the write lock: what another syncer left
                "SELECT claim_id FROM claim_fts_pending ORDER BY claim_id")))
            postgres = s.get_bind().dialect.name == "postgresql"
            for start in range(0, len(todo), SEARCH_SYNC_CHUNK):
                chunk = todo[start:start + SEARCH_SYNC_CHUNK]
                rows = [{"id": i, "terms": " ".join(search_terms(text))}
                        for i, text in s.execute(select(ClaimRow.id, ClaimRow.text)
                                                 .where(ClaimRow.id.in_(chunk)))]
                if rows and postgres:
                    s.execute(sa.text("INSERT INTO claim_fts (claim_id, terms) VALUES "
                                      "(:id, to_tsvector('simple', :terms)) "
                                      "ON CONFLICT (claim_id) DO NOTHING"), rows)
                elif rows:
                    s.execute(sa.text("INSERT INTO claim_fts (rowid, terms) VALUES (:id, :terms)"),
                              rows)
                s.execute(sa.text("DELETE FROM claim_fts_pending WHERE claim_id IN :ids")
                          .bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk})
            return len(todo)

        return self._transact(work)

    def index_for_search(self) -> int:
        """Bring the full-text index up to date now (else the first search does)."""
        return self._sync_search_index()


# -- helpers ----------------------------------------------------------------------------------

def _check_reviewer(reviewer: str) -> None:
    if not (reviewer or "").strip():
        raise InputError("a review needs a reviewer name (--reviewer or $USER)")


def _lost_version_race(e: IntegrityError) -> bool:
    """Whether the unique (subject, version) index refused a write (SQLite names the columns,
    PostgreSQL the index)."""
    text = str(e.orig)
    return "ix_reviews_subject_version" in text or "reviews.subject, reviews.version" in text


def _subject_name(subject: str) -> str:
    kind, _, ident = subject.partition(":")
    return f"claim {ident}" if kind == "claim" else f"the match of claims {ident.replace('-', ' and ')}"


def _stale_message(subject: str, seen: int, current: int) -> str:
    return (f"{_subject_name(subject)} changed since you viewed it (now version {current}, "
            f"you saw version {seen}): nothing was recorded; reload it "
            f"(`claimcheck history {subject.partition(':')[2].split('-')[0]}`) and review again")


def _state(s: Session, claim_id: int, parents: dict[int, int] | None = None) -> CurationState:
    from claimcheck.curation import root_of

    row = s.get(ClaimStateRow, claim_id)
    merged_into = s.scalar(select(ClaimRow.merged_into_id).where(ClaimRow.id == claim_id))
    root = claim_id
    if merged_into is not None:
        root = root_of(parents if parents is not None else _parents(s), claim_id)
    if row is None:
        return CurationState(claim_id=claim_id, merged_into=merged_into, root=root)
    last = s.scalar(select(ReviewRow).where(ReviewRow.subject == _claim_subject(claim_id),
                                            ReviewRow.kind == "claim")
                    .order_by(ReviewRow.created_at.desc(), ReviewRow.version.desc()).limit(1))
    return CurationState(
        claim_id=claim_id, status=row.status, verdict=row.verdict,
        reviewer=last.reviewer if last else None,
        reviewed_at=_aware(last.created_at) if last else None,
        note=last.note if last else "", organisation=last.organisation if last else None,
        version=row.version, merged_into=merged_into, root=root)


def _entry_key(r: Review) -> tuple:
    """What makes two trail entries the same entry, whichever database holds them."""
    return (r.claim_id, r.other_claim_id, r.kind, r.reviewer,
            _aware(r.created_at).astimezone(UTC).isoformat(), r.status, r.verdict, r.decision,
            r.note or "")


def _restate(s: Session, claim_id: int) -> None:
    """Rebuild a claim's state from its trail: the latest claim review by time wins."""
    rows = list(s.scalars(select(ReviewRow).where(ReviewRow.subject == _claim_subject(claim_id))
                          .order_by(ReviewRow.version)))
    if not rows:
        return
    reviews = [r for r in rows if r.kind == "claim"]
    latest = max(reviews, key=lambda r: (_aware(r.created_at), r.version)) if reviews else None
    state = s.get(ClaimStateRow, claim_id)
    if state is None:
        state = ClaimStateRow(claim_id=claim_id, status="unstarted", version=0)
        s.add(state)
    state.status = latest.status if latest else "unstarted"
    state.verdict = latest.verdict if latest else None
    state.version = rows[-1].version
    state.review_id = rows[-1].id
    s.execute(sa.update(ClaimRow).where(ClaimRow.id == claim_id)
              .values(label=state.verdict))


def _parents(s: Session) -> dict[int, int]:
    return {i: p for i, p in s.execute(select(ClaimRow.id, ClaimRow.merged_into_id)
                                       .where(ClaimRow.merged_into_id.is_not(None)))}


def _root(s: Session, claim_id: int) -> int:
    from claimcheck.curation import root_of

    return root_of(_parents(s), claim_id)


def _cluster_lock(s: Session) -> None:
    """Merges and unmerges one at a time: two crossing merges (A into B, B into A) that each
    saw the other as a root would otherwise make a cycle. SQLite already serialises writers."""
    from claimcheck.store.repository import _lock_key

    _lock_key(s, "clusters")


def _with_finding(claim_id, finding: str):
    """A condition: the claim has this machine finding (IN lists the planners hash once)."""
    m = MatchRow.__table__.c
    v = VerificationRow.__table__.c
    if finding in ("conflict", "agree", "related"):
        return sa.or_(claim_id.in_(select(m.claim_a_id).where(m.relation == finding)),
                      claim_id.in_(select(m.claim_b_id).where(m.relation == finding)))
    return claim_id.in_(select(v.claim_id).where(v.verdict == finding))


def _findings(s: Session, ids: list[int]) -> dict[int, str]:
    """The most urgent machine finding of each claim (``curation.FINDINGS`` order)."""
    seen: dict[int, set[str]] = {}
    m = MatchRow.__table__.c
    for col in (m.claim_a_id, m.claim_b_id):
        for cid, rel in s.execute(select(col, m.relation).where(col.in_(ids))):
            seen.setdefault(cid, set()).add(rel)
    v = VerificationRow.__table__.c
    for cid, verdict in s.execute(select(v.claim_id, v.verdict).where(v.claim_id.in_(ids))):
        seen.setdefault(cid, set()).add(verdict)
    return {cid: next(f for f in FINDINGS if f in found)
            for cid, found in seen.items() if found & set(FINDINGS)}


def _fts_ids(s: Session, terms: list[str]):
    """A selectable of the ids of claims holding every term."""
    if s.get_bind().dialect.name == "postgresql":
        return sa.text("SELECT claim_id FROM claim_fts WHERE terms @@ "
                       "plainto_tsquery('simple', :q)").bindparams(
            q=" ".join(terms)).columns(sa.column("claim_id", sa.Integer))
    match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    return sa.text("SELECT rowid AS claim_id FROM claim_fts WHERE claim_fts MATCH :q").bindparams(
        q=match).columns(sa.column("claim_id", sa.Integer))


def legacy_label(label: str) -> tuple[str | None, str | None]:
    """(status, verdict) of a pre-0006 review label; unknown labels give (None, None)."""
    return LEGACY_LABELS.get(label, (None, None))
