"""A matrix printed as numbers: right-aligned columns, elided middles, a shape caption."""

from __future__ import annotations

from rich import box
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ._arrays import Matrix, as_matrix, elide, empty_text, format_entries, title_lines
from .colors import NAN_COLOR, NEGINF_COLOR, POSINF_COLOR

__all__ = ["ELLIPSIS", "MatrixTable"]

#: The cell text standing for elided rows and columns.
ELLIPSIS = "…"
#: A width no table reaches, for measuring a table's natural width.
UNBOUNDED = 1_000_000


class MatrixTable:
    """A matrix as a table of numbers with row and column indices.

    Rows beyond `max_rows` and columns beyond `max_cols` are elided from the middle (shown as
    ``…``) and the caption says how many are shown, e.g. ``40×10 float64 · showing 12 of 40
    rows, 8 of 10 columns``. Entries share one notation (fixed with `precision` decimals, or
    scientific when fixed would hide them); NaN and ±inf are highlighted in the heatmaps'
    marker colours. A 1-D array prints as one row.
    """

    def __init__(
        self,
        array: object,
        *,
        title: str | Text | None = None,
        precision: int = 3,
        max_rows: int = 12,
        max_cols: int = 8,
    ) -> None:
        self.matrix: Matrix = as_matrix(array)
        self.title = title
        self.precision = precision
        self.max_rows = max_rows
        self.max_cols = max_cols

    def _caption(self, shown_rows: int, shown_cols: int) -> str:
        rows, cols = self.matrix.values.shape
        parts = []
        if shown_rows < rows:
            parts.append(f"{shown_rows} of {rows} rows")
        if shown_cols < cols:
            parts.append(f"{shown_cols} of {cols} columns")
        caption = self.matrix.describe()
        return caption + (" · showing " + ", ".join(parts) if parts else "")

    def _table(self, max_cols: int) -> tuple[Table, str]:
        """The table showing at most `max_cols` columns, and its caption."""
        values = self.matrix.values
        row_head, row_tail = elide(values.shape[0], self.max_rows)
        col_head, col_tail = elide(values.shape[1], max_cols)
        rows = row_head + row_tail
        cols = col_head + col_tail
        cells = format_entries(
            values[rows][:, cols], precision=self.precision, integral=self.matrix.is_integral
        )
        markers = {
            "nan": Style(color=Color.from_rgb(*NAN_COLOR), bold=True),
            "inf": Style(color=Color.from_rgb(*POSINF_COLOR), bold=True),
            "-inf": Style(color=Color.from_rgb(*NEGINF_COLOR), bold=True),
        }
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
            header_style="dim",
        )
        table.add_column("", style="dim", justify="right", no_wrap=True)
        labels = [str(j) for j in cols]
        if col_tail:
            labels.insert(len(col_head), ELLIPSIS)
        for label in labels:
            table.add_column(label, justify="right", no_wrap=True)
        width = len(cols)
        for position, i in enumerate(rows):
            if row_tail and position == len(row_head):
                table.add_row(ELLIPSIS, *([ELLIPSIS] * len(labels)))
            row = [
                Text(text, style=markers.get(text, ""))
                for text in cells[position * width : (position + 1) * width]
            ]
            if col_tail:
                row.insert(len(col_head), Text(ELLIPSIS))
            table.add_row(str(i), *row)
        return table, self._caption(len(rows), len(cols))

    def _fitted_table(self, console: Console, options: ConsoleOptions) -> tuple[Table, str]:
        """The table with as many columns (up to `max_cols`) as fit in `options.max_width`."""
        unbounded = options.update_width(UNBOUNDED)
        max_cols = self.max_cols
        table, caption = self._table(max_cols)
        while (
            max_cols > 2 and Measurement.get(console, unbounded, table).maximum > options.max_width
        ):
            max_cols -= 1
            table, caption = self._table(max_cols)
        return table, caption

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self.matrix.empty:
            return Measurement.get(console, options, empty_text(self.matrix))
        return Measurement.get(console, options, self._fitted_table(console, options)[0])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if self.matrix.empty:
            yield empty_text(self.matrix)
            return
        table, caption = self._fitted_table(console, options)
        yield table
        yield Text(caption, style="dim")
