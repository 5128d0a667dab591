"""One confined learner process kept ready before it is needed, per grading process.

Forking a learner process and isolating it costs milliseconds that a verdict need not wait for:
`prepare_standby` asks the zygote for one ahead of time, and the engine takes it (`take`) when
a file is judged. The grading service asks while it is idle (after a reply); `grade` asks one
file ahead (`prepare_after_take`: the next one is made while this file is judged, which costs
the machine nothing it would not spend anyway, as every file needs its process).
"""

from __future__ import annotations

import ctypes
import os

from tutor.core import launch
from tutor.core.model import Limits
from tutor.core.zygote import Spawned, Zygote, ZygoteError, shared

_prefetch = True
_standby: Spawned | None = None


def set_prefetch(enabled: bool) -> None:
    """Whether `prepare_standby` makes a learner process at all (this process): tests that
    count learner processes turn it off."""
    global _prefetch
    _prefetch = enabled


def prepare_standby(limits: Limits, *, warm: bool = True) -> None:
    """Have a confined learner process wait on standby for the next file to judge under
    ``limits``, unless one does. Call it when the process is otherwise idle (the grading service
    after sending a reply), or as a file's process is taken (`prepare_after_take`, in `grade`),
    never just before it is needed: then it is made while nobody waits for it. ``warm``: it
    runs common NumPy code before it reports ready (worth it where a core is idle, not where
    every core grades), having moved off the CPU this process runs on, where this process will
    poll for its answers."""
    global _standby
    if not _prefetch or (_standby is not None and _standby.owner == os.getpid()):
        return
    try:
        _standby = shared().spawn(*run_folder(limits), warm=warm, away_from=current_cpu() if warm else -1)
    except ZygoteError:
        _standby = None


_sched_getcpu = getattr(ctypes.CDLL(None), "sched_getcpu", None)


def current_cpu() -> int:
    """The CPU this process runs on now (-1 if unknown or if it may run on one only). A learner
    process that polls for requests runs on another CPU than its grader: two pollers sharing
    one would take turns, not answer."""
    if _sched_getcpu is None or len(os.sched_getaffinity(0)) < 2:
        return -1
    return int(_sched_getcpu())


def drop_standby() -> None:
    """Stop the learner process kept on standby, if any (this process's)."""
    global _standby
    standby, _standby = _standby, None
    if standby is not None and standby.owner == os.getpid():
        standby.kill()


def run_folder(limits: Limits) -> tuple[int, int]:
    return (limits.run_folder_mb, limits.run_folder_files)


_after_take: Limits | None = None


def prepare_after_take(limits: Limits | None) -> None:
    """Have the next `take` (in this process) ask for a standby under ``limits`` as soon as it
    hands out a learner process: made while that one's file is judged, it is ready when the
    next file is (`grade`, one file ahead). Asked for before the take, it would be the one the
    take hands out. None: no standby after the next take (the last file)."""
    global _after_take
    _after_take = limits if _prefetch else None


def take(zygote: Zygote, limits: Limits) -> Spawned:
    """The standby learner process if it fits ``limits``, else a new one."""
    global _standby, _after_take
    key, standby = run_folder(limits), _standby
    _standby = None
    if standby is not None and (standby.owner != os.getpid() or standby.key != key):
        if standby.owner == os.getpid():
            standby.kill()
        standby = None
    if standby is None and key == launch.DEFAULT_RUN_FOLDER:
        early = launch.take_early_learner()  # asked for as the command started
        if early is not None:
            standby = Spawned(*early, key, os.getpid())
    taken = standby or zygote.spawn(*key)
    ahead, _after_take = _after_take, None
    if ahead is not None:
        prepare_standby(ahead, warm=False)
    return taken


