"""svd: a k control redraws the rank-k reconstruction from `truncated_svd`, its error and the
spectrum; A, A_k and A - A_k share one colour scale and one size at every width."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive

from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.text import assemble

if TYPE_CHECKING:
    import numpy as np

ROWS, COLS = 12, 18


@lru_cache(maxsize=1)
def demo_matrix() -> np.ndarray:
    """A 12x18 matrix with a few smooth patterns and a little noise: its spectrum decays."""
    import numpy as np

    rows, cols = np.linspace(0, 1, ROWS), np.linspace(0, 1, COLS)
    A = (3.0 * np.outer(np.sin(2 * np.pi * rows), np.cos(2 * np.pi * cols))
         + 2.5 * np.outer(np.cos(3 * rows) - 0.5, np.sin(4 * cols))
         + 4.0 * np.outer(rows - 0.5, np.cos(7 * cols))
         + 3.0 * np.outer(np.sin(9 * rows), cols - 0.5)
         + 0.3 * np.random.default_rng(7).standard_normal((ROWS, COLS)))
    return A


class TruncatedSvdPlayground(Playground):
    """A, its rank-k approximation from `truncated_svd`, the difference, and the spectrum."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "change_k(-1)", "k−1", show=False, tooltip="Keep one singular value fewer"),
        Binding("right,plus,equals_sign", "change_k(1)", "k+1", show=False, tooltip="Keep one singular value more"),
    ]

    k: reactive[int] = reactive(2)
    """How many singular values the reconstruction keeps."""

    def watch_k(self) -> None:
        self.changed()

    def controls(self) -> Content:
        return assemble(("←/→", "bold"), " or ", ("−/+", "bold"), f": change k (now {self.k}, from 0 to {ROWS})")

    def action_change_k(self, step: int) -> None:
        self.k = max(0, min(ROWS, self.k + step))

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import HeatmapRow, Spectrum

        k = self.k
        A = demo_matrix()
        Ak = np.asarray(self.call(source, "truncated_svd", A, k), dtype=float)
        s = np.linalg.svd(A, compute_uv=False)
        if Ak.shape != A.shape:
            return Text(f"truncated_svd(A, {k}) returned shape {Ak.shape}; A is {A.shape}", style="bold red")
        error, optimum = float(np.linalg.norm(A - Ak)), float(np.sqrt(np.sum(s[k:] ** 2)))
        vmax = float(np.abs(A).max())
        row = HeatmapRow([(A, f"A ({ROWS}×{COLS})"), (Ak, f"A_{k} (rank ≤ {k})"), (A - Ak, f"A − A_{k}")],
                         vmin=-vmax, vmax=vmax, cmap="diverging")
        good = error <= optimum * (1 + 1e-6) + 1e-9
        verdict = Text.assemble(
            ("‖A − A_k‖_F = ", "bold"), f"{error:.4g}", " · optimum √(Σ_{i>k} s_i²) = ", f"{optimum:.4g} ",
            ("✓ optimal" if good else "✗ above the optimum", "green" if good else "bold red"),
        )
        kept = float(np.sum(s[:k] ** 2) / np.sum(s ** 2))
        return Group(
            Text(f"A_{k} = truncated_svd(A, {k}): keeps {kept:.1%} of the energy Σ s_i²", style="bold"),
            row,
            verdict,
            Text(),
            Spectrum(s, k=k, title="Singular values of A (the first k are kept)", height=5),
        )
