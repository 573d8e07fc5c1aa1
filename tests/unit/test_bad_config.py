"""Every bad configuration gives ONE line naming the file, the key or problem, and the fix, in
Bahasa Indonesia by default and in English with ``--lang en``; never a traceback, never the
password."""

from __future__ import annotations

import pytest

from antrean_desktop import cli
from antrean_desktop.config import ConfigError, load_config

PASSWORD = "Rah@sia:pa/ss"


FRAMING = {
    "id": "antrean-desktop: kesalahan konfigurasi: ",
    "en": "antrean-desktop: configuration error: ",
}


def _lines(path, capsys) -> dict[str, str]:
    """Run the CLI against ``path`` in each language; its only stderr line (exit code 2) by
    language."""
    said = {}
    for language, framing in FRAMING.items():
        assert cli.main(["--config", str(path), "--lang", language, "status"]) == 2
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert out == "" and len(lines) == 1, err
        assert "Traceback" not in err
        assert lines[0].startswith(framing) and str(path) in lines[0]
        said[language] = lines[0]
    assert cli.main(["--config", str(path), "status"]) == 2  # no --lang: Bahasa Indonesia
    assert capsys.readouterr().err.strip() == said["id"]
    return said


def _config(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("section", ["khanza", "store"])
def test_unencoded_at_sign_in_password_is_refused_without_echoing_it(tmp_path, capsys, section):
    path = _config(tmp_path, f'[{section}]\nurl = "mysql+pymysql://ro:{PASSWORD}@db:3306/sik"\n')
    said = _lines(path, capsys)
    assert "contains '@'" in said["en"] and "mengandung '@'" in said["id"]
    for line in said.values():
        assert f"[{section}] url" in line and "%40" in line
        for part in ("Rah", "sia", "pa/ss"):
            assert part not in line


def test_non_numeric_port_names_the_key_and_the_fix(tmp_path, capsys):
    path = _config(tmp_path, '[khanza]\nurl = "mysql+pymysql://ro:geheim@db:33o6/sik"\n')
    said = _lines(path, capsys)
    assert "port is not a number" in said["en"] and "port bukan angka" in said["id"]
    for line in said.values():
        assert "[khanza] url" in line and "geheim" not in line


@pytest.mark.parametrize("name", ["password", "passwd"])
def test_password_in_the_query_string_is_refused_without_echoing_it(tmp_path, capsys, name):
    """A password after '?' would connect, but every redaction shows the query: refused."""
    path = _config(tmp_path, f'[khanza]\nurl = "mysql+pymysql://ro@db:3306/sik?{name}=geheim"\n')
    said = _lines(path, capsys)
    assert f"'?{name}='" in said["en"] and "user:password@host" in said["en"]
    for line in said.values():
        assert "[khanza] url" in line and "geheim" not in line


def test_percent_encoded_password_is_decoded(tmp_path):
    path = _config(tmp_path, '[khanza]\nurl = "mysql+pymysql://ro:Rah%40sia%3Apa%2Fss@db/sik"\n')
    config = load_config(path, environ={}, use_keyring=False)
    from sqlalchemy.engine import make_url

    assert make_url(config.khanza.url).password == PASSWORD


def test_unencoded_at_sign_from_the_environment_is_refused(tmp_path):
    path = _config(tmp_path, "")
    env = {"ANTREAN_KHANZA_URL": f"mysql+pymysql://ro:{PASSWORD}@db/sik"}
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=env, use_keyring=False)
    assert "$ANTREAN_KHANZA_URL" in str(info.value) and "Rah" not in str(info.value)


