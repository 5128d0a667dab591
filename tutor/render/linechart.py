"""Line charts drawn in braille dots, e.g. train and held-out RMSE against the rank k."""

from __future__ import annotations

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from ._arrays import format_number, title_lines
from ._axes import frame, gutter_width
from .colors import SERIES_STYLES

__all__ = ["LineChart"]

#: Point markers of the series, in order (cycled when there are more series).
MARKERS = ("●", "▲", "■", "◆")
#: Bit of each dot in a braille character, indexed [row, column] within its 4×2 cell.
BRAILLE_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]])
BRAILLE_BASE = 0x2800
#: Widest a chart gets by default.
DEFAULT_WIDTH = 60


def _span(lo: float, hi: float) -> tuple[float, float]:
    """A range that is never empty: a single value is widened around itself."""
    if hi > lo:
        return lo, hi
    pad = abs(lo) * 0.1 or 1.0
    return lo - pad, hi + pad


def _polyline(columns: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer dot coordinates of the points and of the segments joining neighbours.

    A point whose column or row is not finite is left out and breaks the line there.
    """
    valid = np.isfinite(columns) & np.isfinite(rows)
    xs, ys = [columns[valid]], [rows[valid]]
    for start in np.flatnonzero(valid[:-1] & valid[1:]).tolist():
        (x0, x1), (y0, y1) = columns[start : start + 2], rows[start : start + 2]
        t = np.linspace(0.0, 1.0, int(max(abs(x1 - x0), abs(y1 - y0))) + 2)
        xs.append(x0 + t * (x1 - x0))
        ys.append(y0 + t * (y1 - y0))
    return np.rint(np.concatenate(xs)).astype(int), np.rint(np.concatenate(ys)).astype(int)


class LineChart:
    """Several series over shared x values, as coloured braille lines with point markers.

    Args:
        xs: the x values (any order; the lines follow it).
        series: name -> y values, each as long as `xs`. NaN and ±inf break a line.
        title: a line printed above the chart.
        height: rows of the plot area (each row holds 4 dots).
        width: total width in characters (default: up to 60, within the console).

    The y axis is labelled with the minimum and maximum, the x axis with its ends; a legend
    under the chart shows each series' marker and colour. Markers are drawn at the data points
    when there is room for them (at most one point every two columns).
    """

    def __init__(
        self,
        xs: object,
        series: dict[str, object],
        *,
        title: str | Text | None = None,
        height: int = 8,
        width: int | None = None,
    ) -> None:
        self.xs = np.asarray(xs, dtype=np.float64).ravel()
        self.series = {
            name: np.asarray(ys, dtype=np.float64).ravel() for name, ys in series.items()
        }
        for name, ys in self.series.items():
            if ys.size != self.xs.size:
                raise ValueError(f"series {name!r} has {ys.size} values for {self.xs.size} xs")
        self.title = title
        self.height = max(height, 1)
        self.width = width
        finite_x = self.xs[np.isfinite(self.xs)]
        finite_y = [ys[np.isfinite(ys) & np.isfinite(self.xs)] for ys in self.series.values()]
        all_y = np.concatenate(finite_y) if finite_y else np.empty(0)
        self.has_points = all_y.size > 0
        self.x_range = (0.0, 1.0)
        self.y_range = (0.0, 1.0)
        if self.has_points:
            self.x_range = _span(float(finite_x.min()), float(finite_x.max()))
            self.y_range = _span(float(all_y.min()), float(all_y.max()))

    def _labels(self) -> tuple[str, str]:
        if not self.has_points:
            return "", ""
        return format_number(self.y_range[1]), format_number(self.y_range[0])

    def _plot_width(self, max_width: int) -> int:
        width = min(self.width or DEFAULT_WIDTH, max_width)
        return max(width - gutter_width(*self._labels()), 2)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        total = gutter_width(*self._labels()) + self._plot_width(options.max_width)
        return Measurement(min(total, 20), total)

    def _dots(self, plot_width: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """Dot columns of the x values, and dot rows (from the top) of each series' y values."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        columns = (self.xs - x0) / (x1 - x0) * (2 * plot_width - 1)
        rows = [(y1 - ys) / (y1 - y0) * (4 * self.height - 1) for ys in self.series.values()]
        return columns, rows

    def _canvas(self, plot_width: int) -> list[Text]:
        bits = np.zeros((self.height, plot_width), dtype=np.int64)
        owner = np.full((self.height, plot_width), -1, dtype=np.int64)
        marks: dict[tuple[int, int], int] = {}
        columns, rows = self._dots(plot_width)
        show_markers = self.xs.size * 2 <= plot_width
        for index, ys in enumerate(rows):
            dot_x, dot_y = _polyline(columns, ys)
            np.bitwise_or.at(bits, (dot_y // 4, dot_x // 2), BRAILLE_BITS[dot_y % 4, dot_x % 2])
            owner[dot_y // 4, dot_x // 2] = index
            if show_markers:
                valid = np.isfinite(columns) & np.isfinite(ys)
                cell_rows = np.rint(ys[valid]).astype(int) // 4
                cell_columns = np.rint(columns[valid]).astype(int) // 2
                for cell in zip(cell_rows.tolist(), cell_columns.tolist(), strict=True):
                    marks[cell] = index
        styles = [SERIES_STYLES[i % len(SERIES_STYLES)] for i in range(len(self.series))]
        lines: list[Text] = []
        for r in range(self.height):
            line = Text()
            for c in range(plot_width):
                mark = marks.get((r, c))
                if mark is not None:
                    line.append(MARKERS[mark % len(MARKERS)], styles[mark] + Style(bold=True))
                elif bits[r, c]:
                    line.append(chr(BRAILLE_BASE + int(bits[r, c])), styles[int(owner[r, c])])
                else:
                    line.append(" ")
            lines.append(line)
        return lines

    def _legend(self) -> Text:
        legend = Text()
        for index, name in enumerate(self.series):
            if index:
                legend.append("  ")
            style = SERIES_STYLES[index % len(SERIES_STYLES)]
            legend.append(MARKERS[index % len(MARKERS)] + " " + name, style)
        return legend

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if not self.has_points:
            yield Text("(no finite points to plot)", style="dim italic")
            return
        plot_width = self._plot_width(options.max_width)
        x0, x1 = self.x_range
        ticks = [(0, format_number(x0))]
        last = format_number(x1)
        ticks.append((plot_width - len(last), last))
        yield from frame(self._canvas(plot_width), *self._labels(), ticks)
        yield self._legend()
