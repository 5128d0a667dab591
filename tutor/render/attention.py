"""Attention weight matrices: one query per row, coloured 0..1, with each row's sum as a check.

A mask (True where a query may attend to a key) draws the forbidden cells as a dim dot on no
background, so "not allowed" never looks like "allowed, but weight 0".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from ._arrays import (
    Matrix,
    as_matrix,
    block_average,
    empty_text,
    format_number,
    title_lines,
)
from .colors import SEQUENTIAL, ColorScale
from .heatmap import nonfinite_legend, scale_legend

__all__ = ["AttentionGrid", "HeadGrid"]

#: How far a row sum may be from 1 and still count as 1.
SUM_TOLERANCE = 1e-6
#: Widest row label, in characters.
MAX_LABEL = 10
#: Characters per weight by default: two make a roughly square cell ...
CELL_WIDTH = 2
#: ... and three leave room for two letters of each token above its column.
LABELLED_CELL_WIDTH = 3
SUM_WIDTH = 7
WEIGHT_SCALE = ColorScale(SEQUENTIAL, 0.0, 1.0)
#: How a masked (forbidden) cell is drawn: a dim dot on the terminal's own background.
MASKED_MARK = "·"
MASKED_STYLE = Style(dim=True)


def _sum_ok(total: float) -> bool:
    return bool(abs(total - 1.0) <= SUM_TOLERANCE)


class AttentionGrid:
    """An attention weight matrix (queries × keys) as coloured cells, one line per query.

    Weights use the sequential colour map over 0..1 (NaN and ±inf in marker colours). Row
    labels (the tokens) go on the left, their first characters head the columns; each weight
    is `cell_width` characters wide (default 3 with labels, 2 without). With
    `row_sums`, each row's sum is printed on the right, green when it is 1 and red otherwise;
    without, one line under the grid reports the check. Grids wider than the console are
    block-averaged, and each shown row sum is the worst one in its block.

    `mask` (optional, boolean, the shape of `weights`) is True where query i may attend to key
    j. Cells where it is False are drawn as a dim ``·`` with no colour, and a legend line says
    so; a block of an averaged grid is drawn masked only when every cell in it is masked.
    """

    def __init__(
        self,
        weights: object,
        *,
        title: str | Text | None = None,
        labels: Sequence[str] | None = None,
        row_sums: bool = True,
        legend: bool = True,
        cell_width: int | None = None,
        mask: object | None = None,
    ) -> None:
        self.matrix: Matrix = as_matrix(weights)
        self.mask = _as_mask(mask, self.matrix)
        self.title = title
        self.labels = [str(label) for label in labels] if labels is not None else None
        self.show_sums = row_sums
        self.show_legend = legend
        default_width = LABELLED_CELL_WIDTH if labels is not None else CELL_WIDTH
        self.cell_width = max(cell_width or default_width, 1)
        with np.errstate(invalid="ignore", over="ignore"):
            self.sums = self.matrix.values.sum(axis=1)

    def _row_labels(self) -> list[str]:
        rows = self.matrix.values.shape[0]
        if self.labels is not None and len(self.labels) == rows:
            return [label[:MAX_LABEL] for label in self.labels]
        return [str(i) for i in range(rows)]

    def _layout(self, max_width: int) -> tuple[int, int, int]:
        """(block factor, cell width, label width) for the grid within `max_width`."""
        label_width = max((len(label) for label in self._row_labels()), default=1)
        room = max_width - label_width - 1 - (SUM_WIDTH + 1 if self.show_sums else 0)
        cols = self.matrix.values.shape[1]
        if cols <= room:
            return 1, max(1, min(self.cell_width, room // cols)), label_width
        return math.ceil(cols / max(room, 1)), 1, label_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.matrix.empty:
            return Measurement.get(console, options, empty_text(self.matrix))
        factor, cell, label_width = self._layout(options.max_width)
        cols = math.ceil(self.matrix.values.shape[1] / factor)
        total = label_width + 1 + cols * cell + (SUM_WIDTH + 1 if self.show_sums else 0)
        return Measurement(min(total, 12), min(total, options.max_width))

    def _header(self, cols: int, cell: int, label_width: int) -> Text | None:
        """Column labels: each token's first characters, or every fifth key index."""
        if cell < 2:
            return None
        header = " " * (label_width + 1)
        if self.labels is not None and len(self.labels) == cols:
            header += "".join(label[: cell - 1].ljust(cell) for label in self.labels)
        else:
            step = 1 if len(str(cols - 1)) < cell else 5
            ticks = ""
            for j in range(0, cols, step):
                fits = j * cell + len(str(j)) <= cols * cell
                if fits and (j == 0 or len(ticks) < j * cell):
                    ticks = ticks.ljust(j * cell) + str(j)
            header += ticks.ljust(cols * cell)
        if self.show_sums:
            header += " " + "Σ".rjust(SUM_WIDTH)
        return Text(header, style="dim")

    def _sum_text(self, total: float) -> Text:
        style = "green" if _sum_ok(total) else "bold red"
        if not np.isfinite(total):
            return Text(format_number(total).rjust(SUM_WIDTH), style=style)
        return Text(f"{total:.3f}".rjust(SUM_WIDTH), style=style)

    def check_line(self) -> Text:
        """One line on whether every row sums to 1, naming the worst row if not."""
        if self.sums.size == 0:
            return Text("no rows", style="dim")
        deviation = np.abs(self.sums - 1.0)
        deviation = np.where(np.isfinite(deviation), deviation, np.inf)
        worst = int(np.argmax(deviation))
        if _sum_ok(float(self.sums[worst])):
            return Text("✓ rows sum to 1", style="green")
        total = format_number(float(self.sums[worst]), digits=4)
        return Text(f"✗ row {worst} sums to {total}", style="bold red")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if self.matrix.empty:
            yield empty_text(self.matrix)
            return
        factor, cell, label_width = self._layout(options.max_width)
        shown = block_average(self.matrix.values, factor)
        indices = WEIGHT_SCALE.indices(shown)
        hidden = (block_average(self.mask.astype(float), factor) == 0.0 if self.mask is not None
                  else np.zeros(shown.shape, dtype=bool))
        masked_cell = MASKED_MARK.center(cell)
        row_labels = self._row_labels()[::factor]
        header = self._header(shown.shape[1], cell, label_width) if factor == 1 else None
        if header is not None:
            yield header
        for block, row in enumerate(indices.tolist()):
            line = Text()
            line.append(row_labels[block].rjust(label_width) + " ", style="dim")
            for index, masked in zip(row, hidden[block].tolist(), strict=True):
                if masked:
                    line.append(masked_cell, MASKED_STYLE)
                else:
                    line.append(" " * cell, SEQUENTIAL.pair_style(-1, index))
            if self.show_sums:
                block_sums = self.sums[block * factor : (block + 1) * factor]
                deviation = np.nan_to_num(np.abs(block_sums - 1.0), nan=np.inf)
                line.append(" ")
                line.append_text(self._sum_text(float(block_sums[int(np.argmax(deviation))])))
            yield line
        if factor > 1:
            yield Text(f"averaged in {factor}×{factor} blocks", style="dim")
        if not self.show_sums:
            yield self.check_line()
        if self.show_legend:
            yield scale_legend(WEIGHT_SCALE, options.max_width)
            if self.mask is not None and not self.mask.all():
                yield masked_legend()
        markers = nonfinite_legend(self.matrix.values, SEQUENTIAL)
        if markers is not None:
            yield markers


