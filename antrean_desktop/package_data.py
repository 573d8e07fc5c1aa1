"""Where the program's own files are: ``migrations/`` and ``resources/``.

In the source tree (and an editable install) they are top-level folders beside the package. A
wheel installs them inside the package (``antrean_desktop/migrations``, see setup.py), and the
PyInstaller bundle puts them at the same place below ``sys._MEIPASS``. Both are found through
``importlib.resources``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "antrean_desktop"
SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str, marker: str) -> Path:
    """The folder ``name`` (``migrations`` or ``resources``), recognised by the file ``marker``
    inside it; FileNotFoundError naming every place looked at."""
    installed = Path(str(resources.files(PACKAGE))) / name
    candidates = [installed, SOURCE_ROOT / name]
    for path in candidates:
        if (path / marker).is_file():
            return path
    raise FileNotFoundError(
        f"{name}/ not found (looked in: " + ", ".join(str(p) for p in candidates) + ")"
    )
