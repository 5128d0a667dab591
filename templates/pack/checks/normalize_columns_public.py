"""Public checks for normalize-columns: they ship with the student copy, so keep them to small,
readable examples. A check is a function decorated with @check(name, weight=...) that takes the
check context `ctx`: call the learner's code as ctx.learner.NAME(...), draw random inputs from
ctx.rng (seeded, so a failure can be reproduced), and judge with the ctx.assert_* helpers.
"""

import numpy as np

from tutor.checks import check


@check("a 3-4-5 column becomes (0.6, 0.8)")
def three_four_five(ctx):
    A = np.array([[3.0, 0.0], [4.0, 2.0]])
    got = ctx.learner.normalize_columns(A)
    ctx.assert_close(got, [[0.6, 0.0], [0.8, 1.0]], what="normalize_columns([[3, 0], [4, 2]])",
                     message="each column divided by its own length")


@check("keeps the shape of A")
def keeps_shape(ctx):
    for shape in [(4, 2), (2, 5)]:
        A = ctx.rng.standard_normal(shape)
        ctx.assert_array(ctx.learner.normalize_columns(A), what=f"normalize_columns(A {shape[0]}x{shape[1]})",
                         shape=shape)
