"""Benchmark the reference ALS: speed against a plain per-row loop, and accuracy on real ratings.

Speed: the reference als-fit on a matrix the size of MovieLens latest-small (610 users x 9,724
items, about 100,000 observed entries, synthetic with a planted rank-10 structure; k = 10,
15 rounds) against a plain per-row np.linalg.solve loop, in the same run.

Accuracy: test RMSE with a random 80/20 split of the ratings (seed 0) for the global mean, the
baseline predictors (reference als-baseline, lam = 5), plain ALS on mean-centred ratings
(reference als-fit, k = 10, lam = 10, 15 rounds) and biased ALS (reference als-biased, k = 10,
20 rounds, lam = 10 and 20). On MovieLens latest-small when it has been fetched (`latent-tutor
data fetch movielens`), where the reference biased ALS must reach 0.86 or better; otherwise on
synthetic ratings of the same size with planted biases, and the JSON says which.

Prints a few lines of context, then as its last line one JSON object with every figure.
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
from tutor.data import movielens, split_ratings, synthetic_ratings  # noqa: E402
from tutor.reference import ridge_rows  # noqa: E402

USERS, ITEMS, OBSERVED, K, ITERS, LAM, SEED = 610, 9724, 100_836, 10, 15, 0.1, 0
BASELINE_LAM, PLAIN_LAM, BIASED_LAMS, BIASED_ITERS, TARGET = 5.0, 10.0, (10.0, 20.0), 20, 0.86


def loop_als(R: np.ndarray, mask: np.ndarray, k: int, lam: float, iters: int,
             seed: int) -> tuple[np.ndarray, np.ndarray]:
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


def speed() -> dict:
    reference = import_path(ROOT / "solutions" / "03_als" / "als_fit.py")
    R, mask = synthetic_ratings(USERS, ITEMS, K, density=OBSERVED / (USERS * ITEMS), noise=0.5, seed=SEED)
    args = (R, mask, K, LAM, ITERS, SEED)
    fast_s, (U, V) = best_of(3, reference.als, *args)
    loop_s, (U2, V2) = best_of(1, loop_als, *args)
    gap = float(np.max(np.abs(U @ V.T - U2 @ V2.T)))
    print(f"speed: {USERS} x {ITEMS}, {int(mask.sum())} observed; k = {K}, {ITERS} rounds, lam = {LAM}")
    print(f"  reference (batched solves): {fast_s:.3f} s (best of 3); per-row loop: {loop_s:.3f} s")
    print(f"  train RMSE {reference.rmse(R, mask, U, V):.4f}; max |difference| of the two fits {gap:.2e}")
    return {"als_vectorized_s": round(fast_s, 4), "als_loop_s": round(loop_s, 4), "speedup": round(loop_s / fast_s, 2),
            "observed": int(mask.sum()), "max_abs_diff": gap}


def ratings() -> tuple[str, np.ndarray, np.ndarray]:
    """MovieLens latest-small when it is kept, else synthetic ratings of its size with biases."""
    if movielens.is_present():
        data = movielens.load()
        return "movielens", data.R, data.mask
    R, mask = synthetic_ratings(USERS, ITEMS, K, density=OBSERVED / (USERS * ITEMS), noise=0.8, seed=SEED, bias=0.5)
    return "synthetic", R, mask


def test_rmse(R, test, predicted_rows) -> float:
    rows, cols = np.nonzero(test)
    return float(np.sqrt(np.mean((R[rows, cols] - predicted_rows(rows, cols)) ** 2)))


def biased_predictions(mu, b_user, b_item, U, V):
    """The predictions of a biased-ALS fit at (rows, cols), as `test_rmse` asks for them."""
    return lambda rows, cols: mu + b_user[rows] + b_item[cols] + np.einsum("ij,ij->i", U[rows], V[cols])


def accuracy() -> dict:
    solutions = ROOT / "solutions" / "03_als"
    plain, baseline, biased = (import_path(solutions / f"{name}.py")
                               for name in ("als_fit", "als_baseline", "als_biased"))
    source, R, mask = ratings()
    train, test = split_ratings(mask, holdout=0.2, seed=0)
    mu = float(R[train].mean())
    figures: dict = {"data": source, "ratings": int(mask.sum()), "users": R.shape[0], "items": R.shape[1]}
    figures["global_mean"] = test_rmse(R, test, lambda r, c: np.full(r.size, mu))
    started = time.perf_counter()
    m, bu, bi = baseline.baseline(R, train, BASELINE_LAM)
    figures["baseline"] = test_rmse(R, test, lambda r, c: m + bu[r] + bi[c])
    figures["baseline_s"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    U, V = plain.als(np.where(train, R - mu, 0.0), train, K, lam=PLAIN_LAM, iters=ITERS, seed=0)
    figures["plain_als"] = test_rmse(R, test, lambda r, c: mu + np.einsum("ij,ij->i", U[r], V[c]))
    figures["plain_als_s"] = round(time.perf_counter() - started, 3)
    for lam in BIASED_LAMS:
        started = time.perf_counter()
        fit = biased.als_biased(R, train, K, lam=lam, iters=BIASED_ITERS, seed=0)
        figures[f"biased_als_lam{lam:g}"] = test_rmse(R, test, biased_predictions(*fit))
        figures[f"biased_als_lam{lam:g}_s"] = round(time.perf_counter() - started, 3)
    figures["biased_als"] = figures[f"biased_als_lam{BIASED_LAMS[0]:g}"]
    figures["biased_als_target"] = TARGET
    figures["biased_als_meets_target"] = figures["biased_als"] <= TARGET if source == "movielens" else None
    print(f"accuracy on {source} ratings ({figures['ratings']:,} by {figures['users']} users "
          f"of {figures['items']:,} items), random 80/20 split, seed 0, test RMSE:")
    print(f"  global mean {figures['global_mean']:.4f}; baseline (lam {BASELINE_LAM:g}) {figures['baseline']:.4f}; "
          f"plain ALS on centred ratings (k {K}, lam {PLAIN_LAM:g}, {ITERS} rounds) {figures['plain_als']:.4f}")
    print("  biased ALS (k 10, 20 rounds): " + ", ".join(f"lam {lam:g} {figures[f'biased_als_lam{lam:g}']:.4f}"
                                                         for lam in BIASED_LAMS))
    if source == "movielens":
        verdict = "meets" if figures["biased_als_meets_target"] else "MISSES"
        print(f"  the reference biased ALS {verdict} the target test RMSE <= {TARGET}")
    else:
        print("  MovieLens is not kept here (`latent-tutor data fetch movielens`): these are synthetic ratings, "
              "not the MovieLens figures")
    return {key: round(value, 4) if isinstance(value, float) else value for key, value in figures.items()}


def main() -> None:
    figures = speed()
    figures["accuracy"] = accuracy()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
