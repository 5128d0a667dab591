"""Public checks for als-biased."""

import numpy as np

from tutor.checks import check
from tutor.reference.factorize import biased_objective


@check("returns mu, b_user (m,), b_item (n,), U (m, k) and V (n, k)")
def shapes(ctx):
    R = ctx.rng.integers(1, 6, size=(6, 5)).astype(float)
    mask = ctx.rng.random((6, 5)) < 0.7
    mask[0, 0] = True
    got = ctx.assert_tuple(ctx.learner.als_biased(R, mask, 2, lam=1.0, iters=3, seed=0), 5,
                           what="als_biased(R 6x5, mask, k=2, lam=1, iters=3)")
    ctx.assert_scalar(got[0], R[mask].mean(), what="mu", message="mu is the mean of the observed ratings")
    for value, name, shape in zip(got[1:], ("b_user", "b_item", "U", "V"), ((6,), (5,), (6, 2), (5, 2)), strict=True):
        ctx.assert_array(value, what=name, shape=shape)


@check("the objective after 3 rounds is no higher than after 1")
def goes_down(ctx):
    R = ctx.rng.integers(1, 6, size=(7, 6)).astype(float)
    mask = ctx.rng.random((7, 6)) < 0.6
    mask[0, 0] = True
    values = []
    for iters in (1, 3):
        mu, b_user, b_item, U, V = ctx.assert_tuple(ctx.learner.als_biased(R, mask, 2, lam=1.0, iters=iters, seed=4), 5,
                                                    what=f"als_biased(..., iters={iters})")
        arrays = (np.asarray(a, dtype=float) for a in (b_user, b_item, U, V))
        values.append(biased_objective(R, mask, float(mu), *arrays, 1.0))
    ctx.assert_true(values[1] <= values[0] * (1 + 1e-9) + 1e-12,
                    f"the objective went up from {values[0]:.6g} (iters=1) to {values[1]:.6g} (iters=3): each "
                    "half-step minimizes it exactly over one side, so more rounds can only lower it")
