"""The learner's workspace: the folder of exercise files they edit, made from the pack's stubs.

Files are created on first use and never overwritten; `reset` copies the stub back after
keeping a backup. The tutor's own state (progress, backups) lives in ``.latent-tutor/`` inside.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from tutor.core.fsutil import atomic_write
from tutor.core.model import Exercise, Pack

ENV_VAR = "LATENT_TUTOR_WORKSPACE"
STATE_DIR = ".latent-tutor"


def default_root() -> Path:
    """Where the workspace lives unless --workspace or $LATENT_TUTOR_WORKSPACE says otherwise."""
    from platformdirs import user_documents_path

    return user_documents_path() / "latent-tutor"


def resolve_root(explicit: str | os.PathLike[str] | None = None) -> Path:
    chosen = explicit or os.environ.get(ENV_VAR) or default_root()
    return Path(chosen).expanduser().resolve()


class Workspace:
    """A workspace folder. The primary pack's files sit at its top; other packs' in a subfolder."""

    def __init__(self, root: Path, primary: str) -> None:
        self.root = Path(root)
        self.primary = primary
        """Name of the pack whose files live at the top of the workspace."""

    @property
    def shown(self) -> str:
        """The folder as people read it: under the home folder, written from ``~``."""
        try:
            return str(Path("~") / self.root.relative_to(Path.home()))
        except (ValueError, RuntimeError):  # elsewhere, or no home folder
            return str(self.root)

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def relative(self, pack: Pack, exercise: Exercise) -> str:
        """The exercise's path relative to the workspace (and to a student folder in grading)."""
        return exercise.file if pack.name == self.primary else f"{pack.name}/{exercise.file}"

    def path(self, pack: Pack, exercise: Exercise) -> Path:
        return self.root / self.relative(pack, exercise)

    def ensure(self, pack: Pack) -> list[Path]:
        """Create any missing exercise files from the stubs; return the files created."""
        created = []
        for exercise in pack.exercises:
            target = self.path(pack, exercise)
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(exercise.stub_path, target)
            created.append(target)
        return created

    def _keep_path(self, folder: str, pack: Pack, exercise: Exercise) -> Path:
        """A new file ``.latent-tutor/<folder>/<relative path>.<time stamp>.py``."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.state_dir / folder / f"{Path(self.relative(pack, exercise)).with_suffix('')}.{stamp}.py"
        kept.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while kept.exists():
            kept = kept.with_name(f"{kept.stem.rsplit('.', 1)[0]}.{stamp}-{n}.py")
            n += 1
        return kept

    def reset(self, pack: Pack, exercise: Exercise) -> Path | None:
        """Put the stub back; return where the learner's previous file was backed up (if any)."""
        target = self.path(pack, exercise)
        backup = None
        if target.exists():
            backup = self._keep_path("backups", pack, exercise)
            shutil.copy2(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.stub_path, target)
        return backup

    def keep_unsaved(self, pack: Pack, exercise: Exercise, text: str) -> Path:
        """Keep edits the learner had no chance to save or discard (the app stopped on an error
        or a signal) in ``.latent-tutor/unsaved/``; the learner's file itself is not touched."""
        kept = self._keep_path("unsaved", pack, exercise)
        atomic_write(kept, text)
        return kept
