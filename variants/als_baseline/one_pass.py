"""You made a single pass: user biases from R - mu, then item biases from what the user biases left. That is a good first guess, but the user biases were fitted while the item biases were still zero and never revisited, so the result is not the minimizer. Keep alternating until nothing changes, or solve the linear system for both at once."""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    mu = float(R[mask].mean())
    b_user = np.where(mask, R - mu, 0.0).sum(axis=1) / (mask.sum(axis=1) + lam)
    b_item = np.where(mask, R - mu - b_user[:, None], 0.0).sum(axis=0) / (mask.sum(axis=0) + lam)
    return mu, b_user, b_item
