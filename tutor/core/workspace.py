"""The learner's workspace: the folder of exercise files they edit, made from the pack's stubs.

Files are created on first use and never overwritten; `reset` copies the stub back after
keeping a backup. The tutor's own state (progress, backups) lives in ``.latent-tutor/`` inside.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from tutor.core.model import Exercise, Pack

ENV_VAR = "LATENT_TUTOR_WORKSPACE"
STATE_DIR = ".latent-tutor"


def default_root() -> Path:
    """Where the workspace lives unless --workspace or $LATENT_TUTOR_WORKSPACE says otherwise."""
    from platformdirs import user_documents_path

    return user_documents_path() / "latent-tutor"


def resolve_root(explicit: str | os.PathLike | None = None) -> Path:
    chosen = explicit or os.environ.get(ENV_VAR) or default_root()
    return Path(chosen).expanduser().resolve()


class Workspace:
    """A workspace folder. The primary pack's files sit at its top; other packs' in a subfolder."""

    def __init__(self, root: Path, primary: str) -> None:
        self.root = Path(root)
        self.primary = primary
        """Name of the pack whose files live at the top of the workspace."""

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

    def reset(self, pack: Pack, exercise: Exercise) -> Path | None:
        """Put the stub back; return where the learner's previous file was backed up (if any)."""
        target = self.path(pack, exercise)
        backup = None
        if target.exists():
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backup = self.state_dir / "backups" / f"{Path(self.relative(pack, exercise)).with_suffix('')}.{stamp}.py"
            backup.parent.mkdir(parents=True, exist_ok=True)
            n = 1
            while backup.exists():
                backup = backup.with_name(f"{backup.stem.rsplit('.', 1)[0]}.{stamp}-{n}.py")
                n += 1
            shutil.copy2(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.stub_path, target)
        return backup
