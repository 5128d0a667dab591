"""als-fit: train and held-out RMSE versus k, from the learner's `als` and `rmse` on synthetic data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding

from tutor.widgets.playgrounds.base import Playground

KS = tuple(range(1, 9))


@lru_cache(maxsize=1)
def synthetic_ratings():
    """A 30x20 rank-3 matrix plus noise; half the entries observed for training, the rest held out."""
    import numpy as np

    rng = np.random.default_rng(11)
    R = rng.standard_normal((30, 3)) @ rng.standard_normal((3, 20)) + 0.3 * rng.standard_normal((30, 20))
    train = rng.random(R.shape) < 0.5
    return R, train


class AlsPlayground(Playground):
    """Fits `als(R, mask, k)` for k = 1..8 and plots `rmse` on training and held-out entries."""

    BINDINGS = [Binding("r", "rerun", "Re-run", tooltip="Fit the factorizations again")]
    CONTROLS = ("30×20 ratings of true rank 3 plus noise, half observed. [b]r[/b]: re-run. "
                "Training error keeps falling with k; held-out error does not.")

    def action_rerun(self) -> None:
        self.redraw()

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import LineChart

        R, train = synthetic_ratings()
        held_out = ~train
        train_rmse, test_rmse = [], []
        self.report(0, len(KS))
        for done, k in enumerate(KS, 1):
            U, V = self.call(source, "als", R, train, k, lam=0.1, iters=20, seed=0)
            train_rmse.append(float(self.call(source, "rmse", R, train, U, V)))
            test_rmse.append(float(self.call(source, "rmse", R, held_out, U, V)))
            self.report(done, len(KS))
        best = KS[int(np.argmin(test_rmse))]
        chart = LineChart(list(KS), {"train RMSE": train_rmse, "held-out RMSE": test_rmse},
                          title="RMSE versus k (als with lam=0.1, 20 iterations)", height=8)
        return Group(chart, Text(f"lowest held-out RMSE at k = {best} (the data's true rank is 3)", style="bold"))
