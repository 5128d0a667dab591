"""Your RMSE averages over every entry, observed or not. Unobserved entries are unknown, not errors: take the mean of the squared errors over the observed entries only, (R - U @ V.T)[mask]."""

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
        U = update_factors(R, mask, V, lam)
        V = update_factors(R.T, mask.T, U, lam)
    return U, V


def rmse(R, mask, U, V):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        raise ValueError("nothing observed")
    return float(np.sqrt(np.mean((np.where(mask, R, 0.0) - U @ V.T) ** 2)))
