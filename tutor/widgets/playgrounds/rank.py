"""rank: a tolerance slider over a matrix's spectrum; the learner's `numerical_rank(A, tol)`
against the count of singular values above it, and the default tolerance's answer."""

from __future__ import annotations

from numbers import Integral
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

ROWS, COLS = 12, 10
EXPONENTS = tuple(range(1, -18, -1))
"""The slider's stops: tol = 10^e for e from 1 down to -17."""


def spectrum_matrix(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A 12x10 matrix and its singular values: a few large ones, then a tail spread over many
    decades down to rounding noise, in random directions fixed by ``seed``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    signal = int(rng.integers(2, 6))
    s = np.sort(np.concatenate([rng.uniform(1.0, 10.0, signal),
                                10.0 ** rng.uniform(-16.0, -2.0, COLS - signal)]))[::-1]
    U, _ = np.linalg.qr(rng.standard_normal((ROWS, COLS)))
    V, _ = np.linalg.qr(rng.standard_normal((COLS, COLS)))
    A = (U * s) @ V.T
    return A, np.linalg.svd(A, compute_uv=False)


def slider(position: int, stops: int, width: int = 36) -> Text:
    """A one-line slider: ``1e+01 ─────●───────── 1e-17``."""
    at = round(position / max(stops - 1, 1) * (width - 1))
    track = Text("─" * at, style="dim")
    track.append("●", style="bold")
    track.append("─" * (width - 1 - at), style="dim")
    return Text.assemble((f"1e{EXPONENTS[0]:+03d} ", "dim"), track, (f" 1e{EXPONENTS[-1]:+03d}", "dim"))


class RankPlayground(Playground):
    """The spectrum of A with tol moved by the arrow keys; `numerical_rank` answers at each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "tol(-1)", "Larger tol", show=False, tooltip="Raise the tolerance tenfold"),
        Binding("right,plus,equals_sign", "tol(1)", "Smaller tol", show=False, tooltip="Lower the tolerance tenfold"),
        Binding("r", "rerun", "New matrix", show=False, tooltip="A new matrix with a new spectrum (the next seed)"),
    ]

    stop: reactive[int] = reactive(EXPONENTS.index(-6))
    """Where the slider is: tol = 10 ** EXPONENTS[stop]."""

    @property
    def tol(self) -> float:
        return 10.0 ** EXPONENTS[self.stop]

    def watch_stop(self) -> None:
        self.changed()

    def action_tol(self, step: int) -> None:
        self.stop = max(0, min(len(EXPONENTS) - 1, self.stop + step))

    def controls(self) -> Content:
        return assemble(("←/→", "bold"), f": tol ×10 / ÷10 (now {self.tol:.0e}) · ", ("r", "bold"),
                        f": a new matrix (seed {self.seed})")

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import Spectrum

        A, s = spectrum_matrix(self.seed)
        tol = self.tol
        above = int(np.count_nonzero(s > tol))
        default_tol = float(s[0] * max(A.shape) * np.finfo(np.float64).eps)
        default_rank = int(np.count_nonzero(s > default_tol))
        rank = self.call(source, "numerical_rank", A, tol)
        rank_default = self.call(source, "numerical_rank", A)
        lines = [_answer(f"numerical_rank(A, tol={tol:.0e})", rank, above, f"{above} singular values above tol"),
                 _answer("numerical_rank(A)", rank_default, default_rank,
                         f"default tol = s_max · max(m, n) · eps = {default_tol:.1e}")]
        return Group(
            slider(self.stop, len(EXPONENTS)),
            Text(),
            Spectrum(s, k=above, log=True, height=6,
                     title=f"Singular values of A ({ROWS}×{COLS}), log scale: kept = above tol {tol:.0e}"),
            Text(),
            *lines,
        )


def _answer(call: str, got: object, expected: int, why: str) -> Text:
    """``✓ numerical_rank(A) = 4  (why)``, or ✗ when the learner's answer is not ``expected``."""
    ok = isinstance(got, Integral) and not isinstance(got, bool) and int(got) == expected
    mark = ("✓", "green") if ok else ("✗", "bold red")
    return Text.assemble(mark, f" {call} = {got!r}", (f"  ({why})", "dim"))
