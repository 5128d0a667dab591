"""Heatmaps side by side at one size: the layout the diff and the playgrounds share.

Panels go side by side when each gets room for a legend and enough matrix columns, and stack
otherwise; either way every panel is drawn with the same number of characters per entry, so at
any width they shrink alike and equal cells mean equal entries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ._arrays import as_matrix, title_lines
from .colors import CmapName, ColorScale
from .heatmap import Heatmap, fit_cells, nonfinite_legend, scale_legend

__all__ = ["HeatmapRow", "panel_layout"]

#: Blank columns between panels drawn side by side.
GAP = 2
#: Side by side needs each panel this wide (a legend's width) ...
MIN_PANEL = 18
#: ... and room for this many matrix columns before downsampling (fewer if the matrix is narrower).
MIN_PANEL_COLUMNS = 24


def panel_layout(width: int, count: int, rows: int, cols: int, *, min_panel: int = MIN_PANEL,
                 gap: int = GAP) -> tuple[bool, int, int]:
    """(side by side?, each panel's width budget, characters per entry) for `count` panels of
    a rows×cols matrix in `width` columns, `gap` apart; side by side needs `min_panel` columns
    per panel (room for its legend) and room for min(cols, MIN_PANEL_COLUMNS) matrix columns."""
    per_panel = (width - gap * (count - 1)) // max(count, 1)
    side_by_side = per_panel >= max(min_panel, min(cols, MIN_PANEL_COLUMNS))
    budget = per_panel if side_by_side else width
    _, cells = fit_cells(rows, cols, budget)
    return side_by_side, budget, cells


def place(console: Console, options: ConsoleOptions, heatmaps: Sequence[Heatmap], side_by_side: bool,
          budget: int, gap: int = GAP) -> RenderResult:
    """Yield the heatmaps in one row of equal columns `gap` apart, or one under the other."""
    if side_by_side:
        panel_options = options.update_width(budget)
        column = max(Measurement.get(console, panel_options, h).maximum for h in heatmaps)
        grid = Table.grid(padding=(0, gap, 0, 0), pad_edge=False)
        for _ in heatmaps:
            grid.add_column(width=column)
        grid.add_row(*heatmaps)
        yield grid
    else:
        for position, heatmap in enumerate(heatmaps):
            if position:
                yield Text()
            yield heatmap


class HeatmapRow:
    """Several matrices of one shape as heatmaps at one size, on one colour scale, with one
    legend under them. The panels sit side by side (two columns apart, one when that is what
    it takes) when the matrices fit undownsampled, else one under the other.

    Args:
        panels: (array, title) pairs; every array is drawn on the same scale.
        vmin, vmax, cmap: the shared colour scale (see `ColorScale.for_data`); by default from
            all the panels' values together.
        title: a line above the row.
    """

    def __init__(
        self,
        panels: Sequence[tuple[object, str | Text]],
        *,
        vmin: float | None = None,
        vmax: float | None = None,
        cmap: CmapName = "auto",
        title: str | Text | None = None,
    ) -> None:
        self.matrices = [as_matrix(array) for array, _ in panels]
        self.titles = [name for _, name in panels]
        self.title = title
        values = [m.values.ravel() for m in self.matrices]
        both = np.concatenate(values) if values else np.zeros(0)
        self.scale = ColorScale.for_data(both, cmap=cmap, vmin=vmin, vmax=vmax)

    def _shape(self) -> tuple[int, int]:
        rows = max((m.values.shape[0] for m in self.matrices), default=1)
        cols = max((m.values.shape[1] for m in self.matrices), default=1)
        return rows, cols

    def _layout(self, width: int) -> tuple[bool, list[Heatmap], int, int]:
        count, shape = len(self.matrices), self._shape()
        gap = GAP
        side_by_side, budget, cells = panel_layout(width, count, *shape, min_panel=1, gap=gap)
        if not side_by_side:
            gap = 1
            side_by_side, budget, cells = panel_layout(width, count, *shape, min_panel=1, gap=gap)
        heatmaps = [Heatmap(matrix, title=name, cmap=self.scale.cmap.name, vmin=self.scale.vmin,
                            vmax=self.scale.vmax, max_width=budget, scale=cells, legend=False)
                    for matrix, name in zip(self.matrices, self.titles, strict=True)]
        return side_by_side, heatmaps, budget, gap

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.matrices:
            return Measurement(1, 1)
        side_by_side, heatmaps, budget, gap = self._layout(options.max_width)
        widths = [Measurement.get(console, options.update_width(budget), h).maximum for h in heatmaps]
        natural = max(widths) * len(widths) + gap * (len(widths) - 1) if side_by_side else max(widths)
        natural = max(natural, scale_legend(self.scale, options.max_width).cell_len)
        return Measurement(min(natural, MIN_PANEL), min(natural, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if not self.matrices:
            yield Text("(no matrices)", style="dim italic")
            return
        side_by_side, heatmaps, budget, gap = self._layout(options.max_width)
        yield from place(console, options, heatmaps, side_by_side, budget, gap)
        yield Text.assemble(scale_legend(self.scale, options.max_width), ("  one colour scale for all", "dim"))
        block = max(heatmap.block(budget) for heatmap in heatmaps)
        if block > 1:  # what a cell is, once it is no longer one entry
            yield Text(f"averaged in {block}×{block} blocks to fit", style="dim")
        markers = nonfinite_legend(np.concatenate([m.values.ravel() for m in self.matrices]), self.scale.cmap)
        if markers is not None:
            yield markers
