"""Every bad configuration gives ONE line naming the file, the key or problem, and the fix;
never a traceback, never the password."""

from __future__ import annotations

import pytest

from antrean_desktop import cli
from antrean_desktop.config import ConfigError, load_config

PASSWORD = "Rah@sia:pa/ss"


def _one_line(path, capsys) -> str:
    """Run the CLI against ``path`` and return its only stderr line (exit code 2)."""
    assert cli.main(["--config", str(path), "status"]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1, err
    assert "Traceback" not in err
    assert str(path) in lines[0]
    return lines[0]


def _config(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("section", ["khanza", "store"])
def test_unencoded_at_sign_in_password_is_refused_without_echoing_it(tmp_path, capsys, section):
    path = _config(tmp_path, f'[{section}]\nurl = "mysql+pymysql://ro:{PASSWORD}@db:3306/sik"\n')
    line = _one_line(path, capsys)
    assert f"[{section}] url" in line and "%40" in line
    for part in ("Rah", "sia", "pa/ss"):
        assert part not in line


def test_non_numeric_port_names_the_key_and_the_fix(tmp_path, capsys):
    path = _config(tmp_path, '[khanza]\nurl = "mysql+pymysql://ro:geheim@db:33o6/sik"\n')
    line = _one_line(path, capsys)
    assert "[khanza] url" in line and "port is not a number" in line and "geheim" not in line


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
