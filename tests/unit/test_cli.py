import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect

from antrean_desktop import __version__
from antrean_desktop.cli import main
from antrean_desktop.store import migrate


def _config(tmp_path, store_url):
    path = tmp_path / "cfg.toml"
    path.write_text(f'[store]\nurl = "{store_url}"\n', encoding="utf-8")
    return path


def test_version_via_module():
    out = subprocess.run(
        [sys.executable, "-m", "antrean_desktop", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"antrean-desktop {__version__}"


def test_db_upgrade_twice(tmp_path, store_url, capsys):
    cfg = _config(tmp_path, store_url)
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    head = migrate.head_revision()
    assert f"dimigrasi dari kosong ke {head}." in capsys.readouterr().out  # Indonesian default
    assert main(["--config", str(cfg), "--lang", "en", "db", "upgrade"]) == 0
    assert f"already at version {head}; nothing to do." in capsys.readouterr().out
    assert main(["--config", str(cfg), "db", "upgrade"]) == 0
    assert f"sudah di versi {head}; tidak ada yang perlu dilakukan." in capsys.readouterr().out
    engine = create_engine(store_url)
    try:
        assert {"visit_event", "antrean_job", "send_attempt", "poll_state"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_config_typo_gives_one_line_error(tmp_path, capsys):
    path = tmp_path / "cfg.toml"
    path.write_text("[hospital]\ntimezone = 'Mars/Olympus'\n")
    assert main(["--config", str(path), "db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "Mars/Olympus" in err and str(path) in err and "Traceback" not in err
    assert err.startswith("antrean-desktop: kesalahan konfigurasi: ")


@pytest.mark.parametrize(
    ("lang", "framing"),
    [
        ("", "antrean-desktop: kesalahan konfigurasi: "),
        ("en", "antrean-desktop: configuration error: "),
    ],
)
def test_a_configuration_error_is_framed_in_the_language_the_file_asks_for(
    tmp_path, capsys, lang, framing
):
    """Read before the configuration is valid: the file's own language line is taken."""
    path = tmp_path / "cfg.toml"
    language = f'language = "{lang}"\n' if lang else ""
    path.write_text(f"[hospital]\n{language}timezone = 'Mars/Olympus'\n")
    assert main(["--config", str(path), "status"]) == 2
    assert capsys.readouterr().err.startswith(framing)
    assert main(["--config", str(path), "--lang", "id", "status"]) == 2  # --lang wins
    assert capsys.readouterr().err.startswith("antrean-desktop: kesalahan konfigurasi: ")


def test_the_language_of_the_file_named_by_antrean_config_frames_its_error(
    tmp_path, capsys, monkeypatch
):
    path = tmp_path / "cfg.toml"
    path.write_text('[hospital]\nlanguage = "en"\ntimezone = "Mars/Olympus"\n')
    monkeypatch.setenv("ANTREAN_CONFIG", str(path))
    assert main(["status"]) == 2
    assert capsys.readouterr().err.startswith("antrean-desktop: configuration error: ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "'2026-13-01' bukan tanggal berbentuk YYYY-MM-DD"),
        (["--lang", "en"], "'2026-13-01' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_bad_date_is_named(capsys, argv, said):
    with pytest.raises(SystemExit) as info:
        main([*argv, "status", "--date", "2026-13-01"])
    assert info.value.code == 2
    assert said in capsys.readouterr().err


def test_a_bad_language_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "fr", "status"])
    assert info.value.code == 2
    assert "--lang" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["gui", "run", "sync", "status", "resend", "check", "db"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: antrean-desktop" in capsys.readouterr().out
