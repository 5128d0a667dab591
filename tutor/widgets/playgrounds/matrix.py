"""matrix: the exercise's first function applied to a random matrix, input and output drawn as
heatmaps, new data on "r". A playground any pack can use for a function of one matrix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content

from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.text import assemble

if TYPE_CHECKING:
    import numpy as np

SHAPE = (6, 8)


def random_matrix(seed: int) -> np.ndarray:
    """A 6x8 matrix of standard normal entries, one column of zeros (an edge case worth seeing)."""
    import numpy as np

    A = np.random.default_rng(seed).standard_normal(SHAPE)
    A[:, seed % SHAPE[1]] = 0.0
    return A


class MatrixPlayground(Playground):
    """``f(A)`` for the exercise's first function f, beside A."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rerun", "New matrix", show=False, tooltip="Draw a new random matrix (the next seed)"),
    ]

    @property
    def function(self) -> str:
        return self.exercise.functions[0]

    def controls(self) -> Content:
        return assemble(("r", "bold"), f": a new random {SHAPE[0]}×{SHAPE[1]} matrix (seed {self.seed}; "
                        f"column {self.seed % SHAPE[1]} is all zeros)")

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import Heatmap

        A = random_matrix(self.seed)
        value = self.call(source, self.function, A)
        try:
            out = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return Text(f"{self.function}(A) returned {type(value).__name__}, not an array of numbers",
                        style="bold red")
        grid = Table.grid(padding=(0, 3))
        grid.add_row(Heatmap(A, title=f"A (seed {self.seed})"), Heatmap(out, title=f"{self.function}(A)"))
        return Group(grid)
