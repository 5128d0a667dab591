"""Start a zygote process (see `tutor.core.zygote`), cheaply enough to do first.

`latent-tutor check` starts its zygote before it imports NumPy or reads the pack, so that the
two import NumPy side by side. This module therefore imports only what the interpreter has
loaded already (and `socket`): no subprocess, json or dataclasses. The zygote is a new
interpreter (``python -I -S``: no working directory or PYTHON* variables on its path, no site
hooks), spawned with the environment learner code will have and nothing of the caller's.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable

BOOT = ("import ast, sys; cfg = ast.literal_eval(sys.argv[1]); sys.path[:0] = cfg['path']; "
        "from tutor.core.zygote_main import serve; serve(cfg)")
OFF_ENV = "LATENT_TUTOR_ISOLATION_OFF"
RUN_FOLDER = "/sandbox"
"""The learner's working folder inside the jail (also its HOME and TMPDIR)."""


def learner_environment() -> dict[str, str]:
    """The whole environment learner code gets: nothing of the grader's."""
    return {"PATH": "/usr/bin:/bin", "HOME": RUN_FOLDER, "TMPDIR": RUN_FOLDER, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1"}


def forced_off() -> list[str]:
    """The isolation layers ``LATENT_TUTOR_ISOLATION_OFF`` names (testing degraded machines)."""
    return sorted({n.strip() for n in os.environ.get(OFF_ENV, "").split(",") if n.strip()})


def launch(hidden: tuple[str, ...] = ()) -> tuple[int, socket.socket]:
    """Spawn a zygote; return its pid and the grader's end of its control socket. ``hidden``
    names folders learner code must never see besides the usual ones. Raises OSError."""
    import tutor

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        os.set_inheritable(theirs.fileno(), True)
        package = os.path.dirname(os.path.realpath(tutor.__file__))
        config = {"fd": theirs.fileno(), "parent": os.getpid(), "off": forced_off(),
                  "path": [os.path.dirname(package), *(p for p in sys.path if p and p != os.path.dirname(package))],
                  "hidden": [package, *hidden]}
        null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        pid = os.posix_spawn(sys.executable, [sys.executable, "-I", "-S", "-c", BOOT, repr(config)],
                             learner_environment(), file_actions=null, setsid=True)
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return pid, ours


Ends = tuple[socket.socket, int, int, int]
"""The grader's ends of a learner process: its keeper's control socket, then the write end of
its request pipe and the read ends of its reply and output pipes."""


def request(zygote: socket.socket | None, run_mb: int, max_files: int, warm: bool, away_from: int = -1,
            fork_here: Callable[[dict[str, object], list[int]], None] | None = None) -> Ends:
    """Ask a zygote (or ``fork_here``, off Linux) for a learner process; returns at once with
    the grader's ends. Raises OSError."""
    control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    req_r, req_w = os.pipe()
    resp_r, resp_w = os.pipe()
    out_r, out_w = os.pipe()
    theirs_fds = [theirs.fileno(), req_r, resp_w, out_w]
    message: dict[str, object] = {"run_mb": run_mb, "max_files": max_files, "warm": warm, "away_from": away_from}
    try:
        if zygote is None:
            if fork_here is None:
                raise OSError("no zygote and no way to fork here")
            fork_here(message, theirs_fds)
        else:
            socket.send_fds(zygote, [repr(message).encode()], theirs_fds)
    except BaseException:
        control.close()
        for fd in (req_w, resp_r, out_r):
            os.close(fd)
        raise
    finally:
        theirs.close()
        for fd in (req_r, resp_w, out_w):
            os.close(fd)
    os.set_blocking(req_w, False)
    return control, req_w, resp_r, out_r


DEFAULT_RUN_FOLDER = (64, 256)
"""`Limits`' default run folder (MiB, files); a test keeps the two the same."""
_early: list[tuple[int, socket.socket]] = []
_early_learner: list[Ends] = []


def launch_early() -> None:
    """Start this process's zygote now, before the caller imports anything heavy, and ask it at
    once for a learner process with the default limits (it waits in the zygote's socket until
    the zygote is ready). `tutor.core.zygote.shared` and the engine take both over."""
    if _early or sys.platform != "linux":
        return
    try:
        pid, sock = launch()
    except OSError:
        return  # the zygote's own start will say why
    _early.append((pid, sock))
    try:
        _early_learner.append(request(sock, *DEFAULT_RUN_FOLDER, True))  # it warms up while the caller loads
    except OSError:
        pass


def take_early() -> tuple[int, socket.socket] | None:
    """The zygote `launch_early` started, handed over once."""
    return _early.pop() if _early else None


def take_early_learner() -> Ends | None:
    """The learner process `launch_early` asked for, handed over once."""
    return _early_learner.pop() if _early_learner else None
