"""One instance per user, claimed with a lock file in a private folder."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtNetwork import QLocalServer

from antrean_desktop.gui.single_instance import SingleInstance, instance_dir


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "inst"


def test_second_start_wakes_the_first_and_exits(qtbot, folder):
    first = SingleInstance(folder)
    assert first.claim()
    try:
        second = SingleInstance(folder)
        with qtbot.waitSignal(first.activated, timeout=3000):
            assert not second.claim()
        assert second.problem == ""
    finally:
        first.release()
    again = SingleInstance(folder)
    assert again.claim()  # released: the next start is the instance
    again.release()


def test_an_unreachable_instance_is_reported_not_silent(folder):
    first = SingleInstance(folder)
    assert first.claim()
    try:
        assert first._server is not None
        first._server.close()  # the owner hangs: it holds the lock but does not answer
        second = SingleInstance(folder)
        assert not second.claim(timeout_ms=300)
        assert str(os.getpid()) in second.problem and "tidak menjawab" in second.problem
        assert str(folder / "instance.lock") in second.problem
    finally:
        first.release()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes; Windows profile ACLs instead")
def test_lock_and_socket_live_in_a_private_folder(folder):
    first = SingleInstance(folder)
    assert first.claim()
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert first.name == str(folder / "instance.sock")
        assert (folder / "instance.sock").exists()
    finally:
        first.release()


def test_a_socket_another_user_planted_in_tmp_changes_nothing(folder):
    """The old design used a predictable name in /tmp: a planted server made the window exit
    silently. Now only the lock in the private folder counts."""
    planted = QLocalServer()
    assert planted.listen(f"antrean-desktop-planted-{os.getpid()}")
    try:
        first = SingleInstance(folder)
        assert first.claim()
        first.release()
    finally:
        planted.close()


def test_instance_dir_is_the_runtime_dir_or_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    expected = tmp_path / "antrean-desktop" if os.name == "posix" else None
    if expected is not None:
        assert instance_dir() == expected
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert "AntreanDesktop" in str(instance_dir())
