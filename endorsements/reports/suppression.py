"""Small-cell suppression for aggregate tables of voluntary, identifying data (pure, no ORM).

A count from 1 to threshold - 1 is hidden ("primary" suppression). A total that is shown would
give a hidden cell away when it is the only hidden one in its row or column (total minus the
others), so the next smallest cell there is hidden too ("complementary" suppression), and this
repeats until no row or column has exactly one hidden cell under a visible total. Every hidden
cell reads the same ("<5"), so the marker itself does not tell which cells are small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SuppressedTable:
    """Cells, row totals and column totals with their display strings."""

    rows: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str


def suppressed_mask(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    threshold: int,
) -> tuple[list[list[bool]], list[bool], list[bool], bool]:
    """Which cells and totals to hide. Zero is shown: it identifies nobody."""

    def small(value: int) -> bool:
        return 0 < value < threshold

    hidden = [[small(v) for v in row] for row in cells]
    row_hidden = [small(v) for v in row_totals]
    col_hidden = [small(v) for v in column_totals]
    grand_hidden = small(grand_total)
    n_cols = len(column_totals)

    def hide_next_smallest(values: list[int], mask: list[bool]) -> int | None:
        """Index of the smallest visible cell, preferring non-zero ones (a 0 hides little)."""
        visible = [i for i, is_hidden in enumerate(mask) if not is_hidden]
        if not visible:
            return None
        nonzero = [i for i in visible if values[i] > 0]
        return min(nonzero or visible, key=lambda i: (values[i], i))

    changed = True
    while changed:
        changed = False
        # Each region row against its row total.
        for r, row in enumerate(cells):
            if row_hidden[r] or sum(hidden[r]) != 1:
                continue
            i = hide_next_smallest(row, hidden[r])
            if i is None:
                row_hidden[r] = True
            else:
                hidden[r][i] = True
            changed = True
        # The column totals row against the grand total.
        if not grand_hidden and sum(col_hidden) == 1:
            i = hide_next_smallest(column_totals, col_hidden)
            if i is None:
                grand_hidden = True
            else:
                col_hidden[i] = True
            changed = True
        # Each column against its column total.
        for c in range(n_cols):
            if col_hidden[c]:
                continue
            column = [row[c] for row in cells]
            mask = [hidden[r][c] for r in range(len(cells))]
            if sum(mask) != 1:
                continue
            i = hide_next_smallest(column, mask)
            if i is None:
                col_hidden[c] = True
            else:
                hidden[i][c] = True
            changed = True
        # The row totals column against the grand total.
        if not grand_hidden and sum(row_hidden) == 1:
            i = hide_next_smallest(row_totals, row_hidden)
            if i is None:
                grand_hidden = True
            else:
                row_hidden[i] = True
            changed = True
    return hidden, row_hidden, col_hidden, grand_hidden


def suppress(
    cells: list[list[int]],
    *,
    row_totals: list[int],
    column_totals: list[int],
    grand_total: int,
    threshold: int,
) -> SuppressedTable:
    """The table as it may be shown: hidden counts read "<threshold"."""
    hidden, row_hidden, col_hidden, grand_hidden = suppressed_mask(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=grand_total,
        threshold=threshold,
    )
    marker = f"<{threshold}"

    def show(value: int, is_hidden: bool) -> str:
        return marker if is_hidden else f"{value:,}"

    return SuppressedTable(
        rows=[
            [show(v, h) for v, h in zip(row, mask, strict=True)]
            for row, mask in zip(cells, hidden, strict=True)
        ],
        row_totals=[show(v, h) for v, h in zip(row_totals, row_hidden, strict=True)],
        column_totals=[show(v, h) for v, h in zip(column_totals, col_hidden, strict=True)],
        grand_total=show(grand_total, grand_hidden),
    )
