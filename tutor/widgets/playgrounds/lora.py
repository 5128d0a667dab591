"""lora: an r control redraws the adapter B A from `lora_from_delta(ΔW, r)` beside the weight
difference ΔW and what it misses, with the parameters it stores, its error against the
Eckart-Young optimum, and the spectrum of ΔW.

ΔW is a planted low-rank change plus noise (`weight_difference`), a new draw on "r". It is
16×24 so that the three heatmaps sit side by side, one character per entry, from 80 columns up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive

from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.text import assemble

if TYPE_CHECKING:
    import numpy as np

D_OUT, D_IN = 16, 24
RANK = min(D_OUT, D_IN)
"""The largest r the slider reaches: lora_from_delta refuses r > min(d_out, d_in)."""
NOISE = 0.05
"""The standard deviation of the noise on the planted change."""


def weight_difference(seed: int) -> tuple[np.ndarray, int]:
    """A 16×24 ΔW and its planted rank p: p (2 to 5, from ``seed``) rank-one changes of
    strengths between 2 and 8 in random orthonormal directions, plus Gaussian noise of standard
    deviation `NOISE`, whose singular values stay far under the planted ones."""
    import numpy as np

    rng = np.random.default_rng(seed)
    planted = int(rng.integers(2, 6))
    U = np.linalg.qr(rng.standard_normal((D_OUT, planted)))[0]
    V = np.linalg.qr(rng.standard_normal((D_IN, planted)))[0]
    strengths = np.sort(rng.uniform(2.0, 8.0, planted))[::-1]
    delta = (U * strengths) @ V.T + NOISE * rng.standard_normal((D_OUT, D_IN))
    return delta, planted


def factors(reply: Any, r: int) -> tuple[np.ndarray, np.ndarray]:
    """``reply`` as the (B, A) of rank r for ΔW; ValueError saying in a line what is wrong."""
    import numpy as np

    call = f"lora_from_delta(ΔW, {r})"
    if not isinstance(reply, (tuple, list)) or len(reply) != 2:
        raise ValueError(f"{call} returned {type(reply).__name__}; it should return the pair (B, A)")
    try:
        B, A = (np.asarray(factor, dtype=float) for factor in reply)
    except (TypeError, ValueError):
        raise ValueError(f"{call} returned a pair that is not two arrays of numbers") from None
    if B.shape != (D_OUT, r) or A.shape != (r, D_IN):
        raise ValueError(f"{call} returned B of shape {B.shape} and A of shape {A.shape}; "
                         f"ΔW is {D_OUT}×{D_IN}, so B should be {(D_OUT, r)} and A {(r, D_IN)}")
    return B, A


def figures(delta: np.ndarray, s: np.ndarray, product: np.ndarray, r: int) -> list[Text]:
    """The lines under the heatmaps: what the adapter B A = ``product`` stores, and its error
    against the best of rank r, from the singular values ``s`` of ΔW."""
    import numpy as np

    size = float(np.linalg.norm(delta))
    error = float(np.linalg.norm(delta - product)) / size
    optimum = float(np.sqrt(np.sum(s[r:] ** 2))) / size
    good = bool(error <= optimum * (1 + 1e-6) + 1e-9)
    stored = r * (D_IN + D_OUT)
    return [
        Text.assemble(("parameters ", "bold"), f"r (d_in + d_out) = {r}·({D_IN} + {D_OUT}) = {stored}, "
                      f"d_in·d_out = {D_IN * D_OUT}: ", (f"{stored / (D_IN * D_OUT):.1%}", "bold")),
        Text.assemble(("relative error ", "bold"), f"‖ΔW − B A‖_F / ‖ΔW‖_F = {error:.4g}"),
        Text.assemble(("Eckart–Young optimum ", "bold"), f"√(Σ_{{i>r}} s_i²) / ‖ΔW‖_F = {optimum:.4g}  ",
                      ("✓ optimal" if good else "✗ above the optimum", "green" if good else "bold red")),
    ]


class LoraPlayground(Playground):
    """ΔW, the rank-r adapter B A from `lora_from_delta`, the difference, and the spectrum."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "change_r(-1)", "r−1", show=False, tooltip="An adapter of one rank less"),
        Binding("right,plus,equals_sign", "change_r(1)", "r+1", show=False, tooltip="An adapter of one rank more"),
        Binding("r", "rerun", "New ΔW", show=False, tooltip="A new weight difference (the next seed)"),
    ]

    rank: reactive[int] = reactive(2)
    """The adapter's rank r, from 1 to `RANK`."""

    def watch_rank(self) -> None:
        self.changed()

    def action_change_r(self, step: int) -> None:
        self.rank = max(1, min(RANK, self.rank + step))

    def controls(self) -> Content:
        return assemble(("←/→", "bold"), " or ", ("−/+", "bold"), f": change r (now {self.rank}, from 1 to {RANK}) · ",
                        ("r", "bold"), f": a new ΔW (seed {self.seed})")

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import HeatmapRow, Spectrum

        r, seed = self.rank, self.seed
        delta, planted = weight_difference(seed)
        reply = self.call(source, "lora_from_delta", delta, r)
        try:
            B, A = factors(reply, r)
        except ValueError as problem:
            return Text(str(problem), style="bold red")
        product, s = B @ A, np.linalg.svd(delta, compute_uv=False)
        vmax = float(np.abs(delta).max())
        row = HeatmapRow([(delta, f"ΔW ({D_OUT}×{D_IN})"), (product, f"B A (rank ≤ {r})"),
                          (delta - product, "ΔW − B A")], vmin=-vmax, vmax=vmax, cmap="diverging")
        return Group(
            Text(f"lora_from_delta(ΔW, {r}) · ΔW = a rank-{planted} change + noise σ = {NOISE:g} (seed {seed})",
                 style="bold"),
            row,
            *figures(delta, s, product, r),
            Text(),
            Spectrum(s, k=r, height=5,
                     title="Singular values of ΔW (the first r are kept)"),
        )
