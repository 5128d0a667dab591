"""Singular value spectra and cumulative energy as vertical bar charts of block characters."""

from __future__ import annotations

import numpy as np
from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from ._arrays import format_number, title_lines
from ._axes import frame, gutter_width
from .colors import DROPPED, KEPT

__all__ = ["EnergyCurve", "Spectrum"]

EIGHTHS = " ▁▂▃▄▅▆▇█"
#: Widest a bar's slot gets (bar plus one blank column) when there are few values.
MAX_SLOT = 4
#: Energy levels marked on an energy curve.
LEVELS = (0.90, 0.95)
LEVEL_STYLE = Style(color=Color.from_rgb(200, 140, 0))
#: Columns right of an energy curve for its level labels, e.g. " ← 90% 95%".
LEVEL_LABEL_WIDTH = 10


def _values(singular_values: object) -> np.ndarray:
    return np.asarray(singular_values, dtype=np.float64).ravel()


def _bar_rows(
    fractions: np.ndarray,
    styles: list[Style],
    height: int,
    slot: int,
    dotted: frozenset[int] = frozenset(),
) -> list[Text]:
    """Rows (top first) of vertical bars: each bar `slot` - 1 wide (1 if slot is 1), one gap.

    A bar's height is ``fraction * height`` rows, in eighths of a row. In the rows listed in
    `dotted`, blank columns are drawn as a dotted level line.
    """
    eighths = np.rint(np.clip(fractions, 0.0, 1.0) * height * 8).astype(int)
    width = max(slot - 1, 1)
    gap = 1 if slot > 1 else 0
    rows: list[Text] = []
    for index, level in enumerate(range(height - 1, -1, -1)):
        blank = "┄" if index in dotted else " "
        row = Text()
        for total, style in zip(eighths.tolist(), styles, strict=True):
            filled = min(max(total - 8 * level, 0), 8)
            if filled:
                row.append(EIGHTHS[filled] * width, style)
                row.append(blank * gap, LEVEL_STYLE)
            else:
                row.append(blank * (width + gap), LEVEL_STYLE)
        rows.append(row)
    return rows


