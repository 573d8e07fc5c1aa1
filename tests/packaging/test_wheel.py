"""The wheel carries everything the program needs: built from a copy of the source tree,
installed into a fresh virtual environment, and run from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "antrean_desktop",
    "migrations",
    "resources",
    "docs",
)

pytestmark = pytest.mark.slow


def copy_sources(target: Path) -> Path:
    """The files a build reads, so building leaves no build/ or egg-info in the repository."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    target.mkdir(parents=True)
    for name in SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=ignore)
        else:
            shutil.copy2(src, target / name)
    return target


def build_wheel(tmp: Path) -> Path:
    src = copy_sources(tmp / "src")
    out = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    (wheel,) = out.glob("antrean_desktop-*.whl")
    return wheel


def fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed (without its dependencies, which
    come from the test environment through a .pth line: no download, and the wheel's own
    files are the only copy of the program it can import)."""
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz_test_dependencies.pth").write_text(deps + "\n", encoding="utf-8")
    return env_dir


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(tmp)
    return wheel, fresh_venv(tmp, wheel)


def run(env_dir: Path, *args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTREAN_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), QT_QPA_PLATFORM="offscreen")
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"))
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(env_dir / "bin" / "antrean-desktop"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )


def test_wheel_contains_migrations_resources_and_schema(installed) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "antrean_desktop/migrations/env.py",
        "antrean_desktop/migrations/script.py.mako",
        "antrean_desktop/migrations/versions/0001_initial.py",
        "antrean_desktop/resources/style.qss",
        "antrean_desktop/resources/icons/app.svg",
        "antrean_desktop/resources/translations/antrean_en.qm",
        "antrean_desktop/khanza/schema/khanza.sql",
        "antrean_desktop/docs/troubleshooting.md",
        "antrean_desktop/docs/troubleshooting.id.md",
    ):
        assert name in names, name
    assert not any(n.startswith(("migrations/", "resources/", "tests/", "docs/")) for n in names)


def test_installed_program_finds_its_files_from_another_folder(installed, tmp_path) -> None:
    _, env_dir = installed
    python = env_dir / "bin" / "python"
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import antrean_desktop, antrean_desktop.store.migrate as m, "
            "antrean_desktop.gui.resources as r; "
            "print(antrean_desktop.__file__); print(m.migrations_dir()); print(r.resources_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.split()
    for path in where:
        assert Path(path).resolve().is_relative_to(env_dir.resolve()), where

    home = tmp_path / "home"
    result = run(env_dir, "--lang", "en", "db", "upgrade", cwd=tmp_path, home=home)
    assert result.returncode == 0, result.stderr
    assert "migrated from empty to" in result.stdout
    assert (home / "data" / "AntreanDesktop" / "antrean.db").is_file()

    result = run(env_dir, "--demo", "sync", cwd=tmp_path, home=home)
    assert result.returncode == 0, result.stderr
    assert " kunjungan; terkirim " in result.stdout  # Bahasa Indonesia by default
    assert (home / "data" / "AntreanDesktop" / "demo" / "khanza-demo.db").is_file()
