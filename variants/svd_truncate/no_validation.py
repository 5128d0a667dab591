"""You do not reject an impossible k: k must satisfy 0 <= k <= min(m, n), and anything else should raise ValueError instead of being silently clipped or wrapped around by slicing."""

import numpy as np


def truncated_svd(A, k):
    A = np.asarray(A, dtype=float)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]
