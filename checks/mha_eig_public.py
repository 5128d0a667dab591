"""Public checks for mha-eig."""

import numpy as np

from tutor.checks import check


@check("the eigenvalues of a 6 x 6 product of rank 2")
def small(ctx):
    A = np.linalg.qr(ctx.rng.standard_normal((6, 2)))[0]  # orthonormal columns
    B = np.array([[1.0], [-3.0]]) * A.T  # B @ A = diag(1, -3)
    got = ctx.assert_array(ctx.learner.factored_eigvals(A, B), what="factored_eigvals(A 6x2, B 2x6)", shape=(2,))
    ctx.assert_close(got, np.array([-3.0, 1.0]), what="factored_eigvals(A 6x2, B 2x6)", rtol=1e-8, atol=1e-10,
                     message="B @ A = diag(1, -3): its eigenvalues, largest absolute value first")


@check("copying_score(A, A.T) is 1")
def copying(ctx):
    A = ctx.rng.standard_normal((8, 3))
    ctx.assert_scalar(ctx.learner.copying_score(A, A.T), 1.0, what="copying_score(A 8x3, A.T)",
                      message="A.T @ A has only positive eigenvalues, so the score is 1")
