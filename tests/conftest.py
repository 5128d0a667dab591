"""Shared fixtures. BLAS threads are pinned before NumPy loads, as the tutor does."""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from packkit import write_pack  # noqa: E402


@pytest.fixture
def mini_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "mini")