def _fit(count: int, labels: tuple[str, str], width: int, reserve: int = 0) -> tuple[int, int]:
    """(values shown, slot width) for `count` bars in `width` columns, `reserve` kept free."""
    room = max(width - reserve - gutter_width(*labels), 1)
    shown = min(count, room)
    return shown, max(1, min(MAX_SLOT, room // max(shown, 1)))


def _bar_styles(indices: np.ndarray, k: int | None) -> list[Style]:
    return [KEPT if k is None or i < k else DROPPED for i in indices.tolist()]


def _ticks(indices: np.ndarray, slot: int, k: int | None) -> list[tuple[int, str]]:
    """1-based index labels under the first bar, the bar holding value k, and the last bar."""
    positions = {0, indices.size - 1}
    if k is not None and 0 < k <= indices[-1] + 1:
        positions.add(int(np.searchsorted(indices, k - 1)))
    return [(p * slot, str(int(indices[p]) + 1)) for p in sorted(positions)]


def _kept_key(count: int, k: int | None) -> Text:
    if k is None:
        return Text()
    k = max(0, min(k, count))
    kept = {0: " kept none", 1: " kept σ1"}.get(k, f" kept σ1–σ{k}")
    key = Text.assemble(("█", KEPT), kept)
    if k < count:
        key.append("  ")
        key.append("█", DROPPED)
        key.append(f" dropped σ{k + 1}" + (f"–σ{count}" if k + 1 < count else ""))
    return key


class Spectrum:
    """A bar chart of singular values, one bar per value, the first `k` highlighted.

    Bars at index < k are drawn in the kept colour, the rest dimmed. The y axis is labelled
    with the largest value and 0 (with ``log=True``, a decade under the smallest value); the
    x axis with 1-based indices. More values than fit the width are cut, keeping the largest
    (first) ones, and the caption says so. Negative values are drawn as 0 and NaN as empty
    bars, with a note.
    """

    def __init__(
        self,
        singular_values: object,
        *,
        k: int | None = None,
        title: str | Text | None = None,
        log: bool = False,
        height: int = 8,
        width: int | None = None,
    ) -> None:
        self.values = _values(singular_values)
        self.k = k
        self.title = title
        self.log = log
        self.height = max(height, 1)
        self.width = width

    def _range(self) -> tuple[float, float]:
        """The values at the bottom and top of the y axis."""
        finite = self.values[np.isfinite(self.values)]
        top = float(finite.max()) if finite.size else 0.0
        if not self.log:
            return 0.0, max(top, 0.0)
        positive = finite[finite > 0]
        if positive.size == 0:
            return 0.0, 0.0
        # A decade boundary at least half a decade under the smallest value, so it shows.
        bottom = 10.0 ** np.floor(np.log10(positive.min()) - 0.5)
        if bottom >= top:
            bottom = top / 10.0
        return float(bottom), top

    def _labels(self) -> tuple[str, str]:
        bottom, top = self._range()
        return format_number(top), format_number(bottom)

    def _fit(self, max_width: int) -> tuple[int, int]:
        width = max_width if self.width is None else min(self.width, max_width)
        return _fit(self.values.size, self._labels(), width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        shown, slot = self._fit(options.max_width)
        total = gutter_width(*self._labels()) + shown * slot
        return Measurement(min(total, 20), total)

    def _fractions(self, values: np.ndarray) -> np.ndarray:
        bottom, top = self._range()
        with np.errstate(divide="ignore", invalid="ignore"):
            if top <= 0:
                fractions = np.zeros_like(values)
            elif self.log:
                fractions = np.log10(values / bottom) / np.log10(top / bottom)
            else:
                fractions = values / top
        fractions = np.where(np.isposinf(values), 1.0, fractions)
        finite: np.ndarray = np.nan_to_num(fractions, nan=0.0, posinf=1.0, neginf=0.0)
        return finite

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if self.values.size == 0:
            yield Text("(no singular values)", style="dim italic")
            return
        shown, slot = self._fit(options.max_width)
        indices = np.arange(shown)
        fractions = self._fractions(self.values[:shown])
        rows = _bar_rows(fractions, _bar_styles(indices, self.k), self.height, slot)
        yield from frame(rows, *self._labels(), _ticks(indices, slot, self.k))
        notes = Text(style="dim")
        if shown < self.values.size:
            notes.append(f"showing the first {shown} of {self.values.size} values  ")
        if self.log:
            notes.append("log scale  ")
        negative = int((self.values < 0).sum())
        if negative:
            notes.append(f"{negative} negative drawn as 0  ")
        missing = int(np.isnan(self.values).sum())
        if missing:
            notes.append(f"{missing} NaN drawn empty  ")
        infinite = int(np.isposinf(self.values).sum())
        if infinite:
            notes.append(f"{infinite} inf drawn full  ")
        key = _kept_key(self.values.size, self.k)
        if key:
            yield key
        if notes:
            notes.rstrip()
            yield notes


class EnergyCurve:
    """Cumulative energy ``sum(s[:i+1]**2) / sum(s**2)`` as bars rising from 0 to 100%.

    The 90% and 95% levels are drawn as a dotted line and labelled on the right; bars at
    index < k are highlighted; the caption prints the energy kept by k and the smallest k
    reaching each level.
    """

    def __init__(
        self,
        singular_values: object,
        *,
        k: int | None = None,
        title: str | Text | None = None,
        height: int = 8,
        width: int | None = None,
    ) -> None:
        values = _values(singular_values)
        self.k = k
        self.title = title
        self.height = max(height, 1)
        self.width = width
        squares = np.square(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0))
        total = float(squares.sum())
        self.energy = np.cumsum(squares) / total if total > 0 else np.zeros_like(squares)
        self.has_energy = total > 0

    def _labels(self) -> tuple[str, str]:
        return "100%", "0%"

    def _fit(self, max_width: int) -> tuple[int, int]:
        width = max_width if self.width is None else min(self.width, max_width)
        return _fit(self.energy.size, self._labels(), width, reserve=LEVEL_LABEL_WIDTH)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        shown, slot = self._fit(options.max_width)
        total = gutter_width(*self._labels()) + shown * slot + LEVEL_LABEL_WIDTH
        return Measurement(min(total, 20), total)

    def reaching(self, level: float) -> int:
        """The smallest k whose leading values hold at least `level` of the energy."""
        return int(np.searchsorted(self.energy, level - 1e-12)) + 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from title_lines(self.title)
        if not self.has_energy:
            yield Text("(no energy: the singular values are all zero or missing)", "dim italic")
            return
        shown, slot = self._fit(options.max_width)
        level_rows: dict[int, list[str]] = {}
        for level in LEVELS:
            row = self.height - int(np.ceil(level * self.height))
            level_rows.setdefault(row, []).append(f"{level:.0%}")
        # Too many values for the width: sample evenly, always keeping the last (100%).
        indices = np.unique(np.rint(np.linspace(0, self.energy.size - 1, shown)).astype(int))
        styles = _bar_styles(indices, self.k)
        rows = _bar_rows(self.energy[indices], styles, self.height, slot, frozenset(level_rows))
        lines = frame(rows, *self._labels(), _ticks(indices, slot, self.k))
        for row, names in level_rows.items():
            lines[row].append(" ← " + " ".join(names), LEVEL_STYLE)
        yield from lines
        yield from self._caption(indices.size)

    def _caption(self, shown: int) -> RenderResult:
        count = self.energy.size
        parts = []
        if self.k is not None and 0 <= self.k <= count:
            kept = self.energy[self.k - 1] if self.k else 0.0
            parts.append(f"k = {self.k} keeps {kept:.1%} of the energy")
        for level in LEVELS:
            parts.append(f"{level:.0%} needs k = {self.reaching(level)}")
        yield Text(" · ".join(parts))
        key = _kept_key(count, self.k)
        if key:
            yield key
        if shown < count:
            yield Text(f"showing {shown} of {count} values, evenly sampled", style="dim")