def test_cp1252_file_names_the_line_and_the_fix(tmp_path, capsys):
    path = _config(
        tmp_path, '[hospital]\nketerangan = "Harap datang lebih awal – café"\n', "cp1252"
    )
    said = _lines(path, capsys)
    assert "line 2 is not UTF-8" in said["en"] and "save it as UTF-8" in said["en"]
    assert "baris 2 bukan teks UTF-8" in said["id"] and "simpan sebagai UTF-8" in said["id"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file_says_so_and_the_fix(tmp_path, capsys, encoding):
    path = _config(tmp_path, "[schedule]\npoll_seconds = 30\n", encoding)
    said = _lines(path, capsys)
    assert "UTF-16 text, not UTF-8" in said["en"] and "save it as UTF-8" in said["en"]
    assert "teks UTF-16, bukan UTF-8" in said["id"] and "simpan sebagai UTF-8" in said["id"]


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    """Notepad writes a BOM; the file is still plain UTF-8, so it is read as such."""
    path = _config(tmp_path, "\ufeff[schedule]\npoll_seconds = 12\n")
    assert load_config(path, environ={}, use_keyring=False).schedule.poll_seconds == 12


def test_broken_toml_says_what_is_expected(tmp_path, capsys):
    said = _lines(_config(tmp_path, "[schedule]\npoll_seconds 30\n"), capsys)
    line = said["en"]
    assert "not valid TOML" in line and "line 2" in line and "key = value" in line
    assert "bukan TOML yang sah" in said["id"] and "kunci = nilai" in said["id"]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
@pytest.mark.parametrize("key", ["bpjs.timeout_seconds", "worker.backoff_seconds"])
def test_nan_and_inf_are_not_numbers(tmp_path, capsys, key, value):
    section, name = key.split(".")
    said = _lines(_config(tmp_path, f"[{section}]\n{name} = {value}\n"), capsys)
    assert f"[{section}] {name} = {float(value)!r}: " in said["id"]
    assert f"[{section}] {name} = {float(value)!r}: " in said["en"]
    assert "expected a number of seconds greater than 0" in said["en"]
    assert "seharusnya angka detik lebih dari 0" in said["id"]


@pytest.mark.parametrize("days", [0, 6, -1, "ninety", 90.5])
def test_keep_days_below_the_sending_window_is_refused(tmp_path, capsys, days):
    value = f'"{days}"' if isinstance(days, str) else days
    said = _lines(_config(tmp_path, f"[store]\nkeep_days = {value}\n"), capsys)
    assert "[store] keep_days" in said["en"] and "at least 7" in said["en"]
    assert "[store] keep_days" in said["id"] and "paling sedikit 7" in said["id"]


@pytest.mark.parametrize("days", [30, 1, -1, "forever", 400.5, True])
def test_keep_visits_days_below_the_trend_is_refused(tmp_path, capsys, days):
    value = f'"{days}"' if isinstance(days, str) else str(days).lower()
    said = _lines(_config(tmp_path, f"[store]\nkeep_visits_days = {value}\n"), capsys)
    assert "[store] keep_visits_days" in said["en"] and "0 (keep every visit)" in said["en"]
    assert "at least 31" in said["en"]
    assert "0 (simpan semua kunjungan)" in said["id"] and "paling sedikit 31" in said["id"]


@pytest.mark.parametrize("days", [0, 31, 400])
def test_keep_visits_days_zero_or_a_month_and_more_is_taken(tmp_path, days):
    config = load_config(_config(tmp_path, f"[store]\nkeep_visits_days = {days}\n"))
    assert config.store.keep_visits_days == days


def test_store_migrated_by_a_newer_program_is_one_line(tmp_path, capsys, monkeypatch):
    from sqlalchemy import text

    from antrean_desktop.store import migrate
    from antrean_desktop.store.db import Store

    db = tmp_path / "antrean.db"
    store = Store(f"sqlite:///{db.as_posix()}")
    migrate.upgrade(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfacecafe'"))
    store.dispose()
    path = _config(tmp_path, f'[store]\nurl = "sqlite:///{db.as_posix()}"\n')
    assert cli.main(["--config", str(path), "--lang", "en", "status"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "newer Antrean Desktop" in err and "f00dfacecafe" in err
    assert "Update Antrean Desktop on this PC" in err
    assert cli.main(["--config", str(path), "status"]) == 3
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "f00dfacecafe" in err
    assert "oleh Antrean Desktop yang lebih baru" in err and "Perbarui Antrean Desktop" in err
    assert cli.main(["--config", str(path), "--lang", "en", "db", "upgrade"]) == 3
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "newer Antrean Desktop" in err
    assert cli.main(["--config", str(path), "db", "upgrade"]) == 3
    _out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "Antrean Desktop yang lebih baru" in err
    for var in ("CONS_ID", "SECRET_KEY", "USER_KEY"):
        monkeypatch.setenv(f"ANTREAN_BPJS_{var}", "x")
    monkeypatch.setenv("ANTREAN_KHANZA_URL", "mysql+pymysql://u:p@127.0.0.1:1/sik")
    for command in ("run", "sync"):  # they refuse before reading or sending anything
        assert cli.main(["--config", str(path), "--lang", "en", command]) == 3
        _out, err = capsys.readouterr()
        assert len(err.strip().splitlines()) == 1 and "Update Antrean Desktop on this PC" in err
    store = Store(f"sqlite:///{db.as_posix()}")
    assert migrate.current_revision(store.engine) == "f00dfacecafe"  # left untouched
    store.dispose()


def test_a_typo_in_a_key_or_section_names_the_likely_one_in_either_language(tmp_path, capsys):
    said = _lines(_config(tmp_path, "[schedule]\npoll_second = 30\n"), capsys)
    assert "[schedule] unknown key 'poll_second' (did you mean 'poll_seconds'?)" in said["en"]
    assert "[schedule] kunci 'poll_second' tidak dikenal (maksudnya 'poll_seconds'?)" in said["id"]
    said = _lines(_config(tmp_path, "[shedule]\npoll_seconds = 30\n"), capsys)
    assert "unknown section [shedule] (did you mean [schedule]?): expected one of" in said["en"]
    assert (
        "bagian [shedule] tidak dikenal (maksudnya [schedule]?): seharusnya salah satu"
        in (said["id"])
    )
