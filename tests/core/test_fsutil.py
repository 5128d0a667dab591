"""Atomic writes: interrupted at any point, the file holds the old content or the new."""

from __future__ import annotations

import os

import pytest

from tutor.core import fsutil


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_an_interrupted_write_keeps_the_old_content_and_leaves_no_temporary(tmp_path, monkeypatch, where):
    target = tmp_path / "grades.csv"
    target.write_text("old\n")

    def fail(*args, **kwargs):
        raise KeyboardInterrupt  # as Ctrl-C or a crash would arrive

    if where == "write":
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                raise KeyboardInterrupt

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Half(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, where, fail)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, "new content, longer than the old\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_a_write_replaces_the_content_whole(tmp_path):
    target = tmp_path / "deep" / "results.json"
    fsutil.atomic_write(target, "{}\n")
    fsutil.atomic_write(target, b"[1]\n")
    assert target.read_bytes() == b"[1]\n"
