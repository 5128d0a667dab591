"""Colour maps and scales: a diverging map centred at zero and a sequential map for weights.

Both maps avoid pure white and pure black so that every cell stays visible on dark and light
terminal themes. Colours are truecolor; Rich downgrades them to 256 colours when it has to.
Non-finite entries get marker colours that neither map uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from rich.color import Color
from rich.style import Style

from ._arrays import format_number

__all__ = [
    "DIVERGING",
    "DROPPED",
    "KEPT",
    "NAN_COLOR",
    "NEGINF_COLOR",
    "NEUTRAL",
    "POSINF_COLOR",
    "SEQUENTIAL",
    "SERIES_STYLES",
    "ColorMap",
    "ColorScale",
    "diverging_color",
    "sequential_color",
]

RGB = tuple[int, int, int]
MapName = Literal["diverging", "sequential"]
CmapName = Literal["diverging", "sequential", "auto"]

#: The colour of zero on the diverging map: a mid grey, visible on both dark and light themes.
NEUTRAL: RGB = (128, 128, 128)
#: Marker colours for non-finite entries (no colour map uses these hues).
NAN_COLOR: RGB = (255, 0, 255)
POSINF_COLOR: RGB = (255, 140, 0)
NEGINF_COLOR: RGB = (0, 255, 255)

#: Bars that are kept (index < k) and dropped in spectra and energy curves.
KEPT = Style(color=Color.from_rgb(66, 135, 245), bold=True)
DROPPED = Style(color=Color.from_rgb(128, 128, 128), dim=True)
#: Styles for the series of a line chart, in order.
SERIES_STYLES: tuple[Style, ...] = (
    Style(color=Color.from_rgb(66, 135, 245)),
    Style(color=Color.from_rgb(230, 120, 30)),
    Style(color=Color.from_rgb(60, 170, 80)),
    Style(color=Color.from_rgb(200, 60, 170)),
)


class ColorMap:
    """A colour map quantized to `levels` colours, plus the three non-finite markers.

    `palette` holds the `levels` map colours from low to high, then the NaN, +inf and -inf
    markers (at `nan_index`, `posinf_index`, `neginf_index`). Quantizing keeps the number of
    distinct styles small, so renderables can cache one `Style` per colour or colour pair.
    """

    def __init__(self, name: MapName, stops: tuple[RGB, ...], levels: int = 65) -> None:
        self.name = name
        self.levels = levels
        positions = np.linspace(0.0, 1.0, len(stops))
        channels = np.array(stops, dtype=np.float64)
        grid = np.linspace(0.0, 1.0, levels)
        rgb = np.stack([np.interp(grid, positions, channels[:, c]) for c in range(3)], axis=1)
        colours = [*np.rint(rgb).astype(int).tolist(), NAN_COLOR, POSINF_COLOR, NEGINF_COLOR]
        self.palette: tuple[Color, ...] = tuple(Color.from_rgb(r, g, b) for r, g, b in colours)
        self.nan_index, self.posinf_index, self.neginf_index = levels, levels + 1, levels + 2
        self._pair_styles: dict[tuple[int, int], Style] = {}

    def __repr__(self) -> str:
        return f"ColorMap({self.name!r}, levels={self.levels})"

    def indices(self, positions: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Palette indices for `positions` in [0, 1]; non-finite `values` get marker indices."""
        index = np.rint(np.clip(np.nan_to_num(positions), 0.0, 1.0) * (self.levels - 1))
        index = index.astype(np.intp)
        index[np.isnan(values)] = self.nan_index
        index[np.isposinf(values)] = self.posinf_index
        index[np.isneginf(values)] = self.neginf_index
        palette_indices: np.ndarray = index
        return palette_indices

    def pair_style(self, fg: int, bg: int) -> Style:
        """The cached style with palette colour `fg` on palette colour `bg` (-1 for none)."""
        key = (fg, bg)
        style = self._pair_styles.get(key)
        if style is None:
            style = Style(
                color=self.palette[fg] if fg >= 0 else None,
                bgcolor=self.palette[bg] if bg >= 0 else None,
            )
            self._pair_styles[key] = style
        return style


