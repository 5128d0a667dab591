"""The lesson-author API: computed values, formulas and figures for a lesson's Markdown.

A lesson is Markdown plus an optional companion module (``module = "lessons/02_svd.py"`` in the
lesson's pack.toml entry). The Markdown refers to what the module computes:

- ``{{ name }}`` inline: the value returned by ``@value def name()`` (ints as they are, floats
  to 4 significant digits unless the function returns a string it formatted itself);
- a fenced block whose info string is ``formula name``: ``@formula def name()`` returns a SymPy
  expression (or a string); it is shown pretty-printed in Unicode, never as raw LaTeX;
- a fenced block whose info string is ``figure name``: ``@figure def name()`` returns a
  `Figure`, which the app draws (heatmaps, spectra, curves, attention patterns).

Example companion module::

    import numpy as np
    from tutor.lessonkit import Figure, figure, formula, value

    A = np.random.default_rng(0).standard_normal((6, 4))

    @value
    def top_singular_value():
        return np.linalg.svd(A, compute_uv=False)[0]

    @formula
    def error():
        import sympy as sp
        s = sp.IndexedBase("s"); i, k, r = sp.symbols("i k r", integer=True)
        return sp.Eq(sp.Symbol("‖A - A_k‖_F"), sp.sqrt(sp.Sum(s[i] ** 2, (i, k + 1, r))))

    @figure
    def spectrum():
        return Figure.spectrum(np.linalg.svd(A, compute_uv=False), k=2, title="Singular values of A")

Every number a lesson shows must be computed this way, never typed into the Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Figure", "figure", "formula", "value"]

FIGURE_KINDS = ("heatmap", "matrix", "spectrum", "energy", "line", "attention", "heads", "row")


@dataclass(frozen=True)
class Figure:
    """A picture as data; the app chooses how to draw it. Build one with the class methods."""

    kind: str
    title: str = ""
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    children: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in FIGURE_KINDS:
            raise ValueError(f"unknown figure kind {self.kind!r}; one of {', '.join(FIGURE_KINDS)}")

    @classmethod
    def heatmap(cls, matrix: Any, title: str = "", *, cmap: str = "auto",
                vmin: float | None = None, vmax: float | None = None) -> Figure:
        """A matrix as a heatmap (diverging colours around zero, or sequential for weights).

        `vmin` and `vmax` fix the colour range (default: from the data); give several heatmaps
        the same range to compare them on one colour scale.
        """
        options = {"cmap": cmap, "vmin": None if vmin is None else float(vmin),
                   "vmax": None if vmax is None else float(vmax)}
        return cls("heatmap", title, {"matrix": np.asarray(matrix, dtype=float)}, options)

    @classmethod
    def matrix(cls, matrix: Any, title: str = "", *, precision: int = 3) -> Figure:
        """A matrix printed with its values."""
        return cls("matrix", title, {"matrix": np.asarray(matrix)}, {"precision": precision})

    @classmethod
    def spectrum(cls, singular_values: Any, title: str = "", *, k: int | None = None, log: bool = False) -> Figure:
        """Singular values as bars; the first k (kept) stand out from the dropped ones."""
        return cls("spectrum", title, {"s": np.asarray(singular_values, dtype=float)}, {"k": k, "log": log})

    @classmethod
    def energy(cls, singular_values: Any, title: str = "", *, k: int | None = None) -> Figure:
        """Cumulative energy: the share of sum(s_i^2) captured by the first i singular values."""
        return cls("energy", title, {"s": np.asarray(singular_values, dtype=float)}, {"k": k})

    @classmethod
    def line(cls, xs: Sequence[float], series: dict[str, Sequence[float]], title: str = "", *,
             xlabel: str = "", ylabel: str = "") -> Figure:
        """One or more curves over the same x values (e.g. train and held-out RMSE versus k)."""
        arrays = {"x": np.asarray(xs, dtype=float)}
        arrays.update({f"y:{name}": np.asarray(ys, dtype=float) for name, ys in series.items()})
        return cls("line", title, arrays, {"xlabel": xlabel, "ylabel": ylabel, "series": list(series)})

    @classmethod
    def attention(cls, weights: Any, title: str = "", *, labels: Sequence[str] | None = None) -> Figure:
        """An attention weight matrix (rows are queries, each summing to 1)."""
        return cls("attention", title, {"weights": np.asarray(weights, dtype=float)},
                   {"labels": list(labels) if labels else None})

    @classmethod
    def heads(cls, patterns: Sequence[Any], title: str = "", *, titles: Sequence[str] | None = None) -> Figure:
        """Several heads' attention patterns side by side."""
        arrays = {f"head:{i}": np.asarray(p, dtype=float) for i, p in enumerate(patterns)}
        return cls("heads", title, arrays, {"titles": list(titles) if titles else None})

    @classmethod
    def row(cls, figures: Sequence[Figure], title: str = "") -> Figure:
        """Figures side by side (wrapping when the terminal is narrow)."""
        return cls("row", title, children=tuple(figures))


def _mark(kind: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    def mark(func: Callable[[], Any]) -> Callable[[], Any]:
        setattr(func, "__lesson_kind__", kind)  # noqa: B010 (a function's own attribute: mypy allows only setattr)
        return func

    return mark


value = _mark("value")
value.__doc__ = "Mark a function of no arguments whose result fills ``{{ name }}`` in the lesson."
formula = _mark("formula")
formula.__doc__ = "Mark a function returning a SymPy expression (or string) for a ```formula name``` block."
figure = _mark("figure")
figure.__doc__ = "Mark a function returning a `Figure` for a ```figure name``` block."
