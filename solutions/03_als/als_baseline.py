"""Reference solution for als-baseline: the exact ridge minimizer, from one linear system.

The normal equations couple a user's bias only to the biases of the items they rated. Solving
the item equations for b_item and substituting leaves one symmetric positive definite system in
the user biases (or in the item biases, whichever side is smaller).
"""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    if not mask.any():
        raise ValueError("nothing is observed: the mean rating is undefined")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    mu = float(R[mask].mean())
    if mask.shape[0] > mask.shape[1]:  # eliminate the larger side
        _, b_item, b_user = baseline(R.T, mask.T, lam)
        return mu, b_user, b_item
    W = mask.astype(float)
    residual = np.where(mask, R - mu, 0.0)
    per_item = W.sum(axis=0) + lam
    # Item equations: per_item * b_item = residual.sum(0) - W.T @ b_user.
    A = np.diag(W.sum(axis=1) + lam) - (W / per_item) @ W.T
    b_user = np.linalg.solve(A, residual.sum(axis=1) - W @ (residual.sum(axis=0) / per_item))
    b_item = (residual.sum(axis=0) - W.T @ b_user) / per_item
    return mu, b_user, b_item
