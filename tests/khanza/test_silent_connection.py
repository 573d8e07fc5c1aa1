"""Khanza's connection has connect, read and write timeouts: a server that goes silent ends the
read with a clear error instead of hanging the cycle, and reading works again afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from antrean_desktop.config import HospitalConfig, KhanzaConfig
from antrean_desktop.khanza import KhanzaError, KhanzaReader
from antrean_desktop.khanza.reader import connection_timeouts
from tests.support.tcp_proxy import SilentProxy

QUICK = KhanzaConfig(connect_timeout_seconds=1, read_timeout_seconds=1, write_timeout_seconds=1)


@pytest.fixture
def proxied(khanza_db: str) -> Iterator[tuple[SilentProxy, str]]:
    """Khanza's URL through a proxy on 127.0.0.1 that the test can silence."""
    url = make_url(khanza_db)
    with SilentProxy(url.host or "127.0.0.1", url.port or 3306) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port)
        yield proxy, through.render_as_string(hide_password=False)


def test_silent_server_times_out_and_reading_resumes(proxied, kz, day):
    proxy, url = proxied
    kz.standard_day(day)
    reader = KhanzaReader(url, QUICK, HospitalConfig())
    try:
        before = reader.read_day(day)
        assert before, "the day has visits"

        proxy.silent = True  # the server (or the network to it) stops answering
        with pytest.raises(KhanzaError) as caught:
            reader.read_day(day)
        message = str(caught.value)
        assert "could not be read" in message and "timed out" in message

        proxy.silent = False  # the network comes back
        after = reader.read_day(day)
        assert [v.no_rawat for v in after] == [v.no_rawat for v in before]
    finally:
        reader.close()


def test_timeouts_come_from_the_config_with_sane_defaults():
    assert connection_timeouts(KhanzaConfig()) == {
        "connect_timeout": 10.0,
        "read_timeout": 30.0,
        "write_timeout": 30.0,
    }
