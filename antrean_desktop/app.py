"""``antrean-desktop gui``: the operator window, its background runtime and a clean quit."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time

from antrean_desktop.config import Config

log = logging.getLogger("antrean.app")


def settle_garbage_collector() -> None:
    """Keep Python's full garbage collections short so the window does not stall.

    A full collection holds the GIL while it walks every tracked object, and the background
    threads' SQLAlchemy loads trigger them: in a measurement with 300 visits loaded every 0.2 s
    the main thread's longest pause was 65 ms, and 16 ms with the start-up objects frozen.
    Objects alive after start-up live as long as the program, so freezing them loses nothing.
    """
    gc.collect()
    gc.freeze()


def quit_on_signals(app, quit_) -> object:
    """Ctrl+C or SIGTERM quits cleanly, like the tray's Quit. Qt's event loop does not run
    Python code by itself, so a slow timer gives Python's signal handlers a chance to run."""
    import signal

    from PySide6.QtCore import QTimer

    def handler(signum: int, _frame: object) -> None:
        log.info("signal %s: quitting", signum)
        QTimer.singleShot(0, quit_)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)
    app.aboutToQuit.connect(timer.stop)
    return timer


def first_run(config: Config) -> str | None:
    """The first-run setup (the settings dialog as three short steps): "saved", "demo" (try
    the demo hospital) or None (closed)."""
    from PySide6.QtWidgets import QApplication

    from antrean_desktop.gui.i18n import install_translator
    from antrean_desktop.gui.resources import icon, style_sheet
    from antrean_desktop.gui.settings_dialog import SettingsDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    translator = install_translator(app, config.hospital.language)  # noqa: F841 - keep alive
    dialog = SettingsDialog(config, config.path, first_run=True)
    dialog.exec()
    log.info("first-run setup ended: %s", dialog.choice or "closed")
    return dialog.choice


def run_gui(args: argparse.Namespace, config: Config) -> int:
    """Start the window (or bring the running one forward) and run until the user quits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from antrean_desktop.gui.i18n import install_translator
    from antrean_desktop.gui.log_pane import QtLogHandler
    from antrean_desktop.gui.main_window import MainWindow
    from antrean_desktop.gui.qt_messages import (
        install_qt_message_handler,
        remove_qt_message_handler,
    )
    from antrean_desktop.gui.resources import icon, style_sheet
    from antrean_desktop.gui.settings_dialog import edit_running_settings
    from antrean_desktop.gui.single_instance import SingleInstance, instance_dir
    from antrean_desktop.logging_setup import redactor
    from antrean_desktop.runtime.bridge import RuntimeBridge
    from antrean_desktop.runtime.scheduler import Runtime
    from antrean_desktop.store.db import Store

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Antrean Desktop")
    app.setOrganizationName("AntreanDesktop")
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(icon("app"))
    install_qt_message_handler()
    translator = install_translator(app, config.hospital.language)  # noqa: F841 - keep alive

    single = SingleInstance(instance_dir() / "demo" if config.demo else None)  # demo: its own
    if not single.claim():
        remove_qt_message_handler()
        if single.problem:  # running but not answering: say so instead of exiting silently
            QMessageBox.warning(None, "Antrean Desktop", single.problem)
            return 1
        return 0

    app.setStyleSheet(style_sheet())
    store = Store(config.store_url)  # no connection yet: the runtime migrates it off this thread
    handler = QtLogHandler()  # every level: the pane's filter shows Info and up by default
    handler.addFilter(redactor())
    logging.getLogger().addHandler(handler)
    bridge = RuntimeBridge()
    runtime = Runtime(config, store, bridge)

    def open_settings(parent) -> None:
        if config.demo:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(
                parent,
                app.translate("app", "Mode demo"),
                app.translate(
                    "app",
                    "Mode demo memakai rumah sakit contoh dan simulator BPJS; pengaturan tidak "
                    "disimpan. Tutup demo dan jalankan Antrean Desktop tanpa --demo untuk "
                    "mengatur koneksi ke Khanza dan BPJS.",
                ),
            )
            return
        edit_running_settings(parent)

    from PySide6.QtCore import QSettings

    window = MainWindow(
        config,
        runtime,
        bridge,
        log_handler=handler,
        open_settings=open_settings,
        settings=QSettings("AntreanDesktop", "window"),
    )
    single.activated.connect(window.bring_forward)
    window.closedForGood.connect(app.quit)

    stopped = {"clean": True}

    def shutdown() -> None:
        log.info("quitting")
        if not runtime.stop(timeout=5.0):
            stopped["clean"] = False
            log.warning("a background request did not finish in time; it will be resent")
        logging.getLogger().removeHandler(handler)
        single.release()
        store.dispose()
        remove_qt_message_handler()

    app.aboutToQuit.connect(shutdown)
    signal_timer = quit_on_signals(app, window.quit)  # noqa: F841 - keep alive
    settle_garbage_collector()
    runtime.start()
    if getattr(args, "minimized", False) and window.tray is not None:
        log.info("started minimised to the tray")
    else:
        window.show()
        QTimer.singleShot(0, _log_shown)  # after the first turn of the event loop
    code = app.exec()
    if not stopped["clean"]:
        leave_calls_behind(code)
    return code


def leave_calls_behind(code: int) -> None:
    """End the process now, leaving a BPJS call that outlived the stop to its job's lease
    (Python would otherwise wait for its thread at exit: a quit must take seconds, not minutes)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(code)


def _log_shown() -> None:
    from antrean_desktop import STARTED

    log.info("window shown %.2f s after start", time.monotonic() - STARTED)
