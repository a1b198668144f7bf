"""Cross-inspection assignment of applicants to assessment groups (docs/rules.md#cross-inspection).

Rules: every applicant goes to exactly one group; a group never assesses an applicant of
its own (home) county, nor one where a member of the group declared a conflict; the load
(applicants per group) is balanced, max - min <= 1, whenever the rules allow it.

How it works. This is a bipartite b-matching, solved as a max flow with a capacity per
group that is raised one step at a time:

* At capacity c, every unassigned applicant is offered an augmenting path: a chain of
  moves "applicant a into group g1, an applicant of g1 into g2, …, an applicant of
  g(k-1) into gk" where gk still has room. The search runs over the groups only (an
  edge g -> h exists while some applicant in g may go to h), so a path costs O(groups²)
  whatever the number of applicants. As in Kuhn's algorithm, one pass over the free
  applicants reaches the maximum flow for capacity c.
* Augmenting never lowers a group's load, so raising c from 1 upward keeps every load
  reached so far. The first capacity at which everyone is placed is the smallest possible
  maximum load; the largest c at which every group was filled to c is the largest
  possible minimum load. When a balanced assignment exists these are ceil(A/G) and
  floor(A/G), i.e. max - min <= 1.
* When the rules make balance impossible (e.g. one county's groups are the only ones
  allowed for many applicants), the result still minimizes the maximum load (and
  maximizes the minimum) and says so with the reason ``loads_unbalanced``.

Applicants and groups are processed in order of id, and the group-side search prefers the
lowest-numbered group and moves the lowest-id applicant, so the same input always yields
the same assignment, whatever order it was listed in.

Infeasible input (an applicant every group is barred from, or no groups at all) is not an
error: the result carries the reason and names the applicants. Malformed input (an id
listed twice, a conflict naming an unknown group or applicant) raises ``AssignmentError``.
"""

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "AssignmentError",
    "AssignmentResult",
    "Reason",
    "Violation",
    "assign",
    "check_assignment",
    "placement_violations",
]

# Reason codes of a result (stable; the apps translate them).
NO_GROUPS = "no_groups"
NO_ALLOWED_GROUP = "no_allowed_group"
LOADS_UNBALANCED = "loads_unbalanced"

# Violation codes of a manual assignment.
OWN_COUNTY = "own_county"
CONFLICT = "conflict"
UNKNOWN_GROUP = "unknown_group"
UNKNOWN_APPLICANT = "unknown_applicant"
UNASSIGNED = "unassigned"


