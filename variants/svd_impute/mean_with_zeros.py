"""Your item means divide by the number of users, counting the unobserved entries as zeros, so every mean is too low. Divide each column's sum of observed ratings by its number of observed ratings, mask.sum(axis=0)."""

import numpy as np


def impute_svd(R, mask, k):
    mask = np.asarray(mask, dtype=bool)
    m, n = mask.shape
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    counts = mask.sum(axis=0)
    overall = R[mask].mean() if mask.any() else 0.0
    means = np.where(counts > 0, R.sum(axis=0) / m, overall)
    filled = np.where(mask, R, means)
    if k == 0:
        return np.zeros((m, n))
    U, s, Vt = np.linalg.svd(filled, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]
