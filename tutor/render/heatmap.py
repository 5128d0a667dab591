"""Half-block heatmaps: each character cell draws two matrix rows, so matrix cells come out square.

A character ``▀`` takes the upper row's colour as foreground and the lower row's colour as
background. Small matrices are scaled up (each entry a square of characters), wide ones are
block-averaged down to the available width, and the caption says so.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import pairwise

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from ._arrays import Matrix, as_matrix, block_average, empty_text, format_number, title_lines
from .colors import DIVERGING, CmapName, ColorMap, ColorScale

__all__ = ["Heatmap", "fit_cells", "nonfinite_legend", "scale_legend"]

UPPER_HALF = "▀"
#: Largest auto scale-up: each entry drawn as at most 4×4 half-block cells.
MAX_SCALE = 4
#: Auto scale-up aims for about this many half-block cells along the longer side.
TARGET_CELLS = 24
#: Natural length of a legend's gradient bar (split around "0" on a diverging map).
LEGEND_BAR = 12


def fit_cells(rows: int, cols: int, budget: int, scale: int | None = None) -> tuple[int, int]:
    """Choose ``(factor, scale)`` to draw a rows×cols matrix in `budget` columns.

    `factor` > 1 block-averages factor×factor entries into one cell (when `cols` > `budget`);
    otherwise `scale` >= 1 draws each entry `scale` characters wide (and as tall, in half rows).
    An explicit `scale` is honoured as far as the budget allows.
    """
    budget, rows, cols = max(budget, 1), max(rows, 1), max(cols, 1)
    if cols > budget:
        return math.ceil(cols / budget), 1
    room = budget // cols
    if scale is not None:
        return 1, max(1, min(scale, room))
    return 1, max(1, min(MAX_SCALE, room, TARGET_CELLS // max(rows, cols)))


def scale_legend(scale: ColorScale, width: int) -> Text:
    """A one-line colour key: ``-2.31 ██████0██████ 2.31``, shrunk to fit `width` if it can."""
    palette = scale.cmap.palette
    if scale.constant:
        swatch_index = int(scale.indices(np.array([scale.vmin]))[0])
        return Text.assemble(
            ("■", Style(color=palette[swatch_index])), f" constant {format_number(scale.vmin)}"
        )
    lo, hi = scale.label_range()
    diverging = scale.cmap is DIVERGING
    room = width - len(lo) - len(hi) - 2 - (1 if diverging else 0)
    levels = scale.cmap.levels - 1

    def bar(start: float, stop: float, count: int) -> Text:
        text = Text()
        for index in np.rint(np.linspace(start, stop, count) * levels).astype(int).tolist():
            text.append("█", Style(color=palette[index]))
        return text

    text = Text()
    text.append(lo + " ", style="dim")
    if diverging:
        half = max(1, min(LEGEND_BAR // 2, room // 2))
        text.append_text(bar(0.0, 0.5 - 0.5 / half, half))
        text.append("0", style="dim")
        text.append_text(bar(0.5 + 0.5 / half, 1.0, half))
    else:
        text.append_text(bar(0.0, 1.0, max(2, min(LEGEND_BAR, room))))
    text.append(" " + hi, style="dim")
    return text


def nonfinite_legend(values: np.ndarray, cmap: ColorMap) -> Text | None:
    """A key for the marker colours of NaN and ±inf entries, with counts; None if all finite."""
    counts = (
        ("NaN", int(np.isnan(values).sum()), cmap.nan_index),
        ("+inf", int(np.isposinf(values).sum()), cmap.posinf_index),
        ("-inf", int(np.isneginf(values).sum()), cmap.neginf_index),
    )
    present = [(name, n, index) for name, n, index in counts if n]
    if not present:
        return None
    text = Text()
    for position, (name, n, index) in enumerate(present):
        if position:
            text.append("  ")
        text.append("■", Style(color=cmap.palette[index]))
        text.append(f" {name} ×{n}")
    return text


@lru_cache(maxsize=8192)
def _half_blocks(cmap: ColorMap, fg: int, bg: int, run: int) -> Segment:
    """`run` upper-half blocks in palette colour `fg` on `bg` (-1: no background), cached."""
    return Segment(UPPER_HALF * run, cmap.pair_style(fg, bg))


def half_block_lines(indices: np.ndarray, cmap: ColorMap, scale: int) -> list[list[Segment]]:
    """Segments for a grid of palette indices, two rows per line, each entry scale×scale.

    An odd last row is drawn with the foreground only (no background colour). Adjacent
    characters with the same colours share one segment.
    """
    if scale > 1:
        indices = np.repeat(np.repeat(indices, scale, axis=0), scale, axis=1)
    if indices.shape[0] % 2:
        indices = np.vstack([indices, np.full((1, indices.shape[1]), -1, dtype=indices.dtype)])
    upper, lower = indices[0::2], indices[1::2]
    width = upper.shape[1]
    # A run starts wherever the (upper, lower) colour pair changes along a line.
    starts = np.ones(upper.shape, dtype=bool)
    starts[:, 1:] = (upper[:, 1:] != upper[:, :-1]) | (lower[:, 1:] != lower[:, :-1])
    lines: list[list[Segment]] = []
    for top, bottom, line_starts in zip(
        upper.tolist(), lower.tolist(), starts.tolist(), strict=True
    ):
        edges = [i for i, start in enumerate(line_starts) if start] + [width]
        lines.append([_half_blocks(cmap, top[a], bottom[a], b - a) for a, b in pairwise(edges)])
    return lines


class Heatmap:
    """A matrix drawn as coloured half-block cells, with a colour legend and a caption.

    Args:
        array: any real (or bool/int) array; 1-D is drawn as a row.
        title: a line printed above the heatmap.
        vmin, vmax: the colour range (see `ColorScale.for_data`); by default from the data.
        cmap: ``"diverging"`` (blue, grey at 0, red), ``"sequential"`` or ``"auto"``.
        max_width: the widest the heatmap may be, in characters (default: the console's).
        legend: print the colour key and caption under the heatmap.
        scale: characters per entry (each entry is drawn scale×scale half-blocks); default
            picks one so that small matrices are not tiny.
    """

    def __init__(
        self,
        array: object,
        *,
        title: str | Text | None = None,
        vmin: float | None = None,
        vmax: float | None = None,
        cmap: CmapName = "auto",
        max_width: int | None = None,
        legend: bool = True,
        scale: int | None = None,
    ) -> None:
        self.matrix: Matrix = as_matrix(array)
        self.title = title
        self.color_scale = ColorScale.for_data(self.matrix.values, cmap=cmap, vmin=vmin, vmax=vmax)
        self.max_width = max_width
        self.show_legend = legend
        self.scale = scale

    def _budget(self, max_width: int) -> int:
        return max_width if self.max_width is None else min(self.max_width, max_width)

    def block(self, max_width: int) -> int:
        """The side of the blocks its entries are averaged in when drawn within ``max_width``
        (1: one cell per entry)."""
        rows, cols = self.matrix.values.shape
        return fit_cells(rows, cols, self._budget(max_width), self.scale)[0] if not self.matrix.empty else 1

    def _grid_width(self, max_width: int) -> int:
        """How many columns the cells take when rendered within `max_width`."""
        rows, cols = self.matrix.values.shape
        factor, scale = fit_cells(rows, cols, self._budget(max_width), self.scale)
        return int(math.ceil(cols / factor) * scale)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.matrix.empty:
            return Measurement.get(console, options, empty_text(self.matrix))
        budget = self._budget(options.max_width)
        natural = self._grid_width(budget)
        if self.show_legend:
            natural = max(natural, scale_legend(self.color_scale, budget).cell_len)
        natural = max([natural, *(line.cell_len for line in title_lines(self.title))])
        return Measurement(min(natural, 8), min(natural, budget))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if self.matrix.empty:
            yield empty_text(self.matrix)
            return
        values = self.matrix.values
        budget = self._budget(options.max_width)
        rows, cols = values.shape
        factor, scale = fit_cells(rows, cols, budget, self.scale)
        shown = block_average(values, factor)
        cmap = self.color_scale.cmap
        for line in half_block_lines(self.color_scale.indices(shown), cmap, scale):
            yield from line
            yield Segment.line()
        if not self.show_legend:
            return
        if np.isfinite(values).any():
            yield scale_legend(self.color_scale, budget)
        yield Text(self.matrix.describe(), style="dim")
        if factor > 1:
            yield Text(f"averaged in {factor}×{factor} blocks", style="dim")
        markers = nonfinite_legend(values, cmap)
        if markers is not None:
            yield markers