class AssignmentError(ValueError):
    """Malformed input (not merely infeasible); ``code`` and ``params`` say what is wrong."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(params.items()))
        super().__init__(f"{code}: {details}" if details else code)


@dataclass(frozen=True)
class Reason:
    """Why an assignment is impossible or unbalanced: a stable code and its details."""

    code: str
    params: Mapping[str, object]


@dataclass(frozen=True)
class AssignmentResult:
    """The outcome of ``assign``.

    ``feasible`` is False only when some applicant cannot go anywhere; then
    ``assignments`` is empty and ``reason`` has code ``no_groups`` or ``no_allowed_group``.
    When feasible but the rules prevent max - min <= 1, ``balanced`` is False and
    ``reason`` has code ``loads_unbalanced``. ``reason`` is None for a balanced result.
    """

    feasible: bool
    balanced: bool
    assignments: tuple[tuple[str, str], ...]  # (applicant id, group id), sorted by applicant
    loads: tuple[tuple[str, int], ...]  # (group id, number of applicants), sorted by group
    reason: Reason | None

    @property
    def max_load(self) -> int:
        """The largest number of applicants any group got (0 without groups)."""
        return max((load for _, load in self.loads), default=0)

    @property
    def min_load(self) -> int:
        """The smallest number of applicants any group got (0 without groups)."""
        return min((load for _, load in self.loads), default=0)

    def group_of(self, applicant_id: str) -> str:
        """The group an applicant was assigned to; ``KeyError`` if none."""
        return dict(self.assignments)[applicant_id]


@dataclass(frozen=True)
class Violation:
    """One broken rule in a hand-made assignment: which applicant, which group, which rule."""

    code: str  # own_county, conflict, unknown_group, unknown_applicant or unassigned
    applicant: str
    group: str | None


def _index(pairs: Iterable[tuple[str, str]], what: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for item_id, county in pairs:
        if item_id in index:
            raise AssignmentError(f"duplicate_{what}", id=item_id)
        index[item_id] = county
    return index


def _conflict_set(
    conflicts: Iterable[tuple[str, str]], groups: Mapping[str, str], applicants: Mapping[str, str]
) -> frozenset[tuple[str, str]]:
    result: set[tuple[str, str]] = set()
    for group_id, applicant_id in conflicts:
        if group_id not in groups:
            raise AssignmentError("conflict_unknown_group", group=group_id, applicant=applicant_id)
        if applicant_id not in applicants:
            raise AssignmentError(
                "conflict_unknown_applicant", group=group_id, applicant=applicant_id
            )
        result.add((group_id, applicant_id))
    return frozenset(result)


def placement_violations(
    *,
    group: tuple[str, str],
    applicant: tuple[str, str],
    conflicts: Iterable[tuple[str, str]],
) -> tuple[Violation, ...]:
    """The rules broken by putting ``applicant`` (id, county) in ``group`` (id, home county).

    Empty when the placement is allowed; otherwise ``own_county`` and/or ``conflict``.
    """
    group_id, home_county = group
    applicant_id, county = applicant
    violations = []
    if county == home_county:
        violations.append(Violation(OWN_COUNTY, applicant_id, group_id))
    # Callers that check many placements pass a set already; anything else is made one.
    conflict_set = conflicts if isinstance(conflicts, (set, frozenset)) else set(conflicts)
    if (group_id, applicant_id) in conflict_set:
        violations.append(Violation(CONFLICT, applicant_id, group_id))
    return tuple(violations)


def check_assignment(
    *,
    groups: Iterable[tuple[str, str]],
    applicants: Iterable[tuple[str, str]],
    conflicts: Iterable[tuple[str, str]],
    assignment: Mapping[str, str],
) -> tuple[Violation, ...]:
    """Validate a whole assignment (applicant id -> group id), e.g. after a manual change.

    Returns every broken rule, sorted by applicant then code; empty means the office's change
    may be saved. Balance is not checked: the office may unbalance loads on purpose.
    """
    group_county = _index(groups, "group")
    applicant_county = _index(applicants, "applicant")
    conflict_set = _conflict_set(conflicts, group_county, applicant_county)
    violations = []
    for applicant_id, group_id in assignment.items():
        if applicant_id not in applicant_county:
            violations.append(Violation(UNKNOWN_APPLICANT, applicant_id, group_id))
        elif group_id not in group_county:
            violations.append(Violation(UNKNOWN_GROUP, applicant_id, group_id))
        else:
            violations.extend(
                placement_violations(
                    group=(group_id, group_county[group_id]),
                    applicant=(applicant_id, applicant_county[applicant_id]),
                    conflicts=conflict_set,
                )
            )
    violations.extend(
        Violation(UNASSIGNED, applicant_id, None)
        for applicant_id in applicant_county
        if applicant_id not in assignment
    )
    return tuple(sorted(violations, key=lambda v: (v.applicant, v.code)))


class _Flow:
    """Groups with loads, and the moves currently possible between them.

    Applicants and groups are small integers (their rank by id); ``movable[g][h]`` is the
    set of applicants currently in group g that are allowed in group h, which is what the
    group-side search walks on.
    """

    def __init__(self, allowed: list[list[int]], group_count: int) -> None:
        self.allowed = allowed
        self.allowed_mask = [sum(1 << g for g in groups) for groups in allowed]
        self.group_of: list[int | None] = [None] * len(allowed)
        self.load = [0] * group_count
        self.movable: list[list[set[int]]] = [
            [set() for _ in range(group_count)] for _ in range(group_count)
        ]

    def _place(self, applicant: int, group: int) -> None:
        self.group_of[applicant] = group
        self.load[group] += 1
        for other in self.allowed[applicant]:
            if other != group:
                self.movable[group][other].add(applicant)

    def _remove(self, applicant: int) -> None:
        group = self.group_of[applicant]
        if group is None:  # never: only a placed applicant is taken out of its group
            raise AssignmentError("applicant_unplaced", applicant=applicant)
        self.group_of[applicant] = None
        self.load[group] -= 1
        for other in self.allowed[applicant]:
            if other != group:
                self.movable[group][other].discard(applicant)

    def augment(self, applicant: int, capacity: int) -> int | None:
        """Place ``applicant`` via a shortest chain of moves; the bitmask of full groups
        reachable from it if there is none."""
        parent: dict[int, int | None] = {}
        queue: deque[int] = deque()
        for group in self.allowed[applicant]:
            parent[group] = None
            queue.append(group)
        group_count = len(self.load)
        while queue:
            group = queue.popleft()
            if self.load[group] < capacity:
                self._apply_path(applicant, group, parent)
                return None
            row = self.movable[group]
            for other in range(group_count):
                if other not in parent and row[other]:
                    parent[other] = group
                    queue.append(other)
        return sum(1 << group for group in parent)

    def _apply_path(self, applicant: int, end: int, parent: Mapping[int, int | None]) -> None:
        # Pick every mover before changing anything, then move from the end of the chain
        # backwards so each group's load is unchanged except the last one's (+1).
        moves = []
        group = end
        previous = parent[group]
        while previous is not None:
            moves.append((min(self.movable[previous][group]), group))
            group, previous = previous, parent[previous]
        for mover, target in moves:
            self._remove(mover)
            self._place(mover, target)
        self._place(applicant, group)


def _no_allowed_reason(
    stuck: list[str],
    group_county: Mapping[str, str],
    applicant_county: Mapping[str, str],
    conflict_set: frozenset[tuple[str, str]],
) -> Reason:
    details = []
    for applicant_id in stuck:
        county = applicant_county[applicant_id]
        details.append(
            {
                "applicant": applicant_id,
                "county": county,
                # Every group is in one list or both: together they explain why none is left.
                "own_county_groups": tuple(g for g, c in group_county.items() if c == county),
                "conflicted_groups": tuple(
                    g for g in group_county if (g, applicant_id) in conflict_set
                ),
            }
        )
    return Reason(
        NO_ALLOWED_GROUP,
        {"applicants": tuple(stuck), "details": tuple(details)},
    )


def assign(
    *,
    groups: Iterable[tuple[str, str]],
    applicants: Iterable[tuple[str, str]],
    conflicts: Iterable[tuple[str, str]] = (),
) -> AssignmentResult:
    """Assign every applicant (id, county) to one group (id, home county).

    ``conflicts`` are (group id, applicant id) pairs that may not meet. See the module
    docstring for the algorithm and the meaning of the result.
    """
    group_county = dict(sorted(_index(groups, "group").items()))
    applicant_county = dict(sorted(_index(applicants, "applicant").items()))
    conflict_set = _conflict_set(conflicts, group_county, applicant_county)
    group_ids = list(group_county)
    applicant_ids = list(applicant_county)

    if not group_ids:
        if not applicant_ids:
            return AssignmentResult(True, True, (), (), None)
        return AssignmentResult(
            False, False, (), (), Reason(NO_GROUPS, {"applicants": tuple(applicant_ids)})
        )

    allowed = [
        [
            g
            for g, group_id in enumerate(group_ids)
            if group_county[group_id] != applicant_county[applicant_id]
            and (group_id, applicant_id) not in conflict_set
        ]
        for applicant_id in applicant_ids
    ]
    stuck = [applicant_ids[a] for a, groups_ok in enumerate(allowed) if not groups_ok]
    if stuck:
        stuck_reason = _no_allowed_reason(stuck, group_county, applicant_county, conflict_set)
        return AssignmentResult(False, False, (), tuple((g, 0) for g in group_ids), stuck_reason)

    flow = _Flow(allowed, len(group_ids))
    free = list(range(len(applicant_ids)))
    capacity = 0
    while free:
        capacity += 1
        # Full groups closed under moves stay full for the rest of this pass (no chain can
        # leave them), so an applicant allowed only there fails without a search.
        dead = 0
        still_free = []
        for applicant in free:
            if flow.allowed_mask[applicant] & ~dead == 0:
                still_free.append(applicant)
                continue
            blocked = flow.augment(applicant, capacity)
            if blocked is not None:
                dead |= blocked
                still_free.append(applicant)
        free = still_free

    assignments = []
    for a, applicant_id in enumerate(applicant_ids):
        group = flow.group_of[a]
        if group is None:  # never: the flow above places every applicant or raises
            raise AssignmentError("applicant_unplaced", applicant=applicant_id)
        assignments.append((applicant_id, group_ids[group]))
    loads = tuple(zip(group_ids, flow.load, strict=True))
    high, low = max(flow.load), min(flow.load)
    reason: Reason | None = None
    if high - low > 1:
        reason = Reason(
            LOADS_UNBALANCED,
            {
                "max_load": high,
                "min_load": low,
                # What balance would have meant, to show next to what the rules allowed.
                "balanced_max_load": -(-len(applicant_ids) // len(group_ids)),
                "balanced_min_load": len(applicant_ids) // len(group_ids),
                "groups_below": tuple(g for g, load in loads if load < high - 1),
            },
        )
    return AssignmentResult(True, reason is None, tuple(assignments), loads, reason)
