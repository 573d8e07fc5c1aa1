"""A bad configuration at the window's start: a message box with the file, the line and "Buka
berkas", and the same words in the log (the windowed program has no console)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from antrean_desktop import logging_setup
from antrean_desktop.cli import EXIT_USAGE, main
from antrean_desktop.config import ConfigError, load_config
from antrean_desktop.gui import startup_error

BAD = '[hospital]\ntimezone = "Asia/Jakarta"\n\n[bpjs]\nverify_tls = true\nsecrte_key = "x"\n'


@pytest.fixture
def clean_logging():
    yield
    root = logging.getLogger()
    for handler in list(logging_setup._configured_handlers):
        root.removeHandler(handler)
        handler.close()
    logging_setup._configured_handlers.clear()


def answer_box(seen: list[dict], click: str) -> None:
    """Once the start-up box is up: note what it says, click "Buka berkas" when ``click`` is
    "open", then close it."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        buttons = {b.text() for b in box.buttons()}
        seen.append(
            {
                "text": box.text(),
                "info": box.informativeText(),
                "buttons": buttons,
                "width": box.width(),
            }
        )
        if click == "open" and box.open_button is not None:
            box.open_button.click()
        close = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole]
        close[0].click()

    QTimer.singleShot(0, look)


def test_a_misspelt_key_at_gui_start_shows_a_box_and_logs_it(
    qtbot, qapp, tmp_path, monkeypatch, clean_logging
):
    path = tmp_path / "config.toml"
    path.write_text(BAD, encoding="utf-8")
    opened = []
    monkeypatch.setattr(startup_error, "open_file", opened.append)
    seen: list[dict] = []
    answer_box(seen, "open")
    assert main(["--config", str(path), "gui"]) == EXIT_USAGE
    assert len(seen) == 1, "no message box at start-up"
    info = seen[0]["info"]
    assert "secrte_key" in info and "maksudnya 'secret_key'" in info, info
    assert f"Berkas: {path}, baris 6" in info
    assert info.count(str(path)) == 1, info  # the file named once, with its line
    assert seen[0]["width"] >= 520, seen[0]  # a line to read, not a narrow column
    assert seen[0]["buttons"] == {"Buka berkas", "Tutup"}
    assert opened == [path]  # "Buka berkas" opened the file and the box stayed until "Tutup"
    log_text = logging_setup.log_file_path().read_text("utf-8")
    assert "secrte_key" in log_text and f"{path}, baris 6" in log_text, log_text


def test_not_toml_names_the_line_and_english_is_selectable(
    qtbot, qapp, tmp_path, monkeypatch, clean_logging
):
    path = tmp_path / "config.toml"
    path.write_text('[hospital]\nlanguage = "en"\n\n[bpjs\n', encoding="utf-8")
    seen: list[dict] = []
    answer_box(seen, "none")
    monkeypatch.setattr(startup_error, "open_file", lambda p: None)
    main(["--config", str(path), "--lang", "en", "gui"])
    assert len(seen) == 1
    # the box's own words come through the Qt translation like the rest of the window
    assert seen[0]["text"] == "Antrean Desktop cannot start."
    assert f"File: {path}, line 4" in seen[0]["info"], seen[0]["info"]
    assert "not valid TOML" in seen[0]["info"]
    assert seen[0]["buttons"] == {"Open file", "Close"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[bpjs]\n\ntimeout_seconds = -1\n", 3),
        ('# c\n[khanza]\nurl = "x"\n', 3),
        ("[hospital]\n[hosptal]\nx = 1\n", 2),
        ("x = 1\n", 1),
    ],
)
def test_the_error_knows_its_line(tmp_path, text, line):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.file, caught.value.line) == (path, line)


def test_an_unexpected_failure_at_start_is_told_too(
    qtbot, qapp, tmp_path, monkeypatch, clean_logging
):
    from antrean_desktop.cli import gui as gui_command

    def broken(args, config):
        raise RuntimeError("boom")

    monkeypatch.setattr(gui_command, "run", broken)
    from antrean_desktop import cli

    monkeypatch.setitem(cli.COMMANDS, "gui", gui_command)
    seen: list[dict] = []
    answer_box(seen, "none")
    (tmp_path / "config.toml").write_text("[hospital]\n", encoding="utf-8")
    assert main(["--config", str(tmp_path / "config.toml"), "gui"]) != 0
    assert len(seen) == 1 and "RuntimeError" in seen[0]["info"]
    assert "boom" in logging_setup.log_file_path().read_text("utf-8")
