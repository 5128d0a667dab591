"""als: train and held-out RMSE against k from the learner's `als` and `rmse`, with lambda and
the highlighted k on the arrow keys, and the fit at that k drawn beside the ratings.

The ratings come from `ratings()`: synthetic ones with a planted rank (tutor.data.synthetic),
a new draw on "r". The fits of one draw and one lambda are kept, so moving k redraws at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive

from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.text import assemble

KS = tuple(range(1, 9))
LAMBDAS = (0.0, 0.01, 0.1, 1.0, 10.0)
USERS, ITEMS, TRUE_RANK = 30, 20, 3


@dataclass(frozen=True)
class Ratings:
    R: Any
    train: Any
    """Observed entries the fit sees."""
    held_out: Any
    """Observed entries kept back to judge it."""
    source: str
    """Where the ratings come from, in words."""


MOVIELENS_USERS, MOVIELENS_ITEMS = 300, 500
"""The part of MovieLens the playground fits: its most active users and most rated movies (the
whole 610 x 9,724 matrix would cross to the learner's process at every k of every redraw)."""
_movielens_cache: list[Any] = []


def movielens_ratings(seed: int) -> Ratings | None:
    """Real ratings (MovieLens latest-small, kept by `latent-tutor data fetch movielens`) when
    they are on this machine, else None: the most active users and most rated movies, a
    fifth of their ratings held out (drawn with ``seed``)."""
    import numpy as np

    from tutor.data import movielens
    from tutor.data.synthetic import split_ratings

    if not movielens.is_present():
        return None
    if not _movielens_cache:
        try:
            data = movielens.load()
        except (OSError, ValueError):
            return None
        users = np.sort(np.argsort(-data.mask.sum(axis=1), kind="stable")[:MOVIELENS_USERS])
        items = np.sort(np.argsort(-data.mask.sum(axis=0), kind="stable")[:MOVIELENS_ITEMS])
        _movielens_cache.append((data.R[np.ix_(users, items)], data.mask[np.ix_(users, items)]))
    R, mask = _movielens_cache[0]
    train, held_out = split_ratings(mask, holdout=0.2, seed=seed)
    return Ratings(R, train, held_out, f"MovieLens latest-small: its {R.shape[0]} most active users x "
                                       f"{R.shape[1]} most rated movies")


def synthetic_ratings(seed: int) -> Ratings:
    """30 users × 20 items of true rank 3 plus noise, 60% observed, a fifth of those held out."""
    from tutor.data.synthetic import split_ratings
    from tutor.data.synthetic import synthetic_ratings as draw

    R, mask = draw(USERS, ITEMS, TRUE_RANK, density=0.6, noise=0.3, seed=seed)
    train, held_out = split_ratings(mask, holdout=0.2, seed=seed)
    return Ratings(R, train, held_out, f"synthetic: {USERS}×{ITEMS} ratings of true rank {TRUE_RANK} plus noise")


def ratings(seed: int) -> Ratings:
    """The ratings to fit: MovieLens when present, else synthetic ones."""
    return movielens_ratings(seed) or synthetic_ratings(seed)


@dataclass(frozen=True)
class Fits:
    """`als` at every k in KS for one draw and one lambda: RMSEs and the predictions."""

    train_rmse: tuple[float, ...]
    test_rmse: tuple[float, ...]
    predictions: tuple[Any, ...]


class AlsPlayground(Playground):
    """Fits `als(R, mask, k, lam)` for k = 1..8 and plots `rmse` on training and held-out entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,minus", "lam(-1)", "λ smaller", show=False, tooltip="Less regularization"),
        Binding("right,plus,equals_sign", "lam(1)", "λ larger", show=False, tooltip="More regularization"),
        Binding("up", "k(-1)", "k−1", show=False, tooltip="Highlight a smaller k"),
        Binding("down", "k(1)", "k+1", show=False, tooltip="Highlight a larger k"),
        Binding("r", "rerun", "New ratings", show=False, tooltip="Draw new ratings and a new split (the next seed)"),
    ]

    lam_stop: reactive[int] = reactive(LAMBDAS.index(0.1))
    """Which regularization strength: lam = LAMBDAS[lam_stop]."""
    k: reactive[int] = reactive(TRUE_RANK)
    """The k whose fit is drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fits: dict[tuple[str, int, float], Fits] = {}

    @property
    def lam(self) -> float:
        return LAMBDAS[self.lam_stop]

    def watch_lam_stop(self) -> None:
        self.changed()

    def watch_k(self) -> None:
        self.changed()

    def action_lam(self, step: int) -> None:
        self.lam_stop = max(0, min(len(LAMBDAS) - 1, self.lam_stop + step))

    def action_k(self, step: int) -> None:
        self.k = max(KS[0], min(KS[-1], self.k + step))

    def controls(self) -> Content:
        return assemble(("←/→", "bold"), f": λ (now {self.lam:g}) · ", ("↑/↓", "bold"), f": k (now {self.k}) · ",
                        ("r", "bold"), f": new ratings (seed {self.seed})")

    def _fit(self, source: Path, data: Ratings, lam: float) -> Fits:
        import numpy as np

        key = (str(source), self.seed, lam)
        if key in self._fits:
            return self._fits[key]
        train_rmse, test_rmse, predictions = [], [], []
        self.report(0, len(KS))
        for done, k in enumerate(KS, 1):
            U, V = self.call(source, "als", data.R, data.train, k, lam=lam, iters=20, seed=self.seed)
            train_rmse.append(float(self.call(source, "rmse", data.R, data.train, U, V)))
            test_rmse.append(float(self.call(source, "rmse", data.R, data.held_out, U, V)))
            predictions.append(np.asarray(U, dtype=float) @ np.asarray(V, dtype=float).T)
            self.report(done, len(KS))
        fits = Fits(tuple(train_rmse), tuple(test_rmse), tuple(predictions))
        self._fits = {key: fits}  # one draw and lambda at a time: a new source or seed starts afresh
        return fits

    def compute(self, source: Path) -> RenderableType:
        import numpy as np

        from tutor.render import HeatmapRow, LineChart

        lam, k = self.lam, self.k
        data = ratings(self.seed)
        fits = self._fit(source, data, lam)
        best = KS[int(np.argmin(fits.test_rmse))]
        chart = LineChart(list(KS), {"train RMSE": list(fits.train_rmse), "held-out RMSE": list(fits.test_rmse)},
                          title=f"RMSE versus k (als with λ = {lam:g}, 20 iterations, seed {self.seed})", height=8)
        observed = np.where(data.train, data.R, np.nan)
        prediction = fits.predictions[KS.index(k)]
        row = HeatmapRow([(observed, "training ratings (NaN: not seen)"), (prediction, f"U Vᵀ at k = {k}")])
        return Group(
            Text(data.source, style="dim"),
            chart,
            Text.assemble(("lowest held-out RMSE at k = ", "bold"), (str(best), "bold"),
                          f" · at k = {k}: train {fits.train_rmse[KS.index(k)]:.3f}, "
                          f"held-out {fits.test_rmse[KS.index(k)]:.3f}"),
            Text(),
            row,
        )
