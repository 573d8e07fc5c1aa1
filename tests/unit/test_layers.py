"""The dependency direction of DESIGN.md: gui -> runtime -> pipeline -> (store, khanza, bpjs) -> domain."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "antrean_desktop"

# layer -> project packages it must NOT import
FORBIDDEN = {
    "domain": {
        "store",
        "khanza",
        "bpjs",
        "pipeline",
        "runtime",
        "gui",
        "sim",
        "demo",
        "config",
        "cli",
        "app",
        "logging_setup",
    },
    "store": {"khanza", "bpjs", "pipeline", "runtime", "gui", "sim", "demo"},
    "khanza": {"store", "bpjs", "pipeline", "runtime", "gui", "sim", "demo"},
    "bpjs": {"store", "khanza", "pipeline", "runtime", "gui", "sim", "demo"},
    "pipeline": {"runtime", "gui", "sim", "demo"},
    "runtime": {"gui", "demo"},
    "demo": {"gui", "runtime", "pipeline", "store"},
}
QT_WIDGETS = ("PySide6.QtWidgets", "PySide6.QtGui")
NO_WIDGETS = {"domain", "store", "khanza", "bpjs", "pipeline", "runtime", "sim", "demo"}
NO_QT = {"domain", "store", "khanza", "bpjs", "pipeline", "sim", "demo"}
IO_MODULES = {
    "requests",
    "sqlalchemy",
    "pymysql",
    "socket",
    "urllib",
    "http",
    "PySide6",
    "keyring",
    "sqlite3",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_layers_only_import_downwards():
    problems = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "antrean_desktop" and len(parts) > 1 and parts[1] in forbidden:
                    problems.append(f"{path.relative_to(PACKAGE)} imports {name}")
                top = parts[0]
                if layer in NO_QT and top == "PySide6":
                    problems.append(f"{path.relative_to(PACKAGE)} imports Qt ({name})")
                if layer in NO_WIDGETS and name.startswith(QT_WIDGETS):
                    problems.append(f"{path.relative_to(PACKAGE)} imports widgets ({name})")
                if layer == "domain" and top in IO_MODULES:
                    problems.append(f"{path.relative_to(PACKAGE)} does I/O ({name})")
    assert not problems, "\n".join(problems)
