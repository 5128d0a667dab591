"""Benchmark: the reference ALS against a plain per-row np.linalg.solve loop, in the same run.

The ratings matrix has the size of MovieLens latest-small (610 users x 9,724 items, about
100,000 observed entries), synthetic with a planted rank-10 structure; k = 10, 15 rounds.
Prints a few lines of context, then as its last line one JSON object with both times.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.core.modules import import_path  # noqa: E402
from tutor.data import ridge_rows, synthetic_ratings  # noqa: E402

USERS, ITEMS, OBSERVED, K, ITERS, LAM, SEED = 610, 9724, 100_000, 10, 15, 0.1, 0


def loop_als(R: np.ndarray, mask: np.ndarray, k: int, lam: float, iters: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """ALS with the same initialization as the reference, updated row by row."""
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((R.shape[0], k)) / np.sqrt(k)
    V = rng.standard_normal((R.shape[1], k)) / np.sqrt(k)
    for _ in range(iters):
        U = ridge_rows(R, mask, V, lam)
        V = ridge_rows(R.T, mask.T, U, lam)
    return U, V


def best_of(runs: int, func, *args):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    reference = import_path(ROOT / "solutions" / "03_als" / "als_fit.py")
    R, mask = synthetic_ratings(USERS, ITEMS, K, density=OBSERVED / (USERS * ITEMS), noise=0.5, seed=SEED)
    args = (R, mask, K, LAM, ITERS, SEED)
    fast_s, (U, V) = best_of(3, reference.als, *args)
    loop_s, (U2, V2) = best_of(1, loop_als, *args)
    gap = float(np.max(np.abs(U @ V.T - U2 @ V2.T)))
    print(f"ratings: {USERS} x {ITEMS}, {int(mask.sum())} observed; k = {K}, {ITERS} rounds, lam = {LAM}")
    print(f"reference (batched solves): {fast_s:.3f} s (best of 3); per-row loop: {loop_s:.3f} s")
    print(f"train RMSE {reference.rmse(R, mask, U, V):.4f}; max |difference| of the two fits {gap:.2e}")
    print(json.dumps({"als_vectorized_s": round(fast_s, 4), "als_loop_s": round(loop_s, 4),
                      "speedup": round(loop_s / fast_s, 2), "observed": int(mask.sum()), "max_abs_diff": gap}))


if __name__ == "__main__":
    main()
