"""You filled the unknown ratings with 0. A 0 reads as a terrible rating, so the low-rank fit learns that unseen means disliked and its predictions sink toward 0. Fill each gap with its item's mean observed rating."""

import numpy as np


def impute_svd(R, mask, k):
    mask = np.asarray(mask, dtype=bool)
    m, n = mask.shape
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    counts = mask.sum(axis=0)
    overall = R[mask].mean() if mask.any() else 0.0
    means = np.where(counts > 0, R.sum(axis=0) / np.maximum(counts, 1), overall)
    filled = R
    if k == 0:
        return np.zeros((m, n))
    U, s, Vt = np.linalg.svd(filled, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]
