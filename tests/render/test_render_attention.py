"""AttentionGrid and HeadGrid: weight colours, row-sum checks, labels, wrapping, edge cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest
from rich.color import Color

from tutor.render import AttentionGrid, HeadGrid
from tutor.render.colors import NAN_COLOR, SEQUENTIAL

if TYPE_CHECKING:
    from conftest import Render


def softmax(scores: np.ndarray) -> np.ndarray:
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def causal(n: int, seed: int = 0) -> np.ndarray:
    scores = np.random.default_rng(seed).standard_normal((n, n))
    scores[np.triu_indices(n, 1)] = -np.inf
    return softmax(scores)


def test_weights_use_the_sequential_map_from_zero_to_one(render: Render) -> None:
    weights = np.array([[1.0, 0.0], [0.5, 0.5]])
    out = render(AttentionGrid(weights))
    first_cell = len("0 ")
    top_row = 1  # under the column header
    one, zero, half = (
        SEQUENTIAL.palette[SEQUENTIAL.levels - 1],
        SEQUENTIAL.palette[0],
        SEQUENTIAL.palette[32],
    )
    assert out.style_at(top_row, first_cell).bgcolor == one
    assert out.style_at(top_row, first_cell + 2).bgcolor == zero
    assert out.style_at(top_row + 1, first_cell).bgcolor == half


def test_row_sums_are_printed_green_when_one_and_red_otherwise(render: Render) -> None:
    weights = causal(5)
    weights[2] *= 0.8
    out = render(AttentionGrid(weights))
    assert out.text_lines[0].rstrip().endswith("Σ")
    sums = [line.split()[-1] for line in out.text_lines[1:6]]
    assert sums == ["1.000", "1.000", "0.800", "1.000", "1.000"]
    ok = out.style_at(*out.find("1.000"))
    assert ok.color == Color.parse("green") and not ok.dim
    bad = out.style_at(*out.find("0.800"))
    assert bad.color == Color.parse("red") and bad.bold and not bad.dim
    assert out.style_at(1, 0).dim and not out.style_at(1, 2).dim  # dim label, plain cell


def test_token_labels_name_rows_and_columns(render: Render) -> None:
    tokens = ["the", "cat", "sat"]
    out = render(AttentionGrid(causal(3), labels=tokens, title="layer 0"))
    assert out.text_lines[0] == "layer 0"
    assert out.text_lines[1].split()[:3] == ["th", "ca", "sa"]
    assert [line.split()[0] for line in out.text_lines[2:5]] == tokens


def test_nan_rows_are_marked_and_fail_the_check(render: Render) -> None:
    weights = causal(3)
    weights[1] = np.nan
    out = render(AttentionGrid(weights))
    assert out.text_lines[2].split()[-1] == "nan"
    assert out.style_at(2, 2).bgcolor == Color.from_rgb(*NAN_COLOR)
    assert "NaN ×3" in out.text


def test_check_line_without_row_sums() -> None:
    good = AttentionGrid(causal(4), row_sums=False)
    assert good.check_line().plain == "✓ rows sum to 1"
    weights = causal(4)
    weights[3, 0] += 0.25
    assert AttentionGrid(weights, row_sums=False).check_line().plain == "✗ row 3 sums to 1.25"


def test_large_grids_are_block_averaged_to_fit(render: Render) -> None:
    out = render(AttentionGrid(causal(120)))
    assert max(len(line) for line in out.text_lines) <= 80
    assert "averaged in 2×2 blocks" in out.text
    assert all(line.split()[-1] == "1.000" for line in out.text_lines[:60])


def test_empty_weights(render: Render) -> None:
    assert render(AttentionGrid(np.zeros((0, 0)))).text_lines == ["(empty 0×0 matrix)"]


def test_head_grid_wraps_heads_onto_rows(render: Render) -> None:
    heads = [causal(8, seed) for seed in range(6)]
    out = render(HeadGrid(heads))
    assert max(len(line) for line in out.text_lines) <= 80
    first_row = out.text_lines[0].split()
    assert first_row[:4] == ["head", "0", "head", "1"]
    wrapped_row, _ = out.find("head 5")
    assert wrapped_row > 0
    assert out.text.count("✓ rows sum to 1") == 6
    assert out.text_lines[-1].startswith("0 ") and out.text_lines[-1].endswith(" 1")


def test_head_grid_titles_and_narrow_width(render: Render) -> None:
    heads = [causal(4, seed) for seed in range(3)]
    out = render(HeadGrid(heads, titles=["L0H0", "L0H1", "L0H2"]), width=30)
    assert max(len(line) for line in out.text_lines) <= 30
    rows = [out.find(title)[0] for title in ("L0H0", "L0H1", "L0H2")]
    assert len(set(rows)) >= 2


def test_head_grid_title_count_must_match() -> None:
    with pytest.raises(ValueError, match="2 titles for 3 patterns"):
        HeadGrid([causal(2)] * 3, titles=["a", "b"])


def test_masked_cells_are_drawn_apart_from_zero_weights(render: Render) -> None:
    n = 4
    allowed = np.tril(np.ones((n, n), dtype=bool))
    weights = causal(n)
    weights[3, 1] = 0.0  # allowed, but no weight: a coloured cell, unlike the masked ones
    weights[3] /= weights[3].sum()
    out = render(AttentionGrid(weights, mask=allowed))
    first_cell, zero = len("0 "), SEQUENTIAL.palette[0]
    masked = out.style_at(1, first_cell + 2)  # row 0, key 1: above the diagonal
    assert out.padded()[1][first_cell + 2 : first_cell + 4].strip() == "·"
    assert masked.bgcolor is None and masked.dim
    assert out.style_at(4, first_cell + 2).bgcolor == zero  # row 3, key 1: allowed, weight 0
    assert out.text_lines[1].split()[-1] == "1.000"
    assert "· masked: not allowed" in out.text
    assert "masked" not in render(AttentionGrid(weights, mask=np.ones((n, n), dtype=bool))).text
    assert "masked" not in render(AttentionGrid(weights)).text


def test_masks_must_fit_the_weights() -> None:
    with pytest.raises(ValueError, match=r"mask of shape \(3, 3\) for weights of shape \(4, 4\)"):
        AttentionGrid(causal(4), mask=np.ones((3, 3), dtype=bool))
    with pytest.raises(ValueError, match="2 masks for 3 patterns"):
        HeadGrid([causal(2)] * 3, masks=[None, None])


def test_head_grid_masks_and_block_averaged_masks(render: Render) -> None:
    allowed = np.tril(np.ones((4, 4), dtype=bool))
    out = render(HeadGrid([causal(4), causal(4, 1)], masks=[allowed, None]))
    assert out.text.count("·") == 6 + 1  # six masked cells in head 0, one in the legend
    big = render(AttentionGrid(causal(120), mask=np.tril(np.ones((120, 120), dtype=bool))))
    assert "averaged in 2×2 blocks" in big.text
    assert big.line_texts()[0].count("·") == 59  # a block is masked only when all of it is
