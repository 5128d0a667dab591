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
