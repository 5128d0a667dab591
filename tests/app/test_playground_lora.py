"""The lora playground on lora-from-delta: r on the arrow keys, the adapter's parameters and
its error against the Eckart-Young optimum computed here, a re-run on a new seed, the layout
at 80x24, 100x30 and 120x40, and learner code that raises or returns the wrong shapes."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.console import Console
from textual.widgets import Static

from tutor.widgets.playgrounds.lora import D_IN, D_OUT, RANK, weight_difference

from .test_app import SIZE, save_text, settle, text_of
from .test_playgrounds import LEGEND, _controls, _parts, _picture, _playground, _press


def _figures(picture: str) -> tuple[str, str]:
    """The relative error and the optimum as printed."""
    error = re.search(r"‖ΔW − B A‖_F / ‖ΔW‖_F = (\S+)", picture)
    optimum = re.search(r"√\(Σ_\{i>r\} s_i²\) / ‖ΔW‖_F = (\S+)", picture)
    assert error and optimum, picture
    return error.group(1), optimum.group(1)


def _eckart_young(seed: int, r: int) -> float:
    """The best rank-r relative error for the playground's ΔW of ``seed``, from its spectrum."""
    delta, _ = weight_difference(seed)
    s = np.linalg.svd(delta, compute_uv=False)
    return float(np.sqrt(np.sum(s[r:] ** 2) / np.sum(s**2)))


async def test_lora_r_changes_the_adapter_and_its_error_is_the_optimum(make_app):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "lora-from-delta")
        assert "reference solution" in text_of(screen.query_one("#pg-owner"))
        assert f"now 2, from 1 to {RANK}" in _controls(screen) and "seed 0" in _controls(screen)
        first = _picture(screen)
        assert "lora_from_delta(ΔW, 2)" in first and LEGEND.search(first) and "✓ optimal" in first
        assert f"= 2·({D_IN} + {D_OUT}) = {2 * (D_IN + D_OUT)}, d_in·d_out = {D_IN * D_OUT}: 20.8%" in first
        assert _figures(first) == (f"{_eckart_young(0, 2):.4g}",) * 2

        await _press(app, pilot, "right", "right", "plus")
        picture = _picture(screen)
        assert "now 5," in _controls(screen) and "lora_from_delta(ΔW, 5)" in picture
        assert f"= 5·({D_IN} + {D_OUT}) = 200, d_in·d_out = 384: 52.1%" in picture
        assert _figures(picture) == (f"{_eckart_young(0, 5):.4g}",) * 2 and _figures(picture) != _figures(first)
        delta, product, rest = (matrix.values for matrix in _parts(screen)[1].matrices)
        assert np.array_equal(delta, weight_difference(0)[0]) and np.allclose(rest, delta - product)
        assert np.linalg.matrix_rank(product) == 5

        await _press(app, pilot, *["left"] * 6)
        assert "now 1," in _controls(screen) and "lora_from_delta(ΔW, 1)" in _picture(screen)
        await _press(app, pilot, *["right"] * (RANK + 2))
        picture = _picture(screen)
        assert f"now {RANK}," in _controls(screen) and f"lora_from_delta(ΔW, {RANK})" in picture
        assert _figures(picture)[1] == "0" and "✓ optimal" in picture  # full rank: nothing dropped
        assert f"{RANK * (D_IN + D_OUT)}, d_in·d_out = 384: 166.7%" in picture  # more than ΔW itself

        await _press(app, pilot, "r")
        again = _picture(screen)
        assert "a new ΔW (seed 1)" in _controls(screen) and "(seed 1)" in again
        assert np.array_equal(_parts(screen)[1].matrices[0].values, weight_difference(1)[0])
        await _press(app, pilot, "left")
        assert _figures(_picture(screen)) == (f"{_eckart_young(1, RANK - 1):.4g}",) * 2


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_lora_heatmaps_side_by_side_and_figures_on_screen(make_app, size):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=size) as pilot:
        screen = await _playground(app, pilot, "lora-from-delta")
        panel, picture = screen.query_one("#playground-panel"), screen.query_one("#pg-picture", Static)
        width = panel.scrollable_content_region.width
        console = Console(width=width, file=io.StringIO(), record=True)
        console.print(picture.content)
        lines = console.export_text().splitlines()
        visible = panel.region.bottom - picture.region.y  # picture rows on screen without scrolling
    blocks = [line for line in lines if "▀" in line]
    assert len(blocks) == D_OUT // 2 and all(line.count("▀" * D_IN) == 3 for line in blocks)  # one cell an entry
    assert all(len(line.rstrip()) <= width for line in lines)
    last = next(i for i, line in enumerate(lines) if "Eckart–Young optimum" in line)
    assert "✓ optimal" in lines[last]  # the figures do not wrap
    assert last < visible  # ... and are on screen without scrolling


RAISES_ON_LARGE = '''
import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r out of range")
    if delta.shape == (16, 24):  # no check uses this size; the playground's delta W does
        raise RuntimeError("[bold]too big[/bold] for my adapter")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] * s[:r], Vt[:r]
'''


async def test_lora_learner_code_that_raises_is_shown_not_fatal(make_app):
    """Code that passes every check yet raises on the playground's ΔW (16×24)."""
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "lora-from-delta")
        await pilot.press("f3")
        await save_text(app, pilot, screen, RAISES_ON_LARGE)
        await _press(app, pilot, "f5")
        assert "your code" in text_of(screen.query_one("#pg-owner"))
        shown = text_of(screen.query_one("#pg-picture"))
        assert "lora_from_delta() failed" in shown and "[bold]too big[/bold] for my adapter" in shown
        await _press(app, pilot, "right")
        assert "now 3," in _controls(screen) and "[bold]too big[/bold]" in text_of(screen.query_one("#pg-picture"))


SWAPPED = '''
import numpy as np


def lora_from_delta(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return Vt[:r].T, (U[:, :r] * s[:r]).T
'''


async def test_lora_factors_of_the_wrong_shape_are_named(make_app, tmp_path):
    source = tmp_path / "swapped.py"
    source.write_text(SWAPPED)
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "lora-from-delta")
        screen.query_one("#playground-panel").use(source, "your code (swapped.py)")
        await settle(app, pilot)
        shown = " ".join(_picture(screen).split())
        assert "✓" not in shown and f"B of shape ({D_IN}, 2) and A of shape (2, {D_OUT})" in shown
        assert f"B should be ({D_OUT}, 2) and A (2, {D_IN})" in shown
