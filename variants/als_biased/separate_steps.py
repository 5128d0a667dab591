"""Within a half-step you fitted the bias and the factors one after the other (first b_user with U fixed, then U with the new b_user), instead of jointly. Each of those is a valid descent step, but together they are not the exact minimizer over the user's (b_user[i], U[i]). Fit both at once: one ridge regression on the k + 1 features [1, V[j]]."""

import numpy as np


def _ridge(W, targets, features, lam):
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    G += lam * np.eye(d)
    return np.linalg.solve(G, (targets @ features)[:, :, None])[:, :, 0]


def _side(W, mask, residual, factors, other, lam):
    """Bias first (factors held), then factors (bias held)."""
    fit = np.where(mask, residual - factors @ other.T, 0.0)
    bias = fit.sum(axis=1) / (W.sum(axis=1) + lam)
    factors = _ridge(W, np.where(mask, residual - bias[:, None], 0.0), other, lam)
    return bias, factors


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
        b_user, U = _side(W, mask, R - mu - b_item, U, V, lam)
        b_item, V = _side(W.T, mask.T, (R - mu - b_user[:, None]).T, V, U, lam)
    return mu, b_user, b_item, U, V
