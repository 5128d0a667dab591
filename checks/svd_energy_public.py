"""Public checks for svd-energy."""

import numpy as np

from tutor.checks import check


@check("error and energy of s = (3, 2, 1)")
def small_example(ctx):
    s = np.array([3.0, 2.0, 1.0])
    ctx.assert_scalar(ctx.learner.truncation_error(s, 1), np.sqrt(5.0), what="truncation_error([3, 2, 1], 1)",
                      message="dropping 2 and 1 leaves sqrt(2^2 + 1^2)")
    ctx.assert_int(ctx.learner.rank_for_energy(s, 0.9), 2, what="rank_for_energy([3, 2, 1], 0.9)",
                   message="the energies are 9, 4, 1 of a total 14; 9 + 4 = 13 >= 0.9 * 14 = 12.6 but 9 < 12.6")