def _as_mask(mask: object | None, matrix: Matrix) -> np.ndarray | None:
    """The mask as a boolean array shaped like the drawn weights, or None.

    Raises ValueError unless it has the shape of the weights as given.
    """
    if mask is None:
        return None
    array = np.asarray(mask)
    if array.dtype.kind not in "biu":
        raise ValueError(f"a mask holds booleans (True where attention is allowed), got dtype {array.dtype}")
    if array.shape != matrix.shape:
        raise ValueError(f"mask of shape {array.shape} for weights of shape {matrix.shape}")
    return array.astype(bool).reshape(matrix.values.shape)


def masked_legend() -> Text:
    """The key for masked cells."""
    return Text.assemble((MASKED_MARK, MASKED_STYLE), (" masked: not allowed", "dim"))


class HeadGrid:
    """Several heads' attention patterns side by side, wrapping onto more rows to fit.

    Each head is an `AttentionGrid` titled ``head 0``, ``head 1``, ... (or `titles`), with a
    one-line row-sum check under it and one shared colour legend at the bottom. `masks`, one
    per pattern (each None or a boolean mask as in `AttentionGrid`), marks forbidden cells.
    """

    def __init__(self, patterns: Sequence[object], *, titles: Sequence[str] | None = None,
                 masks: Sequence[object | None] | None = None) -> None:
        if titles is not None and len(titles) != len(patterns):
            raise ValueError(f"{len(titles)} titles for {len(patterns)} patterns")
        if masks is not None and len(masks) != len(patterns):
            raise ValueError(f"{len(masks)} masks for {len(patterns)} patterns")
        names = list(titles) if titles is not None else [f"head {h}" for h in range(len(patterns))]
        per_head = list(masks) if masks is not None else [None] * len(patterns)
        self.grids = [
            AttentionGrid(pattern, title=name, row_sums=False, legend=False, mask=mask)
            for pattern, name, mask in zip(patterns, names, per_head, strict=True)
        ]

    def _body(self, width: int) -> Group:
        if not self.grids:
            return Group(Text("(no heads)", style="dim italic"))
        parts: list[Columns | Text] = [Columns(self.grids, padding=(1, 2)), scale_legend(WEIGHT_SCALE, width)]
        if any(grid.mask is not None and not grid.mask.all() for grid in self.grids):
            parts.append(masked_legend())
        return Group(*parts)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._body(options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._body(options.max_width)
