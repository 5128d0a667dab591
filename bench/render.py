"""Benchmark: render a 128×128 heatmap against a plain-text baseline of the same size.

Also the same heatmap through `Guarded` (what the app draws: every piece of text made printable),
and the SVD playground's row of three 12×18 heatmaps on one scale.

Prints one JSON object as its last line:
``{"heatmap_128_p50_ms": ..., "guarded_heatmap_128_p50_ms": ..., "guard_overhead": ...,
"svd_row_p50_ms": ..., "baseline_p50_ms": ..., "ratio": ...}``.
Run from the repository root: ``python bench/render.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from rich.console import Console
from rich.text import Text

from tutor.render import Heatmap, HeatmapRow
from tutor.render.figure import Guarded

WIDTH = 200
SIZE = 128
SEED = 1234


def _console() -> Console:
    return Console(width=WIDTH, file=io.StringIO(), color_system="truecolor", force_terminal=True)


def median_ms(render: Callable[[Console], None], repeat: int) -> float:
    """Median wall time of `render` into a fresh in-memory console, in milliseconds."""
    render(_console())  # warm caches (styles, colour codes) as a long-running app would have
    times = []
    for _ in range(repeat):
        console = _console()
        start = time.perf_counter()
        render(console)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed renders per case")
    args = parser.parse_args()

    array = np.random.default_rng(SEED).standard_normal((SIZE, SIZE))
    # The baseline prints as many characters as the heatmap draws (128 columns × 64 lines),
    # as one unstyled Text: the cost of getting that much text through Rich at all.
    baseline = Text("\n".join(["▀" * SIZE] * (SIZE // 2)))

    small = np.random.default_rng(SEED).standard_normal((12, 18))
    heatmap_ms = median_ms(lambda console: console.print(Heatmap(array)), args.repeat)
    guarded_ms = median_ms(lambda console: console.print(Guarded(Heatmap(array))), args.repeat)
    row_ms = median_ms(lambda console: console.print(HeatmapRow([(small, "A"), (small, "A_k"), (small, "A - A_k")])),
                       args.repeat)
    baseline_ms = median_ms(lambda console: console.print(baseline), args.repeat)
    print(f"heatmap {SIZE}x{SIZE}: {heatmap_ms:.2f} ms, guarded: {guarded_ms:.2f} ms, svd row: {row_ms:.2f} ms, "
          f"plain text: {baseline_ms:.2f} ms")
    result = {
        "heatmap_128_p50_ms": round(heatmap_ms, 3),
        "guarded_heatmap_128_p50_ms": round(guarded_ms, 3),
        "guard_overhead": round(guarded_ms / heatmap_ms, 2),
        "svd_row_p50_ms": round(row_ms, 3),
        "baseline_p50_ms": round(baseline_ms, 3),
        "ratio": round(heatmap_ms / baseline_ms, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
