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
    # the window talks only to the runtime: no store, Khanza, BPJS client or pipeline of its own
    "gui": {"store", "khanza", "bpjs", "pipeline", "sim", "demo", "cli", "app", "logging_setup"},
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


#: what the window must not reach for itself (it asks the runtime, which asks the pipeline)
GUI_FORBIDDEN_LIBRARIES = {"sqlalchemy", "pymysql", "requests", "urllib3", "alembic"}


def _private_config_names(path: Path) -> set[str]:
    """``config._X`` (or ``from antrean_desktop.config import _X``) used in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = set()
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "antrean_desktop":
            aliases.update(a.asname or a.name for a in node.names if a.name == "config")
        elif isinstance(node, ast.ImportFrom) and node.module == "antrean_desktop.config":
            used.update(a.name for a in node.names if a.name.startswith("_"))
        elif isinstance(node, ast.Import):
            aliases.update(a.asname for a in node.names if a.name == "antrean_desktop.config")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
        ):
            used.add(node.attr)
    return used


def test_gui_talks_only_to_the_runtime():
    problems = []
    for path in (PACKAGE / "gui").rglob("*.py"):
        where = path.relative_to(PACKAGE)
        for name in _imports(path):
            if name.split(".")[0] in GUI_FORBIDDEN_LIBRARIES:
                problems.append(f"{where} imports {name}")
        for name in sorted(_private_config_names(path)):
            problems.append(f"{where} uses config.{name} (private)")
    assert not problems, "\n".join(problems)


def test_the_gui_rule_would_catch_a_breach(tmp_path):
    """The checks above see through the ways a module could reach past the runtime."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from antrean_desktop import config as cfg\n"
        "from antrean_desktop.config import _EXPECT\n"
        "def f():\n"
        "    from sqlalchemy import create_engine\n"
        "    return cfg._is_secret_value, create_engine\n",
        encoding="utf-8",
    )
    assert _private_config_names(sample) == {"_EXPECT", "_is_secret_value"}
    assert "sqlalchemy" in _imports(sample)
