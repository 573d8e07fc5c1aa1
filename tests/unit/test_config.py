import pytest

from antrean_desktop.config import ConfigError, load_config, redact_url, write_config


def _write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _load(path, **kw):
    return load_config(path, environ=kw.pop("environ", {}), use_keyring=False, **kw)


def test_defaults_when_sections_missing(tmp_path):
    cfg = _load(_write(tmp_path, ""))
    assert cfg.khanza.profile == "khanza"
    assert cfg.khanza.jkn_payer_codes == ("BPJ",)
    assert cfg.hospital.tasks == (3, 4, 5)
    assert cfg.hospital.timezone == "Asia/Jakarta"
    assert cfg.schedule.poll_seconds == 30 and cfg.worker.max_attempts == 5
    assert cfg.bpjs.base_url == "https://apijkn.bpjs-kesehatan.go.id/antreanrs"  # production
    assert cfg.bpjs.verify_tls is True
    assert cfg.store_url.startswith("sqlite:///") and cfg.store_url.endswith("antrean.db")


def test_full_file(tmp_path):
    path = _write(
        tmp_path,
        """
[khanza]
url = "mysql+pymysql://ro:pw@127.0.0.1:3306/sik"
profile = "task-columns"
jkn_payer_codes = ["BPJ", "A09"]
include_non_jkn = true
excluded_clinics = ["IGDK"]
[hospital]
timezone = "Asia/Makassar"
tasks = [99, 6, 3, 4, 5, 7]
[worker]
backoff_seconds = 2
""",
    )
    cfg = _load(path)
    assert cfg.khanza.profile == "task-columns"
    assert cfg.khanza.jkn_payer_codes == ("BPJ", "A09")
    assert cfg.hospital.tasks == (3, 4, 5, 6, 7, 99)
    assert cfg.worker.backoff_seconds == 2.0


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "[bpjs]\ntimeout_secnds = 3\n",
            r"\[bpjs\] unknown key 'timeout_secnds' \(did you mean 'timeout_seconds'\?\)",
        ),
        ("[hospitl]\n", r"unknown section \[hospitl\] \(did you mean \[hospital\]\?\)"),
        (
            '[hospital]\ntimezone = "Asia/Jakrta"\n',
            r"\[hospital\] timezone = 'Asia/Jakrta': expected an IANA time zone",
        ),
        (
            '[khanza]\nprofile = "columns"\n',
            r"\[khanza\] profile = 'columns': expected one of khanza, task-columns",
        ),
        (
            '[khanza]\nurl = "not a url"\n',
            r"\[khanza\] url = \(hidden\): expected a SQLAlchemy URL",
        ),
        ('[khanza]\nurl = "postgresql://u@h/sik"\n', r"\[khanza\] url uses 'postgresql'"),
        (
            '[schedule]\npoll_seconds = "30"\n',
            r"\[schedule\] poll_seconds = '30': expected a whole number",
        ),
        (
            "[hospital]\ntasks = [3, 8]\n",
            r"\[hospital\] tasks = \[3, 8\]: expected 3, 4, 5 in a chain",
        ),
        ("[worker]\nconcurrency = 0\n", r"\[worker\] concurrency = 0"),
        (
            "[hospital]\nquota_jkn = 0\n",
            r"\[hospital\] quota_jkn = 0: expected empty, or the JKN quota .* at least 1",
        ),
        (
            '[hospital]\nquota_overrides = ["poli:INT=30/0"]\n',
            r"\[hospital\] quota_overrides = \['poli:INT=30/0'\]: expected a list of quotas",
        ),
        ("[bpjs\n", r"not valid TOML"),
    ],
)
def test_bad_values_name_file_key_and_expectation(tmp_path, text, expected):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=expected) as info:
        _load(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message.strip()


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError, match="configuration file not found"):
        _load(tmp_path / "nope.toml")


