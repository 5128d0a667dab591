"""Spectrum and EnergyCurve: bar heights, kept and dropped colours, levels, edge cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from rich.style import Style

from tutor.render import EnergyCurve, Spectrum
from tutor.render.colors import DROPPED, KEPT

if TYPE_CHECKING:
    from conftest import Render, Rendered

BAR_CHARS = set("▁▂▃▄▅▆▇█")


def bar_styles(out: Rendered, row: int) -> list[Style | None]:
    """Styles of the bar segments on a chart line, left to right."""
    return [
        segment.style
        for segment in out.lines[row]
        if segment.text.strip() and set(segment.text) <= BAR_CHARS
    ]


def test_kept_bars_and_dropped_bars_have_different_colours(render: Render) -> None:
    out = render(Spectrum([10.0, 9.0, 8.0, 7.0, 6.0], k=3))
    bottom = 7  # the lowest of the 8 chart rows: every bar has a full block there
    assert bar_styles(out, bottom) == [KEPT, KEPT, KEPT, DROPPED, DROPPED]
    assert DROPPED.dim and not KEPT.dim
    assert "kept σ1–σ3" in out.text and "dropped σ4–σ5" in out.text


def test_without_k_every_bar_is_kept(render: Render) -> None:
    out = render(Spectrum([3.0, 2.0, 1.0]))
    assert set(bar_styles(out, 7)) == {KEPT}
    assert "dropped" not in out.text


def test_bar_heights_in_eighths_of_a_row(render: Render) -> None:
    out = render(Spectrum([8.0, 4.0, 0.5, 0.0]))
    lines = out.padded()
    assert lines[0].startswith("8 ┤███")
    assert lines[7].startswith("0 ┤███ ███ ▄▄▄")
    column = len("8 ┤") + 4  # the second bar reaches exactly half way: rows 4..7
    assert [line[column] for line in lines[:8]] == [" "] * 4 + ["█"] * 4
    assert lines[7][len("8 ┤") + 12] == " "  # a zero value has no bar


def test_axis_labels_and_one_based_ticks(render: Render) -> None:
    out = render(Spectrum(np.linspace(5.0, 1.0, 10), k=4))
    lines = out.line_texts()
    assert lines[0].startswith("5 ┤") and lines[7].startswith("0 ┤")
    assert lines[8].lstrip().startswith("└")
    assert lines[9].split() == ["1", "4", "10"]


def test_log_scale_starts_a_decade_under_the_smallest_value(render: Render) -> None:
    out = render(Spectrum([100.0, 1.0, 0.01], log=True))
    lines = out.padded()
    assert lines[0].startswith("  100 ┤") and lines[7].startswith("0.001 ┤")
    assert "log scale" in out.text
    heights = [[line[column] for line in lines[:8]].count("█") for column in (7, 11, 15)]
    assert heights == [8, 4, 1]  # 5, 3 and 1 of 5 decades, rounded to eighths of 8 rows


def test_more_values_than_width_keeps_the_largest(render: Render) -> None:
    out = render(Spectrum(np.linspace(500.0, 1.0, 500), k=10))
    assert max(len(line) for line in out.text_lines) <= 80
    assert "showing the first 75 of 500 values" in out.text


def test_title_and_width(render: Render) -> None:
    out = render(Spectrum(np.ones(30), title="σ of A", width=40))
    assert out.text_lines[0] == "σ of A"
    assert max(len(line) for line in out.text_lines[1:10]) <= 40


def test_spectrum_edge_cases(render: Render) -> None:
    assert render(Spectrum([])).text_lines == ["(no singular values)"]
    zeros = render(Spectrum(np.zeros(3)))
    assert not BAR_CHARS & set("".join(zeros.line_texts()[:8]))
    odd = render(Spectrum([3.0, -1.0, np.nan, np.inf], k=1))
    assert "1 negative drawn as 0" in odd.text and "1 NaN drawn empty" in odd.text
    assert "1 inf drawn full" in odd.text


def test_energy_curve_reaches_100_percent(render: Render) -> None:
    out = render(EnergyCurve([3.0, 1.0, 1.0], k=1))
    lines = out.padded()
    assert lines[0].startswith("100% ┤") and lines[7].startswith("  0% ┤")
    last_bar = len("100% ┤") + 8
    assert [line[last_bar] for line in lines[:8]] == ["█"] * 8
    first_bar = len("100% ┤")
    assert [line[first_bar] for line in lines[:8]].count("█") == 6  # 9/11 of 8 rows


def test_energy_curve_prints_k_and_the_levels(render: Render) -> None:
    out = render(EnergyCurve([3.0, 1.0, 1.0], k=1))
    assert "k = 1 keeps 81.8% of the energy · 90% needs k = 2 · 95% needs k = 3" in out.text
    assert out.text_lines[0].endswith("← 90% 95%")
    assert "┄" in out.text_lines[0]
    assert bar_styles(out, 7) == [KEPT, DROPPED, DROPPED]


def test_energy_levels_in_separate_rows_when_tall_enough(render: Render) -> None:
    out = render(EnergyCurve([1.0] * 20, height=20))
    rows = {
        label: next(i for i, line in enumerate(out.text_lines) if line.endswith(label))
        for label in ("← 95%", "← 90%")
    }
    assert rows["← 95%"] == 1 and rows["← 90%"] == 2
    assert "90% needs k = 18 · 95% needs k = 19" in out.text


def test_energy_curve_samples_long_spectra_and_keeps_the_end(render: Render) -> None:
    out = render(EnergyCurve(np.linspace(5.0, 0.1, 300), k=10))
    lines = out.padded()
    assert max(len(line) for line in out.text_lines) <= 80
    assert "evenly sampled" in out.text
    assert lines[9].split()[-1] == "300"
    plot_end = len(out.line_texts()[8])  # the x axis runs under every bar
    assert [line[plot_end - 1] for line in lines[:8]] == ["█"] * 8


def test_energy_curve_of_zeros(render: Render) -> None:
    out = render(EnergyCurve(np.zeros(4)))
    assert "no energy" in out.text
