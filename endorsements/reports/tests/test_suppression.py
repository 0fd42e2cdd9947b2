"""Small-cell suppression: primary and complementary, rows and columns (pure functions)."""

from endorsements.reports.suppression import suppress


def table(cells, *, threshold=5, row_totals=None):
    row_totals = row_totals or [sum(r) for r in cells]
    column_totals = [sum(col) for col in zip(*cells, strict=True)]
    return suppress(
        cells,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=sum(row_totals),
        threshold=threshold,
    )


def test_suppression_shows_large_counts_and_zero():
    shown = table([[10, 0, 25], [7, 0, 30]])

    assert shown.rows == [["10", "0", "25"], ["7", "0", "30"]]
    assert shown.row_totals == ["35", "37"]
    assert shown.grand_total == "72"


def test_suppression_hides_counts_under_the_threshold_and_their_complement_in_the_row():
    # 3 is small; the row total 43 would give it away, so the next smallest (10) goes too.
    shown = table([[3, 10, 30], [20, 12, 40], [15, 25, 9]])

    assert shown.rows[0][:2] == ["<5", "<5"]
    assert shown.row_totals[0] == "43"
    assert shown.rows[1][2] == "40"  # the largest cells stay visible


def test_suppression_protects_the_column_too():
    # Hiding 3 and 10 in row 0 leaves one hidden cell in columns 0 and 1: the column totals
    # would reveal them, so the smallest in each column is hidden as well.
    shown = table([[3, 10, 30], [20, 12, 40], [15, 25, 9]])

    column0 = [row[0] for row in shown.rows]
    column1 = [row[1] for row in shown.rows]
    assert column0.count("<5") >= 2 and column1.count("<5") >= 2
    assert shown.rows[2][0] == "<5"  # 15 is the smallest left in column 0
    assert shown.rows[1][1] == "<5"  # 12 is the smallest left in column 1


def test_suppression_never_leaves_exactly_one_hidden_cell_under_a_visible_total():
    cells = [[1, 8, 6, 40], [2, 9, 50, 7], [30, 4, 11, 12], [14, 16, 18, 3]]
    shown = table(cells)

    for r, row in enumerate(shown.rows):
        if shown.row_totals[r] != "<5":
            assert row.count("<5") != 1
    for c in range(4):
        column = [row[c] for row in shown.rows]
        if shown.column_totals[c] != "<5":
            assert column.count("<5") != 1


def test_suppression_hides_a_small_total():
    shown = table([[1, 2], [20, 30]])

    assert shown.row_totals[0] == "<5"
    assert shown.rows[0] == ["<5", "<5"]


def test_suppression_threshold_is_configurable():
    shown = table([[6, 20], [30, 40]], threshold=10)

    assert shown.rows[0][0] == "<10"
    assert shown.rows[0][1] == "<10"  # its complement in the row


def test_suppression_with_only_one_cell_hides_the_total():
    shown = table([[3], [40]], row_totals=[3, 40])

    assert shown.rows[0] == ["<5"]
    assert shown.row_totals[0] == "<5"
