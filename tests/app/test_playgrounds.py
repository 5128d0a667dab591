"""Every playground, driven with its keys: what it draws, that each heatmap has its colour
legend, and that a re-run draws new data and says which seed."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
from rich.console import Console
from textual.widgets import Static

from .test_app import SIZE, open_exercise, rich_text, settle, text_of

LEGEND = re.compile(r"(^|\s)-?[\d.]+(e[+-]?\d+)? █+(0█+)? -?[\d.]+(e[+-]?\d+)?")
"""A colour key line: ``-5.9 ██████0██████ 5.9`` or ``0 ████████████ 1``."""


async def _playground(app, pilot, exercise: str):
    screen = await open_exercise(app, pilot, exercise)
    await pilot.press("f5")
    await settle(app, pilot)
    return screen


def _picture(screen) -> str:
    """The picture as text (100 columns)."""
    return rich_text(screen.query_one("#pg-picture", Static).content)


def _parts(screen) -> list:
    """The renderables the picture is made of (inside its Guarded wrapper)."""
    return list(screen.query_one("#pg-picture", Static).content.renderable.renderables)


def _controls(screen) -> str:
    return text_of(screen.query_one("#pg-controls"))


async def _press(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


def test_every_playground_name_has_a_panel():
    from tutor.core.playgrounds import PLAYGROUNDS
    from tutor.widgets.playgrounds import PANELS, playground_classes

    assert set(PANELS) == set(PLAYGROUNDS) and set(playground_classes()) == set(PLAYGROUNDS)


async def test_rank_a_tolerance_slider_over_the_spectrum(make_app):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "rank-numerical")
        assert "now 1e-06" in _controls(screen)
        first = _picture(screen)
        assert "✓ numerical_rank(A, tol=1e-06)" in first and "✓ numerical_rank(A) =" in first
        counts = []
        for _ in range(4):
            counts.append(int(re.search(r"(\d+) singular values above tol", _picture(screen)).group(1)))
            await _press(app, pilot, "left")  # a larger tolerance keeps fewer
        assert "now 1e-10" not in _controls(screen) and "now 1e-02" in _controls(screen)
        assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
        await _press(app, pilot, "r")
        assert "seed 1" in _controls(screen) and _picture(screen) != first


async def test_svd_k_with_a_legend_and_panels_alike_at_60_columns(make_app):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "svd-truncate")
        picture = _picture(screen)
        assert "A_2 = truncated_svd(A, 2)" in picture and "✓ optimal" in picture and LEGEND.search(picture)
        await _press(app, pilot, "right", "right")
        assert "now 4" in _controls(screen) and "A_4 = truncated_svd(A, 4)" in _picture(screen)
        row = _parts(screen)[1]
    console = Console(width=56, file=io.StringIO(), record=True)  # the panel's width at 60 columns
    console.print(row)
    lines = console.export_text().splitlines()
    blocks = [line for line in lines if "▀" in line]
    widths = {len(part) for line in blocks for part in line.split()}
    assert len(blocks) == 6 and widths == {18}  # three panels side by side, all 18 cells wide
    assert all(line.count("▀" * 18) == 3 for line in blocks)


async def test_als_lambda_k_and_a_rerun_on_a_new_seed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "als-fit")
        first = _picture(screen)
        assert "λ = 0.1" in first and "seed 0" in first and "synthetic" in first
        assert len(LEGEND.findall(first)) >= 1
        await _press(app, pilot, "right")
        assert "λ (now 1)" in _controls(screen) and "λ = 1," in _picture(screen)
        await _press(app, pilot, "down")
        assert "k (now 4)" in _controls(screen) and "U Vᵀ at k = 4" in _picture(screen)
        await _press(app, pilot, "r")
        again = _picture(screen)
        assert "new ratings (seed 1)" in _controls(screen) and "seed 1" in again

        def numbers(text):
            return re.findall(r"train (\d\.\d+), held-out (\d\.\d+)", text)

        assert numbers(again) != numbers(first)


async def test_attention_temperature_and_the_causal_mask(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "attn-weights")

        def weights() -> np.ndarray:
            return _parts(screen)[0].matrix.values

        def entropy(w: np.ndarray) -> float:
            return float(-(w * np.log(np.where(w > 0, w, 1))).sum())

        base = entropy(weights())
        assert LEGEND.search(_picture(screen))
        await _press(app, pilot, "right", "right")
        assert "temperature (now 4)" in _controls(screen) and entropy(weights()) > base  # warmer: flatter
        await _press(app, pilot, "left", "left", "left", "left")
        assert "temperature (now 0.25)" in _controls(screen) and entropy(weights()) < base
        await _press(app, pilot, "c")
        assert "causal mask (on)" in _controls(screen) and np.all(np.triu(weights(), 1) == 0)


async def test_heads_a_head_selector(make_app):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "mha-circuits")
        picture = _picture(screen)
        assert "head 0: who attends to whom" in picture and "▶ head 0" in picture
        assert len(LEGEND.findall(picture)) >= 3  # the pattern, the circuit and every head
        await _press(app, pilot, "right")
        picture = _picture(screen)
        assert "now 1 of 0–3" in _controls(screen)
        assert "head 1: who attends to whom" in picture and "▶ head 1" in picture
        await _press(app, pilot, "left", "left")
        assert "now 3 of 0–3" in _controls(screen)


MATRIX_PACK = '''
format = 1
name = "norms"
title = "Norms"

[[lessons]]
id = "norms"
title = "Norms"
text = "lessons/norms.md"

  [[lessons.exercises]]
  id = "normalize"
  title = "Normalize columns"
  file = "normalize.py"
  functions = ["normalize_columns"]
  hidden_checks = "checks/normalize.py"
  playground = "matrix"
'''


def _matrix_pack(root: Path) -> Path:
    solution = ("import numpy as np\n\ndef normalize_columns(A):\n    norms = np.linalg.norm(A, axis=0)\n"
                "    return A / np.where(norms == 0, 1, norms)\n")
    files = {"pack.toml": MATRIX_PACK, "lessons/norms.md": "# Norms\n", "solutions/normalize.py": solution,
             "exercises/normalize.py": "def normalize_columns(A):\n    raise NotImplementedError\n",
             "checks/normalize.py": ("import numpy as np\nfrom tutor.checks import check\n\n@check('unit columns')\n"
                                     "def unit(ctx):\n    A = ctx.rng.standard_normal((3, 2))\n"
                                     "    ctx.assert_close(ctx.learner.normalize_columns(A), "
                                     "A / np.linalg.norm(A, axis=0))\n")}
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text.lstrip())
    return root


async def test_a_pack_declares_the_matrix_playground(make_app, tmp_path):
    app = make_app(packs=[_matrix_pack(tmp_path / "norms")])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _playground(app, pilot, "normalize")
        first = _picture(screen)
        assert "A (seed 0)" in first and "normalize_columns(A)" in first and len(LEGEND.findall(first)) == 2
        await _press(app, pilot, "r")
        assert "seed 1" in _controls(screen) and "A (seed 1)" in _picture(screen)


def test_the_als_playground_fits_movielens_when_it_is_kept(tmp_path, monkeypatch):
    """With MovieLens kept, the playground fits its most active users and most rated movies."""
    import numpy as np

    from tutor.data import movielens
    from tutor.widgets.playgrounds import als

    monkeypatch.setenv(movielens.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setattr(als, "_movielens_cache", [])
    assert als.ratings(0).source.startswith("synthetic")
    rng = np.random.default_rng(0)
    rows = ["userId,movieId,rating,timestamp"]
    for user in range(1, 41):
        for movie in rng.choice(np.arange(1, 61), size=int(rng.integers(3, 30)), replace=False):
            rows.append(f"{user},{movie},{rng.integers(1, 11) / 2},0")
    path = movielens.ratings_path()
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(rows) + "\n")
    monkeypatch.setattr(als, "MOVIELENS_USERS", 25)
    monkeypatch.setattr(als, "MOVIELENS_ITEMS", 30)
    chosen = als.ratings(3)
    assert chosen.source.startswith("MovieLens") and chosen.R.shape == (25, 30)
    data = movielens.load()
    users = np.sort(np.argsort(-data.mask.sum(axis=1), kind="stable")[:25])
    items = np.sort(np.argsort(-data.mask.sum(axis=0), kind="stable")[:30])
    assert np.array_equal(chosen.train | chosen.held_out, data.mask[np.ix_(users, items)])
    assert data.mask.sum(axis=1)[users].min() >= np.delete(data.mask.sum(axis=1), users).max()  # the most active
    assert not np.any(chosen.train & chosen.held_out)
