"""Actual, expected and their difference as heatmaps side by side, for a failing check."""

from __future__ import annotations

import numpy as np
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from ._arrays import Matrix, as_matrix, format_number, title_lines
from .colors import ColorScale
from .heatmap import Heatmap
from .panels import GAP, MIN_PANEL, panel_layout, place

__all__ = ["DiffTriple"]


def _heatmap(array: Matrix, title: str, scale: ColorScale, width: int, cells: int) -> Heatmap:
    return Heatmap(
        array,
        title=title,
        cmap=scale.cmap.name,
        vmin=scale.vmin,
        vmax=scale.vmax,
        max_width=width,
        scale=cells,
    )


class DiffTriple:
    """Heatmaps of `actual`, `expected` and ``actual - expected``, with the worst entry named.

    Actual and expected share one colour scale, so equal colours mean equal values; the
    difference has its own symmetric diverging scale. Below the panels: the largest absolute
    difference and where it is, and ``inputs drawn with seed N`` when `seed` is given.

    When the shapes differ, the first line says so and both matrices are drawn without a
    difference. Panels sit side by side when the console is wide enough (each panel showing up to
    24 matrix columns, block-averaging wider matrices), and stack vertically otherwise.
    """

    def __init__(
        self,
        actual: object,
        expected: object,
        *,
        seed: int | None = None,
        title: str | Text | None = None,
    ) -> None:
        self.actual: Matrix = as_matrix(actual)
        self.expected: Matrix = as_matrix(expected)
        self.seed = seed
        self.title = title
        self.same_shape = self.actual.shape == self.expected.shape
        both = np.concatenate([self.actual.values.ravel(), self.expected.values.ravel()])
        self.scale = ColorScale.for_data(both)
        self.difference: np.ndarray | None = None
        self.difference_scale: ColorScale | None = None
        if self.same_shape:
            with np.errstate(invalid="ignore", over="ignore"):
                self.difference = self.actual.values - self.expected.values
            self.difference_scale = ColorScale.for_data(self.difference, cmap="diverging")

    def _panels(self) -> list[tuple[Matrix, str, ColorScale]]:
        panels = [(self.actual, "actual", self.scale), (self.expected, "expected", self.scale)]
        if self.difference is not None and self.difference_scale is not None:
            difference = Matrix(self.difference, self.actual.shape, self.difference.dtype)
            panels.append((difference, "actual − expected", self.difference_scale))
        return panels

    def _layout(self, width: int) -> tuple[bool, list[Heatmap], int]:
        """Whether panels go side by side, the heatmaps, and each column's width."""
        panels = self._panels()
        rows = max(self.actual.values.shape[0], self.expected.values.shape[0])
        cols = max(self.actual.values.shape[1], self.expected.values.shape[1])
        side_by_side, budget, cells = panel_layout(width, len(panels), rows, cols)
        heatmaps = [_heatmap(array, name, scale, budget, cells) for array, name, scale in panels]
        return side_by_side, heatmaps, budget

    def _mismatch(self) -> list[Text]:
        if self.same_shape:
            return []
        message = f"shape {self.actual.shape} differs from expected {self.expected.shape}"
        return [Text(message, style="bold red")]

    def _summary(self) -> list[Text]:
        lines: list[Text] = []
        if self.difference is not None and self.difference.size:
            lines.append(self._worst_entry(self.difference))
        elif self.same_shape:
            lines.append(Text("no entries to compare", style="dim"))
        if self.seed is not None:
            lines.append(Text(f"inputs drawn with seed {self.seed}", style="dim"))
        return lines

    def _worst_entry(self, difference: np.ndarray) -> Text:
        flat = difference.ravel()
        not_finite = ~np.isfinite(flat)
        if not_finite.any():
            index = int(np.argmax(not_finite))
            count = int(not_finite.sum())
            head = f"difference is not finite at {count} entr{'y' if count == 1 else 'ies'}"
            where = f", first at {self.actual.location(index)}"
            style = "bold red"
        else:
            index = int(np.argmax(np.abs(flat)))
            worst = abs(float(flat[index]))
            if worst == 0:
                return Text("max |difference| = 0: the matrices are equal", style="green")
            head = f"max |difference| = {format_number(worst)}"
            where = f" at {self.actual.location(index)}"
            style = "bold"
        actual = format_number(float(self.actual.values.ravel()[index]), digits=6)
        expected = format_number(float(self.expected.values.ravel()[index]), digits=6)
        return Text.assemble(
            (head, style), where, (f": actual {actual}, expected {expected}", "dim")
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        side_by_side, heatmaps, budget = self._layout(options.max_width)
        panel_options = options.update_width(budget)
        widths = [Measurement.get(console, panel_options, h).maximum for h in heatmaps]
        natural = (max(widths) * len(widths) + GAP * (len(widths) - 1)) if side_by_side else max(widths)
        return Measurement(min(natural, MIN_PANEL), min(natural, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        yield from self._mismatch()
        side_by_side, heatmaps, budget = self._layout(options.max_width)
        yield from place(console, options, heatmaps, side_by_side, budget)
        yield from self._summary()
