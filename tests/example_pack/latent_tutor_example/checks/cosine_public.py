"""Public checks for cosine-similarity."""

import numpy as np

from tutor.checks import check


@check("orthogonal rows have cosine 0, parallel rows cosine 1")
def simple(ctx):
    U = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]])
    expected = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    ctx.assert_close(ctx.learner.cosine_similarity(U), expected, what="cosine_similarity(U)")
