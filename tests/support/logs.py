"""Undo a test's :func:`setup_logging` so no handler keeps writing into its temporary folder."""

from __future__ import annotations

import logging
from pathlib import Path

from antrean_desktop.logging_setup import setup_logging


def reset_logging(tmp_path: Path) -> None:
    setup_logging(console=False, log_dir=tmp_path / "other")
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
            root.removeHandler(handler)
            handler.close()
