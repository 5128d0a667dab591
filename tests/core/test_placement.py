"""How a grader and its learner process share the machine: reads sized to the frame, and a
standby learner process placed off the grader's CPU before it is used, so both can poll."""

from __future__ import annotations

import os
import time

import pytest

from tutor.core import engine, framing, standby
from tutor.core.model import Limits

SOURCE = "import os\n\ndef cpus():\n    return sorted(os.sched_getaffinity(0))\n"


def test_reads_ask_for_what_the_frame_still_needs_within_bounds():
    buffer = framing.FrameBuffer()
    assert buffer.read_size() == framing.READ_SMALL  # length not known yet
    buffer.feed(framing.HEADER.pack(300) + b"x" * 100)
    assert buffer.read_size() == framing.READ_SMALL  # a small reply: never a 1 MiB allocation
    buffer = framing.FrameBuffer()
    buffer.feed(framing.HEADER.pack(3 * framing.READ_LARGE) + b"x" * 10)
    assert buffer.read_size() == framing.READ_LARGE
    buffer = framing.FrameBuffer()
    buffer.feed(framing.HEADER.pack(framing.READ_LARGE // 2 + 8) + b"x" * 8)
    assert buffer.read_size() == framing.READ_LARGE // 2  # what remains of it, exactly
    buffer.feed(b"x" * (framing.READ_LARGE // 2))
    assert buffer.take() is not None and buffer.read_size() == framing.READ_SMALL


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="placement needs two CPUs")
def test_a_standby_is_placed_off_the_graders_cpu_and_the_grader_runs_there():
    limits = Limits()
    before = os.sched_getaffinity(0)
    standby.drop_standby()
    standby.prepare_standby(limits)
    placed = standby._standby.away_from if standby._standby is not None else -1
    assert placed >= 0
    time.sleep(0.2)  # it moves while it warms up, before anyone waits for it
    process = engine.LearnerProcess(SOURCE, "place.py", limits)
    try:
        process.start(10)
        assert os.sched_getaffinity(0) == {placed}  # the grader polls on the CPU the learner left
        assert placed not in process.call("cpus", (), {}, 10)
    finally:
        process.close()
    assert os.sched_getaffinity(0) == before  # and gets its CPUs back


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="placement needs two CPUs")
def test_without_polling_nothing_is_pinned():
    limits = Limits()
    before, window = os.sched_getaffinity(0), engine._poll_window
    engine.set_poll_window(0.0)
    try:
        process = engine.LearnerProcess(SOURCE, "place.py", limits)
        process.start(10)
        try:
            assert os.sched_getaffinity(0) == before
        finally:
            process.close()
    finally:
        engine.set_poll_window(window)


def test_grade_asks_for_the_next_files_process_as_it_takes_this_ones():
    limits = Limits()
    standby.drop_standby()
    zygote = standby.shared()
    standby.prepare_after_take(limits)
    assert standby._standby is None  # asked for before the take, it would be the one handed out
    first = standby.take(zygote, limits)
    ahead = standby._standby
    try:
        assert ahead is not None and ahead is not first  # made while the first file is judged
        assert standby.take(zygote, limits) is ahead
        assert standby._standby is None  # once: nothing is made after the last file
    finally:
        first.kill()
        if ahead is not None:
            ahead.kill()


SAME_CPU_CHECK = """\
import os

from tutor.checks import check


@check("runs where its grader runs")
def same_cpu(ctx):
    learner = ctx.learner.double([[1.0]])
    grader = sorted(os.sched_getaffinity(0))
    assert len(grader) == 1, f"the grading process may run on {grader}"
    assert [int(c) for c in learner.ravel()] == grader, f"learner on {learner.ravel()}, grader on {grader}"
"""
LEARNER_CPUS = "import os\nimport numpy as np\n\ndef double(A):\n    return np.array(sorted(os.sched_getaffinity(0)))\n"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) != 2, reason="one grading process per CPU needs exactly two")
def test_grading_in_parallel_keeps_each_grader_and_its_learner_on_one_cpu(tmp_path):
    from packkit import MINI_FILES, write_pack

    from tutor.core.gradebook import grade_all, grading_plan
    from tutor.core.manifest import load_pack

    files = {**MINI_FILES, "checks/double.py": SAME_CPU_CHECK}
    files.pop("checks/double_public.py")
    pack = write_pack(tmp_path / "mini", files=files)
    manifest = (pack / "pack.toml").read_text().replace('public_checks = "checks/double_public.py"\n  ', "")
    (pack / "pack.toml").write_text(manifest)
    items = grading_plan([load_pack(pack)], primary="mini")
    students = []
    for n in range(4):
        (tmp_path / "subs" / f"s{n}").mkdir(parents=True)
        (tmp_path / "subs" / f"s{n}" / items[0].file).write_text(LEARNER_CPUS)
        students.append(tmp_path / "subs" / f"s{n}")
    for grades in grade_all(items, students, jobs=2):
        (record,) = grades.results.values()
        assert [c["passed"] for c in record["checks"]] == [True], [c["message"] for c in record["checks"]]
