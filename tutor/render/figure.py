"""Draw a lesson `Figure` (plain data from `tutor.lessonkit`) with the renderables of this package.

Pure Rich, no Textual: the app puts the result in a `Static`. A figure that cannot be drawn
becomes a red line saying why, never an exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from tutor.core.text import printable

if TYPE_CHECKING:
    from tutor.core.lessonapi import Figure

__all__ = ["Guarded", "figure_error", "render_figure"]


def figure_error(message: str) -> Text:
    """How a figure that failed is shown in its place."""
    return Text(f"⚠ {printable(message)}", style="bold red")


class Guarded:
    """Draws a renderable, or an error line in its place if drawing it raises; and only
    printable text either way.

    Renderables draw lazily (at the width they are given), so a bad array can fail long after
    the renderable was built; this keeps that failure on one line of the screen. Titles and
    labels come from packs and learner code, so every piece of text drawn is made printable
    (no control sequence reaches the terminal) and control segments are dropped.
    """

    def __init__(self, renderable: RenderableType, what: str = "figure") -> None:
        self.renderable = renderable
        self.what = what

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        try:
            return Measurement.get(console, options, self.renderable)
        except Exception:
            return Measurement(1, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        try:
            segments = list(console.render(self.renderable, options))
        except Exception as exc:
            yield figure_error(f"{self.what} could not be drawn: {type(exc).__name__}: {exc}")
            return
        for segment in segments:
            if segment.control:
                continue
            text = segment.text
            yield segment if text.isprintable() or text == "\n" else Segment(printable(text), segment.style)


def _title(title: str) -> Text | None:
    return Text(title, style="bold") if title else None


def _heatmap(figure: Figure) -> RenderableType:
    from tutor.render import Heatmap

    return Heatmap(figure.arrays["matrix"], title=_title(figure.title), cmap=figure.options.get("cmap", "auto"),
                   vmin=figure.options.get("vmin"), vmax=figure.options.get("vmax"))


def _matrix(figure: Figure) -> RenderableType:
    from tutor.render import MatrixTable

    return MatrixTable(figure.arrays["matrix"], title=_title(figure.title),
                       precision=int(figure.options.get("precision", 3)))


def _spectrum(figure: Figure) -> RenderableType:
    from tutor.render import Spectrum

    return Spectrum(figure.arrays["s"], k=figure.options.get("k"), title=_title(figure.title),
                    log=bool(figure.options.get("log", False)))


def _energy(figure: Figure) -> RenderableType:
    from tutor.render import EnergyCurve

    return EnergyCurve(figure.arrays["s"], k=figure.options.get("k"), title=_title(figure.title))


def _line(figure: Figure) -> RenderableType:
    from tutor.render import LineChart

    names = figure.options.get("series") or [key[2:] for key in figure.arrays if key.startswith("y:")]
    series: dict[str, object] = {str(name): figure.arrays[f"y:{name}"] for name in names}
    chart = LineChart(figure.arrays["x"], series, title=_title(figure.title))
    xlabel, ylabel = figure.options.get("xlabel") or "", figure.options.get("ylabel") or ""
    if not (xlabel or ylabel):
        return chart
    axes = " · ".join(part for part in (f"x: {xlabel}" if xlabel else "", f"y: {ylabel}" if ylabel else "") if part)
    return Group(chart, Text(axes, style="dim"))


def _attention(figure: Figure) -> RenderableType:
    from tutor.render import AttentionGrid

    return AttentionGrid(figure.arrays["weights"], title=_title(figure.title), labels=figure.options.get("labels"),
                         mask=figure.arrays.get("mask"))


def _heads(figure: Figure) -> RenderableType:
    from tutor.render import HeadGrid

    keys = sorted((key for key in figure.arrays if key.startswith("head:")), key=lambda key: int(key[5:]))
    masks = [figure.arrays.get(f"mask:{key[5:]}") for key in keys]
    grid = HeadGrid([figure.arrays[key] for key in keys], titles=figure.options.get("titles"),
                    masks=masks if any(mask is not None for mask in masks) else None)
    title = _title(figure.title)
    return Group(title, grid) if title else grid


def _row(figure: Figure) -> RenderableType:
    children = [render_figure(child) for child in figure.children]
    body = Columns(children, padding=(1, 3)) if children else Text("(empty figure)", style="dim")
    title = _title(figure.title)
    return Group(title, body) if title else body


_DRAW = {
    "heatmap": _heatmap,
    "matrix": _matrix,
    "spectrum": _spectrum,
    "energy": _energy,
    "line": _line,
    "attention": _attention,
    "heads": _heads,
    "row": _row,
}


def render_figure(figure: Any) -> RenderableType:
    """A Rich renderable for ``figure``; an unknown kind or bad data gives an error line instead."""
    draw = _DRAW.get(str(getattr(figure, "kind", "")))
    if draw is None:
        return figure_error(f"cannot draw a figure of kind {getattr(figure, 'kind', type(figure).__name__)!r}")
    try:
        return Guarded(draw(figure), f"figure {figure.title or figure.kind!r}")
    except Exception as exc:  # bad author data: shown in place of the figure
        return figure_error(f"figure {figure.title or figure.kind!r} could not be drawn: {type(exc).__name__}: {exc}")