#: Blue for negative, grey at zero, red for positive.
DIVERGING = ColorMap(
    "diverging",
    ((33, 102, 222), (85, 145, 235), NEUTRAL, (235, 110, 85), (215, 40, 40)),
)
#: Dark violet through teal to yellow (viridis-like), for non-negative data such as weights.
SEQUENTIAL = ColorMap(
    "sequential",
    ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)),
)


@dataclass(frozen=True)
class ColorScale:
    """A colour map over a value range: diverging scales are symmetric, ``vmin == -vmax``."""

    cmap: ColorMap
    vmin: float
    vmax: float

    @classmethod
    def for_data(
        cls,
        values: np.ndarray,
        *,
        cmap: CmapName = "auto",
        vmin: float | None = None,
        vmax: float | None = None,
    ) -> ColorScale:
        """Choose a scale for `values` (finite entries only).

        ``"auto"`` is sequential from 0 when every finite entry is >= 0 and one is > 0,
        otherwise diverging. A diverging scale spans ``±max |x|`` unless `vmin`/`vmax` are
        given (then ``±max(|vmin|, |vmax|)``). A sequential scale spans ``[min(0, min x),
        max x]`` unless given.
        """
        finite = np.asarray(values, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        lo = float(finite.min()) if finite.size else 0.0
        hi = float(finite.max()) if finite.size else 0.0
        if cmap == "auto":
            cmap = "sequential" if lo >= 0 and hi > 0 else "diverging"
        if cmap == "diverging":
            given = [abs(v) for v in (vmin, vmax) if v is not None]
            half = max(given) if given else max(abs(lo), abs(hi))
            return cls(DIVERGING, -half, half)
        if cmap == "sequential":
            low = min(0.0, lo) if vmin is None else float(vmin)
            high = hi if vmax is None else float(vmax)
            return cls(SEQUENTIAL, low, max(low, high))
        raise ValueError(f"unknown colour map {cmap!r}: use 'diverging', 'sequential' or 'auto'")

    @property
    def constant(self) -> bool:
        """True when the range is a single value, so every finite entry gets one colour."""
        return self.vmax <= self.vmin

    def positions(self, values: np.ndarray) -> np.ndarray:
        """Where each value sits on the map, in [0, 1] (NaN for non-finite values)."""
        values = np.asarray(values, dtype=np.float64)
        if self.constant:
            # A zero-width range: values above it take the top colour and values below it the
            # bottom one. Values on it sit in the middle of a diverging map; on a sequential
            # map they take the top colour, unless the range is at or below zero.
            finite = np.isfinite(values)
            if self.cmap is DIVERGING:
                return np.where(finite, 0.5 + 0.5 * np.sign(values - self.vmin), np.nan)
            at_or_above = values > self.vmin if self.vmax <= 0 else values >= self.vmin
            return np.where(finite, at_or_above.astype(np.float64), np.nan)
        with np.errstate(invalid="ignore", over="ignore"):
            return (values - self.vmin) / (self.vmax - self.vmin)

    def indices(self, values: np.ndarray) -> np.ndarray:
        """Palette indices of `values` in this scale's colour map."""
        values = np.asarray(values, dtype=np.float64)
        return self.cmap.indices(self.positions(values), values)

    def color(self, value: float) -> Color:
        """The colour a heatmap draws for `value`."""
        return self.cmap.palette[int(self.indices(np.array([value]))[0])]

    def label_range(self) -> tuple[str, str]:
        """Compact labels for the two ends of the scale."""
        return format_number(self.vmin), format_number(self.vmax)


def diverging_color(value: float, vmax: float) -> Color:
    """The diverging colour of `value` on the symmetric scale ``[-vmax, vmax]``."""
    return ColorScale(DIVERGING, -abs(vmax), abs(vmax)).color(value)


def sequential_color(value: float, vmin: float = 0.0, vmax: float = 1.0) -> Color:
    """The sequential colour of `value` on the scale ``[vmin, vmax]`` (default 0..1)."""
    return ColorScale(SEQUENTIAL, vmin, vmax).color(value)
