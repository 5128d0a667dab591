"""Every renderable takes any text (titles, labels, series names) without failing, and what the
app draws through `Guarded` is printable: no control sequence, no lone surrogate."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from tutor.core.lessonapi import Figure
from tutor.render import (
    AttentionGrid,
    DiffTriple,
    EnergyCurve,
    HeadGrid,
    Heatmap,
    HeatmapRow,
    LineChart,
    MatrixTable,
    Spectrum,
)
from tutor.render.figure import Guarded, render_figure

SPECIAL = ["[", "[/]", "[b]x[/b]", "\\", "\\[", "[$text-muted]x[/]", "R[i, mask[i]]", "\x1b[2J\x1b[31m", "\x00\x07\r\n",
           "\ud800", "漢字かな", "é́", "\t", "]", "[[", "a" * 400]

awkward = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40),
    st.builds(lambda part, times: part * times, st.sampled_from(SPECIAL), st.integers(1, 60)),
)


def renderables(text: str) -> list[RenderableType]:
    """One of each renderable with ``text`` in every place text goes."""
    A = np.arange(12.0).reshape(3, 4)
    weights = np.full((3, 3), 1 / 3)
    figures = [
        Figure.heatmap(A, title=text), Figure.matrix(A, title=text), Figure.spectrum([3.0, 2.0, 1.0], title=text),
        Figure.energy([3.0, 2.0, 1.0], title=text),
        Figure.line([1, 2, 3], {text: [1.0, 2.0, 3.0]}, title=text, xlabel=text, ylabel=text),
        Figure.attention(weights, title=text, labels=[text, text, text]),
        Figure.heads([weights, weights], title=text, titles=[text, text]),
    ]
    figures.append(Figure.row(figures[:2], title=text))
    return [
        Heatmap(A, title=text), MatrixTable(A, title=text), DiffTriple(A, A + 1, title=text),
        Spectrum([3.0, 2.0, 1.0], title=text), EnergyCurve([3.0, 2.0, 1.0], title=text),
        LineChart([1, 2, 3], {text: [1.0, 2.0, 3.0], text + "2": [3.0, 2.0, 1.0]}, title=text),
        AttentionGrid(weights, title=text, labels=[text, text, text]),
        HeadGrid([weights, weights], titles=[text, text]),
        HeatmapRow([(A, text), (A, text)], title=text),
        *(render_figure(figure) for figure in figures),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=awkward, width=st.integers(8, 120))
def test_any_text_in_any_renderable(text, width):
    console = Console(width=width, file=io.StringIO(), record=True, color_system="truecolor", force_terminal=True)
    for renderable in renderables(text):
        console.print(renderable)  # raw: never raises
        console.print(Guarded(renderable))
    guarded = Console(width=width, file=io.StringIO(), record=True, force_terminal=True)
    for renderable in renderables(text):
        guarded.print(Guarded(renderable))
    drawn = guarded.export_text(styles=False)
    drawn.encode("utf-8")  # no lone surrogate left
    assert "\x1b" not in drawn and "\x00" not in drawn and "⚠" not in drawn  # printable, and nothing failed


def test_a_figure_title_is_drawn_as_written():
    console = Console(width=80, file=io.StringIO(), record=True)
    console.print(Guarded(render_figure(Figure.heatmap(np.eye(2), title="[b]R[i, mask[i]] \\ [/]"))))
    assert "[b]R[i, mask[i]] \\ [/]" in console.export_text()