def test_secrets_from_environment_and_never_in_messages(tmp_path):
    path = _write(tmp_path, '[bpjs]\ncons_id = "1234"\n')
    env = {
        "ANTREAN_BPJS_SECRET_KEY": "s3cr3tValue",
        "ANTREAN_BPJS_USER_KEY": "userKeyValue",
        "ANTREAN_KHANZA_URL": "mysql+pymysql://ro:dbPassw0rd@10.0.0.5/sik",
    }
    cfg = _load(path, environ=env)
    assert cfg.bpjs.cons_id == "1234"
    assert cfg.bpjs.secret_key == "s3cr3tValue" and cfg.bpjs.user_key == "userKeyValue"
    assert cfg.khanza.url.endswith("/sik")
    assert "s3cr3tValue" not in repr(cfg) and "userKeyValue" not in repr(cfg)
    assert "dbPassw0rd" not in repr(cfg) and "dbPassw0rd" not in repr(cfg.khanza)
    assert "1234" not in repr(cfg.bpjs)
    assert "dbPassw0rd" not in redact_url(cfg.khanza.url)
    bad = _write(tmp_path, "[bpjs]\nsecret_key = 5\n")
    with pytest.raises(ConfigError) as info:
        _load(bad)
    assert "(hidden)" in str(info.value)


def test_env_config_path(tmp_path, monkeypatch):
    path = _write(tmp_path, "[schedule]\npoll_seconds = 12\n")
    monkeypatch.setenv("ANTREAN_CONFIG", str(path))
    cfg = load_config(None, use_keyring=False)
    assert cfg.schedule.poll_seconds == 12 and cfg.path == path


def test_write_config_round_trip_without_secrets(tmp_path):
    path = _write(
        tmp_path,
        '[bpjs]\ncons_id = "1"\nsecret_key = "topsecret"\n[hospital]\ntasks = [3, 4, 5, 99]\n',
    )
    cfg = _load(path)
    out = tmp_path / "out.toml"
    write_config(cfg, out)
    text = out.read_text()
    assert "topsecret" not in text and "cons_id" not in text  # both belong in the keyring
    again = _load(out)
    assert again.hospital.tasks == (3, 4, 5, 99) and again.bpjs.cons_id == ""
    write_config(cfg, out, keep_in_file=frozenset({"bpjs.cons_id", "bpjs.secret_key"}))
    kept = _load(out)
    assert kept.bpjs.cons_id == "1" and kept.bpjs.secret_key == "topsecret"


@pytest.mark.parametrize(
    "tasks", ["[3, 5]", "[3, 4, 5, 7]", "[4, 5]", "[3, 4]", "[99]", "[3, 4, 5, 7, 99]", "[]"]
)
def test_task_list_with_a_gap_stops_at_load(tmp_path, tasks):
    """Issue 11 item 3: BPJS refuses a task whose predecessor is missing, so only chains load."""
    path = _write(tmp_path, f"[hospital]\ntasks = {tasks}\n")
    with pytest.raises(ConfigError) as info:
        _load(path)
    message = str(info.value)
    assert "\n" not in message.strip()
    assert f"[hospital] tasks = {tasks}: expected 3, 4, 5 in a chain" in message
    assert "[3, 4, 5, 6, 7], each optionally with 99" in message


@pytest.mark.parametrize(
    ("tasks", "loaded"),
    [
        ("[5, 4, 3]", (3, 4, 5)),
        ("[3, 4, 5, 6]", (3, 4, 5, 6)),
        ("[3, 4, 5, 6, 7, 99]", (3, 4, 5, 6, 7, 99)),
        ("[99, 3, 4, 5]", (3, 4, 5, 99)),
    ],
)
def test_task_chains_load(tmp_path, tasks, loaded):
    assert _load(_write(tmp_path, f"[hospital]\ntasks = {tasks}\n")).hospital.tasks == loaded


def test_cancellation_reason_and_task5_fallback(tmp_path):
    cfg = _load(_write(tmp_path, ""))
    assert cfg.hospital.alasan_batal == "Pasien batal berobat"
    assert cfg.khanza.task5_fallback == "none"
    text = '[hospital]\nalasan_batal = " Tidak hadir "\n[khanza]\ntask5_fallback = "nota_jalan"\n'
    cfg = _load(_write(tmp_path, text))
    assert (cfg.hospital.alasan_batal, cfg.khanza.task5_fallback) == ("Tidak hadir", "nota_jalan")
    for bad, expected in [
        ('[hospital]\nalasan_batal = "  "\n', "alasan_batal = '  ': expected a short non-empty"),
        ('[khanza]\ntask5_fallback = "billing"\n', "task5_fallback = 'billing': expected one of"),
    ]:
        with pytest.raises(ConfigError, match=expected):
            _load(_write(tmp_path, bad))
