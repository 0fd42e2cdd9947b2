"""A reader trying to work out suppressed counts: linear programming over everything the table
shows (scipy), independent of the graph reasoning the suppression itself uses.

Row and column sums of a table form a network matrix, whose linear programs have integral
optima, so the smallest and largest value a hidden count can take over real solutions are
also its bounds over whole numbers: a count whose bounds meet is given away.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from endorsements.reports.suppression import MARKER, SuppressedTable


def _number(text: str) -> int | None:
    return None if text == MARKER else int(text.replace(",", ""))


def worked_out(
    cells: list[list[int]],
    shown: SuppressedTable,
    *,
    rows_add_up: bool,
    everyone_counted: bool = False,
) -> list[tuple]:
    """The hidden counts ("cell", r, c) / ("column", c) whose value the shown table fixes.

    The reader knows: every shown number; hidden counts are at least 1 unless a zero is
    hidden somewhere (zeros are shown but where hiding one is the only protection; then they
    are at least 0, as nothing tells which one is the zero); with
    `rows_add_up` a row's cells sum to its total and the column totals to the grand total,
    else a cell is at most its row's people and, with `everyone_counted`, a row's cells sum
    to at least them; column totals are column sums.
    """
    n_rows, n_cols = len(cells), len(shown.column_totals)
    row_totals = [_number(t) for t in shown.row_totals]
    grand = _number(shown.grand_total)
    assert None not in row_totals and grand is not None, "row and grand totals are shown"
    size = n_rows * n_cols + n_cols

    def cell(r: int, c: int) -> int:
        return r * n_cols + c

    def column(c: int) -> int:
        return n_rows * n_cols + c

    bounds, unknown = [None] * size, []
    columns_true = [sum(row[c] for row in cells) for c in range(n_cols)]
    hidden_zero = any(
        shown.rows[r][c] == MARKER and cells[r][c] == 0
        for r in range(n_rows)
        for c in range(n_cols)
    ) or any(shown.column_totals[c] == MARKER and columns_true[c] == 0 for c in range(n_cols))
    floor = 0 if hidden_zero else 1
    for r in range(n_rows):
        for c in range(n_cols):
            value = _number(shown.rows[r][c])
            if value is None:
                cap = None if rows_add_up else row_totals[r]
                bounds[cell(r, c)] = (floor, cap)
                unknown.append((cell(r, c), ("cell", r, c)))
            else:
                assert value == cells[r][c]
                bounds[cell(r, c)] = (value, value)
    for c in range(n_cols):
        value = _number(shown.column_totals[c])
        if value is None:
            bounds[column(c)] = (floor, None)
            unknown.append((column(c), ("column", c)))
        else:
            bounds[column(c)] = (value, value)

    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for c in range(n_cols):
        row = np.zeros(size)
        row[[cell(r, c) for r in range(n_rows)]] = 1
        row[column(c)] = -1
        a_eq.append(row)
        b_eq.append(0)
    for r in range(n_rows):
        row = np.zeros(size)
        row[[cell(r, c) for c in range(n_cols)]] = 1
        if rows_add_up:
            a_eq.append(row)
            b_eq.append(row_totals[r])
        elif everyone_counted:
            a_ub.append(-row)
            b_ub.append(-row_totals[r])
    if rows_add_up:
        row = np.zeros(size)
        row[[column(c) for c in range(n_cols)]] = 1
        a_eq.append(row)
        b_eq.append(grand)

    given_away = []
    for index, key in unknown:
        ends = []
        for sign in (1, -1):
            objective = np.zeros(size)
            objective[index] = sign
            result = linprog(
                objective,
                A_ub=np.array(a_ub) if a_ub else None,
                b_ub=b_ub or None,
                A_eq=np.array(a_eq),
                b_eq=b_eq,
                bounds=bounds,
                method="highs",
            )
            if result.status == 3:  # unbounded: certainly not given away
                ends.append(-sign * float("inf"))
                continue
            assert result.status == 0, result.message  # the true table is a solution
            ends.append(sign * result.fun)
        low, high = ends
        if high - low < 0.5:
            given_away.append(key)
    return given_away
