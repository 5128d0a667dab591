"""The watch-mode rules of CheckScheduler, on a fake clock and a fake file."""

from __future__ import annotations

import pytest

from tutor.core.scheduling import CheckScheduler


class World:
    """A file whose text the test sets, and a clock the test moves."""

    def __init__(self, text: str | None = "v1") -> None:
        self.text = text
        self.now = 100.0

    def read(self) -> str | None:
        return self.text

    def clock(self) -> float:
        return self.now


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def scheduler(world: World) -> CheckScheduler:
    return CheckScheduler(world.read, debounce=0.2, clock=world.clock)


def test_a_learner_request_starts_at_once_with_the_file_text(world, scheduler):
    scheduler.request(record=False)
    assert scheduler.wait() == 0
    run = scheduler.poll()
    assert run is not None and run.text == "v1" and run.record is False
    assert scheduler.in_flight is run and scheduler.poll() is None and scheduler.wait() is None


def test_outside_saves_wait_for_the_burst_to_end(world, scheduler):
    scheduler.request(outside=True)
    assert scheduler.wait() == pytest.approx(0.2)
    world.now += 0.15
    scheduler.request(outside=True)  # a second save in the burst restarts the wait
    assert scheduler.poll() is None
    assert scheduler.wait() == pytest.approx(0.2)
    world.now += 0.19
    assert scheduler.poll() is None
    world.now += 0.02
    run = scheduler.poll()
    assert run is not None and run.record


def test_a_learner_request_cuts_a_pending_wait_short(world, scheduler):
    scheduler.request(outside=True)
    scheduler.request()
    assert scheduler.wait() == 0 and scheduler.poll() is not None


def test_one_run_in_flight_then_once_more_only_if_the_file_changed(world, scheduler):
    scheduler.request()
    first = scheduler.poll()
    scheduler.request()  # ctrl+r while running, the file unchanged
    scheduler.request(outside=True)
    assert scheduler.poll() is None
    scheduler.finished()
    world.now += 1
    assert scheduler.poll() is None and scheduler.in_flight is None  # same text: nothing new to check

    scheduler.request()
    assert scheduler.poll() is not None
    world.text = "v2"  # saved again while the run is in flight
    scheduler.request()
    world.text = "v3"
    scheduler.request(outside=True)
    assert scheduler.poll() is None
    scheduler.finished()
    world.now += 1
    again = scheduler.poll()
    assert again is not None and again.text == "v3"  # one more run, on the newest text
    assert first is not None and first.text == "v1"


def test_the_watcher_seeing_the_apps_own_save_starts_nothing(world, scheduler):
    scheduler.request()
    scheduler.poll()
    scheduler.finished()
    scheduler.request(outside=True)  # the watcher reports the save just checked
    world.now += 1
    assert scheduler.poll() is None
    world.text = "edited elsewhere"
    scheduler.request(outside=True)
    world.now += 1
    run = scheduler.poll()
    assert run is not None and run.text == "edited elsewhere"


def test_a_learner_request_checks_again_even_when_unchanged(world, scheduler):
    scheduler.request()
    scheduler.poll()
    scheduler.finished()
    scheduler.request()  # ctrl+r after the run: the learner asked, so it runs
    assert scheduler.poll() is not None


def test_record_is_kept_when_requests_merge(world, scheduler):
    scheduler.request(record=False)
    scheduler.request(record=True, outside=True)
    run = scheduler.poll()
    assert run is not None and run.record


def test_an_unreadable_file_is_still_checked_once(world, scheduler):
    world.text = None
    scheduler.request(outside=True)
    world.now += 1
    run = scheduler.poll()
    assert run is not None and run.text is None  # the check says the file is missing
    scheduler.finished()
    scheduler.request(outside=True)
    world.now += 1
    assert scheduler.poll() is None  # and not again while it stays missing
