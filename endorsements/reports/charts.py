"""Server-rendered SVG bar charts: no script, readable by screen readers through a table.

The geometry is computed here so that the template only places numbers; the chart is an
image (role="img" with a title) and every page that shows one shows the same numbers in a
table next to it.
"""

from dataclasses import dataclass

from core.formatting import number

LABEL_WIDTH = 190
BAR_AREA = 360
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + 80
    bar_x: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def description(self) -> str:
        """The chart's figures as one line for screen readers, in the active language."""
        return "; ".join(f"{b.label}: {number(b.value)}" for b in self.bars)


def bar_chart(items: list[tuple[str, int]], *, title: str) -> BarChart:
    """A horizontal bar per item, scaled to the largest value."""
    largest = max((value for _, value in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        width = round(BAR_AREA * value / largest)
        y = i * ROW_HEIGHT + 5
        bars.append(
            Bar(
                label=label,
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 5,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(title=title, bars=bars, height=max(len(items), 1) * ROW_HEIGHT + 10)
