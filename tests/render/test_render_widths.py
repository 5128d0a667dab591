"""Every renderable, fed awkward arrays, fits the console width without a crash or warning."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pytest
from rich.console import RenderableType

from tutor.render import (
    AttentionGrid,
    DiffTriple,
    EnergyCurve,
    HeadGrid,
    Heatmap,
    LineChart,
    MatrixTable,
    Spectrum,
)

if TYPE_CHECKING:
    from conftest import Render

RNG = np.random.default_rng(7)
ARRAYS: dict[str, np.ndarray] = {
    "small": RNG.standard_normal((3, 3)),
    "wide": RNG.standard_normal((5, 130)) * 1e6,
    "tall": RNG.standard_normal((41, 3)),
    "vector": RNG.standard_normal(7),
    "empty": np.zeros((0, 4)),
    "non-finite": np.array([[np.nan, 1.0], [np.inf, -np.inf]]),
    "int": np.arange(12).reshape(3, 4),
    "bool": np.eye(4, dtype=bool),
    "3-d": RNG.standard_normal((2, 3, 4)),
    "constant": np.full((3, 5), 2.0),
}
MAKERS: dict[str, Callable[[np.ndarray], RenderableType]] = {
    "matrix": lambda a: MatrixTable(a, title="M"),
    "heatmap": lambda a: Heatmap(a, title="H"),
    "diff": lambda a: DiffTriple(a, a * 0.5, seed=1),
    "diff-mismatch": lambda a: DiffTriple(a, np.ones((4, 6))),
    "spectrum": lambda a: Spectrum(np.abs(a).ravel(), k=2),
    "energy": lambda a: EnergyCurve(np.abs(a).ravel(), k=2),
    "attention": AttentionGrid,
    "heads": lambda a: HeadGrid([a, a, a]),
    "line": lambda a: LineChart(np.arange(a.size), {"a": a.ravel()}),
}


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("width", [16, 40, 80])
@pytest.mark.parametrize("maker", MAKERS)
def test_fits_the_console_width(render: Render, maker: str, width: int) -> None:
    for name, array in ARRAYS.items():
        out = render(MAKERS[maker](array), width=width)
        too_wide = [line for line in out.text_lines if len(line.rstrip()) > width]
        assert not too_wide, f"{maker} of {name} at width {width}: {too_wide[0]!r}"
        assert out.text.strip(), f"{maker} of {name} drew nothing"
