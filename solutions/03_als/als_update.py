"""Reference solution for als-update: every row's ridge system built and solved in one batch."""

import numpy as np


def update_factors(R, mask, fixed, lam):
    R = np.asarray(R, dtype=float)
    mask = np.asarray(mask, dtype=bool)
    F = np.asarray(fixed, dtype=float)
    n, k = F.shape
    if R.shape != mask.shape or R.shape[1] != n:
        raise ValueError(f"R {R.shape}, mask {mask.shape} and fixed {F.shape} do not fit together")
    W = mask.astype(float)
    # G[i] = sum over observed j of fixed[j] fixed[j]^T, for every row i at once: (m, k, k).
    G = (W @ (F[:, :, None] * F[:, None, :]).reshape(n, k * k)).reshape(-1, k, k)
    G += lam * np.eye(k)
    b = np.where(mask, R, 0.0) @ F  # unobserved entries (whatever they hold) contribute nothing
    empty = ~mask.any(axis=1)
    G[empty] = np.eye(k)  # a row with nothing observed: solve I x = 0, even when lam = 0
    b[empty] = 0.0
    return np.linalg.solve(G, b[:, :, None])[:, :, 0]
