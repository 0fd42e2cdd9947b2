"""Small-cell suppression for aggregate tables of voluntary, identifying data (pure, no ORM).

A count from 1 to threshold - 1 is hidden ("primary" suppression). Totals give hidden cells away
(a row total minus the row's other cells), so more counts are hidden ("secondary" suppression)
until no hidden count can be worked out from what the table shows: for every hidden cell and
column total, another table agreeing with everything shown gives it another value.

What a reader knows, and the audit takes into account:
- every shown count, and the people per region (row totals) and in all (grand total): those
  are always shown, they are the region report's figures, which the same readers see;
- hidden counts are at least 1, as long as no zero is hidden (zero is shown unless hiding one
  is the only way to protect a count; then a reader can only take hidden counts to be 0 or
  more, since nothing tells which hidden count is the zero);
- where one person counts in one column only (`rows_add_up`), a row's cells add up to its total;
  where a person may count in several (languages, race), a cell is at most the region's people,
  and where everyone counts at least once (`everyone_counted`, "Not stated" included), a row's
  cells add up to at least its people;
- column totals are the sums of their columns.

The table is a flow: from a source through each region (its people, or the sum of its cells)
to each column (a cell is the flow region -> column) and on through the column totals back to
the source. A hidden count can take another value exactly when its edge lies on a cycle of the
residual graph (more flow where its bound allows, less where it is above its floor), so the
audit (`disclosed`) is exact. Secondary suppression closes such a cycle for each pinned count
by hiding the cheapest shown counts that complete one (small counts first, zeros last).
Every hidden count reads the same marker.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from core.formatting import number

INF = float("inf")
MARKER = "[c]"
# Hiding a zero costs more than hiding any count: it is done only when nothing else works.
ZERO_COST = 10**9


@dataclass
class SuppressedTable:
    """Cells, row totals and column totals with their display strings."""

    rows: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str


@dataclass
class _Edge:
    tail: str
    head: str
    flow: int
    low: float
    high: float
    key: tuple | None  # ("cell", r, c) or ("column", c): a count that may be hidden
    fixed: bool  # shown, so a reader knows it exactly


def _edges(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    hidden: list[list[bool]],
    col_hidden: list[bool],
    rows_add_up: bool,
    everyone_counted: bool,
) -> list[_Edge]:
    # What a reader can take as the least a hidden count may be (see the module docstring).
    hidden_zero = any(
        h and v == 0
        for row, mask in zip(cells, hidden, strict=True)
        for v, h in zip(row, mask, strict=True)
    ) or any(h and v == 0 for v, h in zip(column_totals, col_hidden, strict=True))
    floor = 0 if hidden_zero else 1
    edges: list[_Edge] = []
    for r, row in enumerate(cells):
        if rows_add_up:  # the region's people, shown
            total = row_totals[r]
            edges.append(_Edge("S", f"r{r}", total, total, total, None, True))
        else:  # the sum of the region's cells: not shown; at least its people if all count
            floor = row_totals[r] if everyone_counted else 0
            edges.append(_Edge("S", f"r{r}", sum(row), floor, INF, None, False))
        cap = INF if rows_add_up else row_totals[r]
        for c, value in enumerate(row):
            edges.append(
                _Edge(f"r{r}", f"c{c}", value, min(value, 1), cap, ("cell", r, c), not hidden[r][c])
            )
    for c, total in enumerate(column_totals):
        edges.append(
            _Edge(f"c{c}", "T", total, min(total, 1), INF, ("column", c), not col_hidden[c])
        )
    if rows_add_up:
        edges.append(_Edge("T", "S", grand_total, grand_total, grand_total, None, True))
    else:  # the sum of the column totals: not shown
        edges.append(_Edge("T", "S", sum(column_totals), 0, INF, None, False))
    return edges


def _arcs(edge: _Edge, *, as_if_hidden: bool = False) -> list[tuple[str, str]]:
    """Residual arcs of an edge: forward while below its bound, back while above its floor."""
    if edge.fixed and not as_if_hidden:
        return []
    arcs = []
    if edge.flow < edge.high:
        arcs.append((edge.tail, edge.head))
    if edge.flow > edge.low:
        arcs.append((edge.head, edge.tail))
    return arcs


def _cheapest_path(
    edges: list[_Edge], skip: int, start: str, goal: str, *, may_hide: bool
) -> tuple[float, list[int]] | None:
    """The cheapest residual path start -> goal avoiding `skip`: hidden and derived edges are
    free; with `may_hide`, a shown count may be used at the cost of hiding it. Returns (cost,
    the indexes of the shown counts to hide) or None."""
    graph: dict[str, list[tuple[str, float, int | None]]] = {}
    for i, e in enumerate(edges):
        if i == skip:
            continue
        if not e.fixed:
            for tail, head in _arcs(e):
                graph.setdefault(tail, []).append((head, 0.0, None))
        elif may_hide and e.key is not None:
            cost = e.flow if e.flow > 0 else ZERO_COST
            for tail, head in _arcs(e, as_if_hidden=True):
                graph.setdefault(tail, []).append((head, cost, i))
    best = {start: 0.0}
    queue: list[tuple[float, int, str, tuple]] = [(0.0, 0, start, ())]
    tick = 0
    while queue:
        cost, _, node, hides = heapq.heappop(queue)
        if node == goal:
            return cost, list(hides)
        if cost > best.get(node, INF):
            continue
        for nxt, step, index in graph.get(node, ()):
            total = cost + step
            if total < best.get(nxt, INF):
                best[nxt] = total
                tick += 1
                heapq.heappush(
                    queue, (total, tick, nxt, hides if index is None else (*hides, index))
                )
    return None


def _pinned(edges: list[_Edge]) -> list[int]:
    """Indexes of hidden counts a reader can work out exactly."""
    found = []
    for i, e in enumerate(edges):
        if e.key is None or e.fixed:
            continue
        can_grow = e.flow < e.high and _cheapest_path(edges, i, e.head, e.tail, may_hide=False)
        can_shrink = e.flow > e.low and _cheapest_path(edges, i, e.tail, e.head, may_hide=False)
        if not (can_grow or can_shrink):
            found.append(i)
    return found


def disclosed(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    hidden: list[list[bool]],
    col_hidden: list[bool],
    rows_add_up: bool = True,
    everyone_counted: bool = False,
) -> list[tuple]:
    """The hidden counts a reader can work out exactly: ("cell", r, c) and ("column", c)."""
    edges = _edges(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        hidden=hidden,
        col_hidden=col_hidden,
        rows_add_up=rows_add_up,
        everyone_counted=everyone_counted,
    )
    return [edges[i].key for i in _pinned(edges)]


def suppressed_mask(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    threshold: int,
    rows_add_up: bool = True,
    everyone_counted: bool = False,
) -> tuple[list[list[bool]], list[bool]]:
    """Which cells and column totals to hide (row totals and the grand total are shown)."""

    def small(value: int) -> bool:
        return 0 < value < threshold

    hidden = [[small(v) for v in row] for row in cells]
    col_hidden = [small(v) for v in column_totals]
    while True:
        edges = _edges(
            cells,
            row_totals=row_totals,
            column_totals=column_totals,
            grand_total=grand_total,
            hidden=hidden,
            col_hidden=col_hidden,
            rows_add_up=rows_add_up,
            everyone_counted=everyone_counted,
        )
        pinned = _pinned(edges)
        if not pinned:
            return hidden, col_hidden
        i = pinned[0]
        e = edges[i]
        options = []
        if e.flow < e.high:
            options.append(_cheapest_path(edges, i, e.head, e.tail, may_hide=True))
        if e.flow > e.low:
            options.append(_cheapest_path(edges, i, e.tail, e.head, may_hide=True))
        options = [o for o in options if o is not None and o[1]]
        if not options:
            # Pinned by its own bounds (in a region of one person, a hidden 1 is that person):
            # only a hidden zero, which leaves readers unsure what any hidden count is, helps.
            # Failing that, hide whatever shown count is smallest; with nothing left to hide (a
            # table of one column, whose cells the shown totals give away), stop.
            zeros = _shown_zero_cells(cells, hidden, row_totals, near=e.key)
            if zeros:
                _, r, c = zeros[0]
                hidden[r][c] = True
                if column_totals[c] == 0:  # else the shown 0 total gives the zero away
                    col_hidden[c] = True
                continue
            rest = [
                (cells[r][c], ("cell", r, c))
                for r, row in enumerate(cells)
                for c in range(len(row))
                if not hidden[r][c] and row_totals[r] and (cells[r][c] or column_totals[c])
            ] + [(v, ("column", c)) for c, v in enumerate(column_totals) if not col_hidden[c] and v]
            if not rest:
                return hidden, col_hidden
            _, key = min(rest, key=lambda item: (item[0] == 0, item[0], item[1]))
            if key[0] == "cell":
                hidden[key[1]][key[2]] = True
            else:
                col_hidden[key[1]] = True
            continue
        _, to_hide = min(options, key=lambda o: (o[0], len(o[1])))
        for index in to_hide:
            key = edges[index].key
            if key[0] == "cell":
                hidden[key[1]][key[2]] = True
            else:
                col_hidden[key[1]] = True


def _shown_zero_cells(cells, hidden, row_totals, *, near: tuple) -> list[tuple]:
    """Shown zero cells worth hiding (not in a region of nobody, where every count is 0), those
    in the row then the column of `near` first."""
    r0 = near[1] if near[0] == "cell" else -1
    c0 = near[2] if near[0] == "cell" else near[1]
    zeros = [
        ("cell", r, c)
        for r, row in enumerate(cells)
        for c, value in enumerate(row)
        if value == 0 and not hidden[r][c] and row_totals[r] > 0
    ]
    return sorted(zeros, key=lambda key: (key[1] != r0, key[2] != c0, key))


def suppress(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    threshold: int,
    rows_add_up: bool = True,
    everyone_counted: bool = False,
) -> SuppressedTable:
    """The table as it may be shown: hidden counts read MARKER (never "<5": a count hidden to
    protect another may be any size). Row totals and the grand total are always shown.
    Counts are written with the active language's separators (core.formatting.number)."""
    hidden, col_hidden = suppressed_mask(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        threshold=threshold,
        rows_add_up=rows_add_up,
        everyone_counted=everyone_counted,
    )

    def show(value: int, is_hidden: bool) -> str:
        return MARKER if is_hidden else number(value)

    return SuppressedTable(
        rows=[
            [show(v, h) for v, h in zip(row, mask, strict=True)]
            for row, mask in zip(cells, hidden, strict=True)
        ],
        row_totals=[number(v) for v in row_totals],
        column_totals=[show(v, h) for v, h in zip(column_totals, col_hidden, strict=True)],
        grand_total=number(grand_total),
    )
