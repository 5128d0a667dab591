"""Axes for character charts: a y axis with end labels, an x axis with tick labels."""

from __future__ import annotations

from rich.text import Text

__all__ = ["frame", "gutter_width"]

AXIS_STYLE = "dim"


def gutter_width(top: str, bottom: str) -> int:
    """Columns taken left of the plot by y labels `top` and `bottom` and the axis line."""
    return max(len(top), len(bottom)) + 2


def frame(rows: list[Text], top: str, bottom: str, ticks: list[tuple[int, str]]) -> list[Text]:
    """Frame plot `rows` (top to bottom) with a y axis and an x axis.

    `top` and `bottom` label the first and last rows; `ticks` are ``(column, label)`` pairs
    under the plot, each starting at its column (or ending at the plot's right edge when it
    would run past it) and dropped when it would overlap the previous one.
    """
    label_width = gutter_width(top, bottom) - 2
    plot_width = max((row.cell_len for row in rows), default=0)
    lines: list[Text] = []
    last = len(rows) - 1
    for index, row in enumerate(rows):
        if index == 0:
            prefix = f"{top:>{label_width}} ┤"
        elif index == last:
            prefix = f"{bottom:>{label_width}} ┤"
        else:
            prefix = " " * label_width + " │"
        line = Text()
        line.append(prefix, AXIS_STYLE)
        line.append_text(row)
        lines.append(line)
    lines.append(Text(" " * label_width + " └" + "─" * plot_width, style=AXIS_STYLE))
    tick_line = ""
    for column, label in sorted(ticks):
        start = min(column, plot_width - len(label))
        if start < (len(tick_line) + 1 if tick_line else 0):
            continue
        tick_line = tick_line.ljust(start) + label
    lines.append(Text(" " * (label_width + 2) + tick_line, style=AXIS_STYLE))
    return lines
