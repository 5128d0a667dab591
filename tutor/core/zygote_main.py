"""The zygote process itself: its loop (`serve`) and the keeper it forks for each learner
process (`keep`). The grader's side of it is `tutor.core.zygote`; the process is started by
`tutor.core.launch`, in a fresh interpreter.
"""

from __future__ import annotations

import ast
import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from typing import Any

from tutor.core import confine, isolation
from tutor.core.launch import learner_environment

SHUTDOWN_WAIT = 3.0
"""Seconds an ending zygote waits for its keepers to remove their run folders."""
PRELOAD = (
    "numpy.random", "numpy.fft", "math", "cmath", "random", "statistics", "fractions", "decimal", "functools",
    "itertools", "collections", "dataclasses", "typing", "heapq", "bisect", "operator", "copy", "re", "string",
    "textwrap", "warnings", "json", "numbers", "enum", "abc", "contextlib", "traceback", "linecache", "zlib",
    "struct", "array", "time", "ctypes",
)
"""Imported by the zygote while it has nothing else to do, so later learner processes start
with them loaded (earlier ones import what they use from the jail, which holds them all)."""


# -- the zygote process --------------------------------------------------------------------

def serve(config: dict[str, Any]) -> None:
    """The zygote's main loop (in its own interpreter): fork a keeper per spawn request until
    every grader holding the control socket has closed it."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # until the control socket can be shut instead
    confine.die_with_parent(int(config["parent"]), signal.SIGTERM)
    os.chdir("/")
    stdlib = sys.path[len(config["path"]):]  # what the interpreter had before the boot line's paths
    import numpy

    from tutor.core import sandbox  # noqa: F401  (loaded here, so learner processes have it)

    plan = isolation.make_plan(stdlib, os.path.dirname(numpy.__file__), list(config["hidden"]),
                               isolation.forced_off(list(config["off"])))
    control = socket.socket(fileno=int(config["fd"]))
    signal.signal(signal.SIGTERM, lambda signum, frame: _hang_up(control))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # keepers are reaped by the kernel
    os.environ.clear()
    os.environ.update(learner_environment())
    runs = tempfile.mkdtemp(prefix="latent-tutor-runs-")
    os.chmod(runs, 0o711)  # learners may enter their own folder in it, never list it
    try:
        template = os.path.join(runs, ".jail")
        os.mkdir(template, 0o755)
        plan = confine.prepare(plan, template)
        control.send(json.dumps({"ready": True, "pid": os.getpid(), "runs": runs, **plan.describe()}).encode())
        _serve(control, plan, runs)
    except OSError:
        pass  # the grader went away before it could be greeted
    finally:
        _shut_down(runs)
        os._exit(0)


def _hang_up(control: socket.socket) -> None:
    """The parent died (its death signal): end the loop as if its socket had closed, so the
    zygote cleans up on its way out."""
    try:
        control.shutdown(socket.SHUT_RD)
    except OSError:
        pass


def _shut_down(runs: str) -> None:
    """Wait (briefly) for the keepers to remove their run folders, then remove the rest."""
    deadline = time.monotonic() + SHUTDOWN_WAIT
    while time.monotonic() < deadline:
        try:
            if set(os.listdir(runs)) <= {".jail"}:
                break
        except OSError:
            return
        time.sleep(0.02)
    _remove_runs(runs)


def _serve(control: socket.socket, plan: isolation.Plan, runs: str) -> None:
    import gc
    import importlib

    preload = list(PRELOAD)
    gc.freeze()  # what the zygote holds is never collected in a learner: no pages copied for it
    while True:
        while preload and not select.select([control], [], [], 0)[0]:
            try:
                importlib.import_module(preload.pop(0))
            except ImportError:
                pass
            if not preload:
                gc.freeze()
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 8)
        except InterruptedError:
            continue
        except OSError:  # the graders are gone (a reset is how a peer that exited may say it)
            return
        if not message:
            return
        if len(fds) != 4:
            for fd in fds:
                os.close(fd)
            continue
        try:
            request = ast.literal_eval(message.decode())
            keeper = os.fork()
        except (ValueError, SyntaxError, OSError) as exc:
            _refuse(fds, f"could not start a learner process ({exc})")
            continue
        if keeper == 0:  # pragma: no cover - runs in the keeper
            control.close()
            try:
                keep(plan, request, fds, runs)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)


def _refuse(fds: list[int], message: str) -> None:
    try:
        os.write(fds[0], json.dumps({"error": message}).encode() + b"\n")
    except OSError:
        pass
    for fd in fds:
        os.close(fd)


# -- the keeper ----------------------------------------------------------------------------

def keep(plan: isolation.Plan, request: dict[str, Any], fds: list[int], runs: str | None) -> None:
    """Enter new namespaces, fork the learner process, then watch over it until it ends. Its run
    folder on disk goes in ``runs``, the zygote's folder, which the zygote removes as it ends
    (or the last keeper, if they outlive it)."""
    zygote = os.getppid()
    from tutor.core import sandbox

    control_fd, requests, replies, output = fds
    os.setsid()  # it outlives its zygote if need be: it ends when the grader's socket closes
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The run folder on disk, used only where the jail's own cannot be made; removed below.
    host_folder = _new_folder(runs or tempfile.gettempdir(), "run-" if runs else "latent-tutor-run-")
    if plan.root and "uid" not in plan.off:
        os.chown(host_folder, isolation.UNPRIVILEGED_UID, isolation.UNPRIVILEGED_UID)
    namespaces = confine.enter_namespaces(plan)
    me = os.getpid()
    learner = os.fork()
    if learner == 0:  # pragma: no cover - runs in the learner process
        os.close(control_fd)
        sandbox.learner_main(plan, namespaces, host_folder, request, requests, replies, output, keeper=me)
    for fd in (requests, replies, output):
        os.close(fd)
    control = socket.socket(fileno=control_fd)
    try:
        control.sendall(json.dumps({"pid": learner, "namespaces": sorted(namespaces)}).encode() + b"\n")
    except OSError:
        os.kill(learner, signal.SIGKILL)
    status = _watch(control, learner)
    try:
        control.sendall(json.dumps({"exit": status}).encode() + b"\n")
    except OSError:
        pass
    shutil.rmtree(host_folder, ignore_errors=True)
    if runs and os.getppid() != zygote:
        _remove_runs(runs)  # the last keeper of a zygote that has ended


def _remove_runs(runs: str) -> None:
    """Remove the zygote's folder once no run folder is left in it, with the jail template's
    mount point (the template is detached first: it is mounted only in the zygote's namespace)."""
    try:
        if not set(os.listdir(runs)) <= {".jail"}:
            return
    except OSError:
        return
    confine.detach(os.path.join(runs, ".jail"))
    shutil.rmtree(runs, ignore_errors=True)


def _new_folder(parent: str, prefix: str) -> str:
    """A new private folder (os.mkdir with a random name: tempfile's generator costs more)."""
    while True:
        path = os.path.join(parent, prefix + os.urandom(6).hex())
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue


def _watch(control: socket.socket, learner: int) -> int:
    """Wait for the learner process to end, killing it when the grader asks or is gone."""
    try:
        ended: int | None = os.pidfd_open(learner)
    except (AttributeError, OSError):
        ended = None
    killed = False
    while True:
        if ended is None:
            done, status = os.waitpid(learner, os.WNOHANG)
            if done:
                return status
            asked = bool(select.select([control], [], [], 0.01)[0])
        else:
            ready = select.select([control.fileno(), ended], [], [])[0]
            if ended in ready:
                return os.waitpid(learner, 0)[1]
            asked = control.fileno() in ready
        if asked and not killed:
            try:
                data = control.recv(64)
            except OSError:
                data = b""
            if not data or b"k" in data:
                os.kill(learner, signal.SIGKILL)
                killed = True
