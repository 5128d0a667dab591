"""Hidden checks for cosine-similarity."""

import numpy as np

from tutor.checks import check


@check("matches the definition on random factors", weight=2)
def random_factors(ctx):
    U = ctx.rng.standard_normal((5, 3))
    norms = np.linalg.norm(U, axis=1)
    ctx.assert_close(ctx.learner.cosine_similarity(U), (U @ U.T) / np.outer(norms, norms), what="cosine_similarity(U)")


@check("does not depend on the length of each row")
def scale_free(ctx):
    U = ctx.rng.standard_normal((4, 3))
    scaled = U * np.array([[1.0], [10.0], [0.1], [3.0]])
    ctx.assert_close(ctx.learner.cosine_similarity(scaled), ctx.learner.cosine_similarity(U),
                     what="cosine_similarity(rows scaled)")
