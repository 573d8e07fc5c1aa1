"""An unprotected BPJS connection (http:// or verify_tls = false) is said in the window and
in the log."""

from __future__ import annotations

import logging

import pytest

from antrean_desktop.config import BpjsConfig, Config
from antrean_desktop.pipeline.service import make_client
from tests.gui.window_env import open_window


@pytest.mark.parametrize(
    ("bpjs", "shown"),
    [
        (BpjsConfig(), ()),
        (BpjsConfig(base_url="http://apijkn.example/antreanrs"), ("http://",)),
        (BpjsConfig(verify_tls=False), ("verify_tls = false",)),
        (
            BpjsConfig(base_url="http://apijkn.example/antreanrs", verify_tls=False),
            ("http://", "verify_tls = false"),
        ),
    ],
)
def test_window_and_log_warn_about_an_unprotected_connection(
    qtbot, sqlite_store, no_thread_leak, caplog, bpjs, shown
):
    config = Config(bpjs=bpjs)
    env = open_window(qtbot, config, sqlite_store)
    try:
        label = env.window.tls_warning
        assert label.isVisible() == bool(shown)
        for part in shown:
            assert part in label.text() and "tidak aman" in label.text()
    finally:
        env.stop()
    with caplog.at_level(logging.WARNING, logger="antrean.pipeline"):
        make_client(config).close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert bool(warnings) == bool(shown)
    for part in shown:
        assert part in warnings[0] and "not secure" in warnings[0]


def test_the_dev_server_shows_a_permanent_banner(qtbot, gui_config, sqlite_store):
    from dataclasses import replace

    from antrean_desktop.config import DEV_BASE_URL, PRODUCTION_BASE_URL
    from antrean_desktop.gui.main_window import dev_server_text

    dev = replace(gui_config, bpjs=replace(gui_config.bpjs, base_url=DEV_BASE_URL))
    assert dev_server_text(dev).startswith("UJI COBA: kiriman masuk ke server uji coba (dev)")
    prod = replace(gui_config, bpjs=replace(gui_config.bpjs, base_url=PRODUCTION_BASE_URL))
    assert dev_server_text(prod) == ""
