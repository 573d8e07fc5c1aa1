"""Files only this user may read: the local store and the log hold patients' data.

On POSIX the program's own folders are created 0700 and its files 0600 (an existing file from an
older version is tightened). On Windows the user profile folders are already private to the user
(their ACLs), and ``chmod`` cannot express more, so nothing is changed there.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; a folder created here is 0700."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        if POSIX:
            os.chmod(path, PRIVATE_DIR)  # mkdir's mode is cut by the umask
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, readable and writable by this user only."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    os.close(fd)
    if POSIX and (path.stat().st_mode & 0o777) != PRIVATE_FILE:
        os.chmod(path, PRIVATE_FILE)
    return path
