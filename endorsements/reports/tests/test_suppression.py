"""Small-cell suppression: primary and secondary, so that no hidden count can be worked out
from the totals (checked by solving each table as a reader would, with linear programming)."""

import random

import pytest

from endorsements.reports.suppression import MARKER, disclosed, suppress

from .attack import worked_out

C = MARKER


def table(cells, *, threshold=5, row_totals=None, rows_add_up=True, everyone_counted=False):
    row_totals = row_totals or [sum(r) for r in cells]
    column_totals = [sum(col) for col in zip(*cells, strict=True)]
    return suppress(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=sum(row_totals),
        threshold=threshold,
        rows_add_up=rows_add_up,
        everyone_counted=everyone_counted,
    )


def test_suppression_shows_large_counts_and_zero():
    shown = table([[10, 0, 25], [7, 0, 30]])

    assert shown.rows == [["10", "0", "25"], ["7", "0", "30"]]
    assert shown.row_totals == ["35", "37"]
    assert shown.grand_total == "72"


def test_suppression_hides_counts_under_the_threshold_and_their_complement_in_the_row():
    # 3 is small; the row total 43 would give it away, so another count in its row goes too.
    cells = [[3, 10, 30], [20, 12, 40], [15, 25, 9]]
    shown = table(cells)

    assert shown.rows[0][0] == C
    assert shown.rows[0].count(C) >= 2
    assert shown.row_totals[0] == "43"  # the region's people are always shown
    assert shown.rows[1][2] == "40"  # the largest cells stay visible
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_protects_the_column_too():
    # Hiding two counts in row 0 leaves them alone in their columns: the column totals would
    # reveal them, so each of those columns gets a second hidden count.
    cells = [[3, 10, 30], [20, 12, 40], [15, 25, 9]]
    shown = table(cells)

    for c in range(3):
        column = [row[c] for row in shown.rows]
        if shown.column_totals[c] != C:
            assert column.count(C) != 1
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_never_leaves_exactly_one_hidden_cell_under_a_visible_total():
    cells = [[1, 8, 6, 40], [2, 9, 50, 7], [30, 4, 11, 12], [14, 16, 18, 3]]
    shown = table(cells)

    for row in shown.rows:
        assert row.count(C) != 1
    for c in range(4):
        column = [row[c] for row in shown.rows]
        if shown.column_totals[c] != C:
            assert column.count(C) != 1
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_two_hidden_ones_under_a_total_are_not_enough():
    # Row 0 hides 1 and 1 under a total of 12 with 10 shown: 1 + 1 = 2 with both at least 1
    # gives both away. Counting hidden cells per row (the old rule) missed this.
    cells = [[1, 1, 10], [30, 40, 50], [20, 25, 35]]
    shown = table(cells)

    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_hides_a_small_region_in_full_but_shows_its_people():
    # The region's people (3) are the region report's figure: shown. Its cells are hidden
    # with enough others that neither can be worked out.
    cells = [[1, 2], [20, 30]]
    shown = table(cells)

    assert shown.row_totals[0] == "3"
    assert shown.rows[0] == [C, C]
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_hides_a_zero_when_only_that_protects_a_region_where_all_answer_alike():
    # All 3 people of a region gave the same answer: with the zeros shown, the total gives the
    # 3 away. A zero in that row is hidden (with partners), so it can no longer be told.
    cells = [[0, 3, 0], [12, 20, 9], [15, 18, 11]]
    shown = table(cells)

    assert shown.rows[0][1] == C
    assert C in (shown.rows[0][0], shown.rows[0][2])
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_threshold_is_configurable():
    cells = [[6, 20], [30, 40]]
    shown = table(cells, threshold=10)

    assert shown.rows[0][0] == C
    assert shown.rows[0][1] == C  # its complement in the row
    assert worked_out(cells, shown, rows_add_up=True) == []


def test_suppression_with_only_one_cell_per_row_cannot_hide_what_the_total_shows():
    # With one column a region's only count is its total, which is shown: nothing can hide
    # it, and the audit says so (the diversity report always has several columns).
    cells = [[3], [40]]
    shown = table(cells, row_totals=[3, 40])

    assert shown.rows[0] == [C]
    assert disclosed(
        cells,
        row_totals=[3, 40],
        column_totals=[43],
        grand_total=43,
        hidden=[[True], [True]],
        col_hidden=[True],
    )


def test_suppression_several_answers_a_cell_cannot_exceed_the_regions_people():
    # Spanish: 7 in all, 3 and 4 people in the two small regions, 0 elsewhere. Each hidden cell
    # is at most its region's people, so 3 + 4 = 7 gives both away unless more is hidden.
    cells = [[3, 3], [4, 4], [0, 30]]
    shown = table(cells, row_totals=[3, 4, 30], rows_add_up=False)

    assert worked_out(cells, shown, rows_add_up=False) == []


def random_table(rng, *, several: bool):
    rows, columns = rng.randint(2, 6), rng.randint(2, 7)
    if not several:
        cells = [
            [rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 12, 30]) for _ in range(columns)]
            for _ in range(rows)
        ]
        return cells, [sum(r) for r in cells]
    people = [rng.choice([1, 2, 3, 4, 6, 9, 15, 40]) for _ in range(rows)]
    cells = [
        [rng.choice([0, 0, 1, 2, 3, p, p]) if p else 0 for _ in range(columns)] for p in people
    ]
    cells = [[min(v, p) for v in row] for row, p in zip(cells, people, strict=True)]
    # Everyone counts at least once: the last column takes whoever is left.
    for row, p in zip(cells, people, strict=True):
        row[-1] = max(row[-1], p - sum(row[:-1]), 0) if sum(row) < p else row[-1]
    return cells, people


def everything_hidden(cells, people):
    """The table with every cell and column total hidden: the most any suppression can do."""
    from endorsements.reports.suppression import SuppressedTable

    return SuppressedTable(
        rows=[[C] * len(row) for row in cells],
        row_totals=[str(p) for p in people],
        column_totals=[C] * len(cells[0]),
        grand_total=str(sum(people)),
    )


@pytest.mark.parametrize("several", [False, True], ids=["one answer", "several answers"])
def test_no_hidden_count_of_random_tables_can_be_worked_out(several):
    rng = random.Random(20261201)
    protected = 0
    for _ in range(150):
        cells, people = random_table(rng, several=several)
        shown = table(cells, row_totals=people, rows_add_up=not several, everyone_counted=several)
        attack = {"rows_add_up": not several, "everyone_counted": several}

        leaks = worked_out(cells, shown, **attack)

        # Where even hiding everything leaves a count known (a region of one person who gave
        # every answer, and no zero to hide), nothing can protect it; everywhere else nothing
        # can be worked out.
        if leaks:
            hiding_all = worked_out(cells, everything_hidden(cells, people), **attack)
            assert set(leaks) <= set(hiding_all), (cells, people, shown)
        else:
            protected += 1
    assert protected >= 140
