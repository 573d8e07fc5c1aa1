"""``sync`` says the day in Bahasa Indonesia unless English is chosen (``[hospital] language`` or
``--lang``, which wins); the numbers are the ones ``status --json`` gives."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from antrean_desktop.cli import main
from tests.e2e.support import config_file, day_summary
from tests.e2e.test_sync_day import DAY, standard_day

INDONESIAN = (
    "{day}: {visits} kunjungan; terkirim {sent}, diblokir {blocked}, gagal {failed}, "
    "menunggu {waiting}"
)
ENGLISH = (
    "{day}: {visits} visits; sent {sent}, blocked {blocked}, failed {failed}, waiting {waiting}"
)


def _sync(argv: list[str], capsys, day: date = DAY) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main([*argv, "sync", "--date", day.isoformat()])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_sync_speaks_the_configured_language(tmp_path, sim, khanza_db, capsys):
    standard_day(khanza_db, DAY)
    cfg = config_file(tmp_path, sim, khanza_db)
    code, lines, _ = _sync(["--config", cfg], capsys)
    assert code == 0
    counts = {"day": DAY.isoformat(), **day_summary(cfg, DAY, capsys)}
    assert counts["visits"] > 0 and counts["sent"] > 0 and counts["blocked"] > 0
    assert lines == [INDONESIAN.format(**counts)]

    assert _sync(["--config", cfg, "--lang", "en"], capsys)[1] == [ENGLISH.format(**counts)]
    english = config_file(tmp_path, sim, khanza_db, extra='[hospital]\nlanguage = "en"')
    assert _sync(["--config", english], capsys)[1] == [ENGLISH.format(**counts)]
    assert _sync(["--config", english, "--lang", "id"], capsys)[1] == [INDONESIAN.format(**counts)]


def test_sync_says_bpjs_cannot_be_reached_in_either_language(tmp_path, khanza_db, capsys):
    """Nothing listens on port 1: the jobs wait (today is inside BPJS's H+7 window, so they are
    never given up), and the line says so in the user's words."""
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    standard_day(khanza_db, today)
    down = SimpleNamespace(base_url="http://127.0.0.1:1/antreanrs")
    cfg = config_file(tmp_path, down, khanza_db, timeout=1)
    code, lines, err = _sync(["--config", cfg], capsys, today)
    assert code == 0, err
    assert lines[1].startswith("BPJS tidak dapat dihubungi (")
    assert "pengiriman dijeda tanpa memakai jatah percobaan" in lines[1]
    code, lines, err = _sync(["--config", cfg, "--lang", "en"], capsys, today)
    assert code == 0, err
    assert lines[1].startswith("BPJS cannot be reached (") and "no attempt spent" in lines[1]
