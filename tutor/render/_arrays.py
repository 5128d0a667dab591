"""Helpers shared by the renderables: coercion to 2-D, captions, number formats, downsampling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.text import Text

from tutor.core.text import printable

__all__ = [
    "Matrix",
    "as_matrix",
    "block_average",
    "elide",
    "empty_text",
    "format_entries",
    "format_number",
    "title_lines",
]


@dataclass(frozen=True)
class Matrix:
    """An array coerced to a 2-D float64 matrix, remembering what it was.

    `values` is always 2-D float64; `shape` and `dtype` are those of the original array, so
    captions and entry locations can speak about the array the learner actually produced.
    """

    values: np.ndarray
    shape: tuple[int, ...]
    dtype: np.dtype
    complex_dropped: bool = False

    @property
    def empty(self) -> bool:
        """True when the matrix has no entries (a zero-length dimension)."""
        return self.values.size == 0

    @property
    def is_integral(self) -> bool:
        """True for bool and integer arrays, whose entries print without decimals."""
        return self.dtype.kind in "biu"

    def describe(self) -> str:
        """A caption such as ``4×3 float64`` or ``length-5 int64 vector (shown as a row)``."""
        dims = "×".join(str(n) for n in self.shape)
        if len(self.shape) == 0:
            text = f"{self.dtype} scalar"
        elif len(self.shape) == 1:
            text = f"length-{self.shape[0]} {self.dtype} vector (shown as a row)"
        elif len(self.shape) == 2:
            text = f"{dims} {self.dtype}"
        else:
            rows, cols = self.values.shape
            text = f"{dims} {self.dtype} (leading axes merged: {rows}×{cols})"
        if self.complex_dropped:
            text += ", real part"
        return text

    def location(self, flat_index: int) -> tuple[int, ...]:
        """The index in the original array of the entry at `flat_index` of `values`."""
        if len(self.shape) == 0:
            return ()
        return tuple(int(i) for i in np.unravel_index(flat_index, self.shape))


def as_matrix(array: object) -> Matrix:
    """Coerce any real (or bool/int) array-like to a `Matrix`.

    0-D becomes 1×1, 1-D becomes one row, N-D merges the leading axes into rows. Complex input
    keeps its real part (and says so in the caption). A `Matrix` is returned as it is. Raises
    `TypeError` for non-numeric data.
    """
    if isinstance(array, Matrix):
        return array
    original = np.asarray(array)
    if original.dtype.kind not in "biufc":
        raise TypeError(f"cannot draw an array of dtype {original.dtype}: expected numbers")
    complex_dropped = original.dtype.kind == "c"
    values = np.asarray(original.real if complex_dropped else original, dtype=np.float64)
    if values.ndim == 0:
        values = values.reshape(1, 1)
    elif values.ndim == 1:
        values = values.reshape(1, -1)
    elif values.ndim > 2:
        values = values.reshape(-1, values.shape[-1])
    return Matrix(values, tuple(original.shape), original.dtype, complex_dropped)


def empty_text(matrix: Matrix) -> Text:
    """The placeholder drawn for an array without entries, e.g. ``(empty 0×3 matrix)``."""
    dims = "×".join(str(n) for n in matrix.shape)
    kind = "vector" if len(matrix.shape) == 1 else "matrix"
    return Text(f"(empty {dims} {kind})", style="dim italic")


def format_number(value: float, digits: int = 3) -> str:
    """A compact label for an axis or legend: 3 significant digits, short exponents.

    ``format_number(1234.5) == "1.23e3"``, ``format_number(-0.5) == "-0.5"``, ``nan`` and
    ``inf`` spell themselves.
    """
    if not np.isfinite(value):
        return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    if exponent:
        return f"{mantissa}e{int(exponent)}"
    return text


def format_entries(values: np.ndarray, *, precision: int, integral: bool) -> list[str]:
    """Format matrix entries with one shared notation so that they line up in a column.

    Integral dtypes print as integers. Floats use fixed notation with `precision` decimals,
    unless some entry is too large for it or a nonzero entry would round to zero, in which
    case every entry uses scientific notation.
    """
    flat = np.asarray(values, dtype=np.float64).ravel()
    finite = flat[np.isfinite(flat)]
    if integral:
        return [format_number(v) if not np.isfinite(v) else str(int(v)) for v in flat]
    magnitudes = np.abs(finite[finite != 0])
    scientific = magnitudes.size > 0 and (
        magnitudes.max() >= 1e5 or magnitudes.min() < 0.5 * 10.0**-precision
    )
    spec = f".{precision}e" if scientific else f".{precision}f"
    return [format(v, spec) if np.isfinite(v) else format_number(v) for v in flat]


def elide(count: int, limit: int) -> tuple[list[int], list[int]]:
    """Split `range(count)` into the indices shown before and after an ellipsis.

    Returns ``(head, tail)``; `tail` is empty when everything fits within `limit`.
    """
    if count <= limit:
        return list(range(count)), []
    limit = max(limit, 2)
    head = (limit + 1) // 2
    tail = limit - head
    return list(range(head)), list(range(count - tail, count))


def block_average(values: np.ndarray, factor: int) -> np.ndarray:
    """Average `values` over `factor`×`factor` blocks (the last blocks may be smaller).

    NaN and ±inf propagate into their block, so a non-finite entry stays visible.
    """
    if factor <= 1:
        return values
    rows, cols = values.shape
    row_starts = np.arange(0, rows, factor)
    col_starts = np.arange(0, cols, factor)
    with np.errstate(invalid="ignore"):
        sums = np.add.reduceat(np.add.reduceat(values, row_starts, axis=0), col_starts, axis=1)
    row_counts = np.diff(np.append(row_starts, rows))
    col_counts = np.diff(np.append(col_starts, cols))
    averaged: np.ndarray = sums / np.outer(row_counts, col_counts)
    return averaged


def title_lines(title: str | Text | None) -> list[Text]:
    """The title line of a renderable: none, a plain string in bold (made printable: titles
    come from packs), or a `Text` as given."""
    if title is None:
        return []
    return [Text(printable(title), style="bold") if isinstance(title, str) else title]
