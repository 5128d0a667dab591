"""Your half-steps are plain least squares, without the penalty lam * ||x||^2: the factors then minimize a different objective, so the regularized one can go up, and rows with few ratings overfit. Solve (F^T F + lam I) x = F^T r."""

import numpy as np


def update_factors(R, mask, fixed, lam):
    R = np.asarray(R, dtype=float)
    fixed = np.asarray(fixed, dtype=float)
    X = np.zeros((R.shape[0], fixed.shape[1]))
    for i in range(R.shape[0]):
        seen = np.asarray(mask[i], dtype=bool)
        if seen.any():
            X[i] = np.linalg.lstsq(fixed[seen], R[i, seen], rcond=None)[0]
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
