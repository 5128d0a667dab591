"""Your mu is the mean of the whole matrix, with the unobserved entries counted as zeros. mu is the mean of the observed ratings only: R[mask].mean()."""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R0 = np.where(mask, np.asarray(R, dtype=float), 0.0)
    mu = float(np.mean(R0))
    W = mask.astype(float)
    m, n = R0.shape
    A = np.block([[np.diag(W.sum(axis=1) + lam), W], [W.T, np.diag(W.sum(axis=0) + lam)]])
    residual = np.where(mask, R0 - mu, 0.0)
    b = np.linalg.solve(A, np.concatenate([residual.sum(axis=1), residual.sum(axis=0)]))
    return mu, b[:m], b[m:]
