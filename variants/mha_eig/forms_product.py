"""You formed the m x m product A @ B and took its eigenvalues. That works for small m, but for m = 20000 the product needs 3.2 GB, and it holds m - r eigenvalues that are 0 anyway. If B A v = lam v, then A B (A v) = lam (A v): take the eigenvalues of the r x r matrix B @ A instead."""

import numpy as np

# Under the tutor's memory limit, A @ B fails with MemoryError once it is too large. The guard
# reproduces that outcome without allocating, so replaying this variant never needs the memory.
PRODUCT_LIMIT_BYTES = 2**31


def _factors(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or B.shape != (A.shape[1], A.shape[0]):
        raise ValueError("A must be (m, r) and B (r, m)")
    if A.shape[1] > A.shape[0]:
        raise ValueError("r must be at most m")
    return A, B


def factored_eigvals(A, B):
    A, B = _factors(A, B)
    m, r = A.shape
    if m * m * 8 > PRODUCT_LIMIT_BYTES:
        raise MemoryError(f"Unable to allocate an array with shape ({m}, {m}) and data type float64")
    w = np.linalg.eigvals(A @ B)
    return w[np.argsort(-np.abs(w), kind="stable")][:r]


def copying_score(A, B):
    w = factored_eigvals(A, B)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0

