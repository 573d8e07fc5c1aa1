import logging
import sys
import threading

from antrean_desktop.logging_setup import setup_logging
from tests.support.logs import reset_logging


def test_log_file_gets_thread_crashes_and_no_secrets(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = setup_logging(console=False, log_dir=tmp_path, secrets=["SuperSecret123"])
    try:

        def boom():
            raise RuntimeError("worker exploded")

        t = threading.Thread(target=boom, name="poller-thread")
        t.start()
        t.join()
        logging.getLogger("antrean.test").info("config says secret_key=SuperSecret123")
        sys.excepthook(ValueError, ValueError("main exploded"), None)
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "Uncaught exception in thread poller-thread" in text
        assert "RuntimeError: worker exploded" in text
        assert "ValueError: main exploded" in text
        assert "SuperSecret123" not in text and "secret_key=***" in text
    finally:
        reset_logging(tmp_path)
