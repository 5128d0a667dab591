"""You updated U and V at the same time, each from the other's old value. ALS alternates: compute the new U from V, then the new V from that new U. Only then does each half-step minimize the objective given the newest other factor, so the objective can never increase."""

import numpy as np


def update_factors(R, mask, fixed, lam):
    R = np.asarray(R, dtype=float)
    fixed = np.asarray(fixed, dtype=float)
    k = fixed.shape[1]
    X = np.zeros((R.shape[0], k))
    for i in range(R.shape[0]):
        seen = np.asarray(mask[i], dtype=bool)
        if seen.any():
            F = fixed[seen]
            X[i] = np.linalg.solve(F.T @ F + lam * np.eye(k), F.T @ R[i, seen])
    return X


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    R, mask = np.asarray(R, dtype=float), np.asarray(mask, dtype=bool)
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((R.shape[0], k))
    V = rng.standard_normal((R.shape[1], k))
    for _ in range(iters):
        U, V = update_factors(R, mask, V, lam), update_factors(R.T, mask.T, U, lam)
    return U, V


def rmse(R, mask, U, V):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        raise ValueError("nothing observed")
    return float(np.sqrt(np.mean((np.asarray(R, dtype=float) - U @ V.T)[mask] ** 2)))
