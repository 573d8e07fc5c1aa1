"""The settings dialog's "Test connection", off the GUI thread: the same tests as
``antrean-desktop check`` (:mod:`antrean_desktop.pipeline.checks`)."""

from __future__ import annotations

from antrean_desktop.config import Config
from antrean_desktop.runtime.background import BackgroundCall


class ConnectionTest(BackgroundCall):
    """``finished(True, [CheckResult, ...])`` when the test ran (passed or not);
    ``finished(False, message)`` only when the test itself broke."""

    def test_khanza(self, config: Config) -> None:
        from antrean_desktop.pipeline.checks import check_khanza

        self.start(lambda: [check_khanza(config)])

    def test_bpjs(self, config: Config) -> None:
        from antrean_desktop.pipeline.checks import check_bpjs

        self.start(lambda: check_bpjs(config))
