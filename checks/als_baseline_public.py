"""Public checks for als-baseline."""

import numpy as np

from tutor.checks import check
from tutor.reference.factorize import baseline_fit


@check("returns mu (the observed mean), b_user (m,) and b_item (n,)")
def shapes(ctx):
    R = np.array([[5.0, 3.0, 0.0], [4.0, 0.0, 1.0]])
    mask = np.array([[True, True, False], [True, False, True]])
    got = ctx.assert_tuple(ctx.learner.baseline(R, mask, lam=1.0), 3, what="baseline(R 2x3, mask, lam=1)")
    ctx.assert_scalar(got[0], 13.0 / 4, what="mu",
                      message="mu is the mean of the 4 observed ratings, (5 + 3 + 4 + 1) / 4")
    ctx.assert_array(got[1], what="b_user", shape=(2,))
    ctx.assert_array(got[2], what="b_item", shape=(3,))


@check("one user who rated everything: the biases of a small ridge problem")
def one_user(ctx):
    R = np.array([[4.0, 2.0]])
    mask = np.ones((1, 2), dtype=bool)
    _, b_user, b_item = baseline_fit(R, mask, 1.0)  # mu = 3; b_user = 0 by symmetry; b_item = (+-1) / 2
    got = ctx.assert_tuple(ctx.learner.baseline(R, mask, lam=1.0), 3, what="baseline([[4, 2]], all observed, lam=1)")
    ctx.assert_close(ctx.assert_array(got[1], what="b_user", shape=(1,)), b_user, what="b_user",
                     message="the user's deviations (+1 and -1) cancel, so the user bias is 0")
    ctx.assert_close(ctx.assert_array(got[2], what="b_item", shape=(2,)), b_item, what="b_item",
                     message="each item has one rating, 1 above or below mu = 3: ridge with lam = 1 halves it")
