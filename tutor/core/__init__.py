"""Headless core: pack model and loader, grading engine, workspace and progress. No Textual.

Importing it pins BLAS to one thread unless the caller chose otherwise: learner processes are
forked from the grader, and a multi-threaded OpenBLAS both needs far more address space and can
deadlock in a forked child. (If NumPy was imported before this, the setting comes too late;
the tutor's entry points import the core first.)
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
