from __future__ import annotations

import os
import tomllib

import keyring
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy.engine import make_url

from antrean_desktop import config as cfg
from antrean_desktop.config import BpjsConfig, Config
from antrean_desktop.gui.banner import plain_tooltip
from antrean_desktop.gui.settings_dialog import SECTIONS, SettingsDialog


class MemoryKeyring(KeyringBackend):
    """A working OS keyring stand-in (keyring's own backend API, kept in memory)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get(username) if service == cfg.KEYRING_SERVICE else None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[username] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop(username, None)


@pytest.fixture
def saved_secrets():
    backend = MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend.values
    finally:
        keyring.set_keyring(before)


MARKER_URL = "mysql+pymysql://ro:Pw%40Marker%3A9%2Fx@127.0.0.1:3306/sik"


def save_with_notice(dialog: SettingsDialog) -> str | None:
    """Press Simpan; the text of the message shown after saving (answered with OK), or None
    when none was shown. The timer that answers it is stopped before returning."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def answer() -> None:
        box = dialog.findChild(QMessageBox, "settingsSaved")
        if box is not None and box.isVisible():
            seen.append(box.text())
            box.accept()

    timer = QTimer(dialog)
    timer.timeout.connect(answer)
    timer.start(0)
    try:
        dialog.save()
    finally:
        timer.stop()
    assert len(seen) <= 1
    return seen[0] if seen else None


def test_bad_values_show_a_message_next_to_the_field_and_write_nothing(
    qtbot, tmp_path, saved_secrets
):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    dialog.set_text("schedule.poll_seconds", "sering")
    dialog.set_text("bpjs.base_url", "apijkn.bpjs")
    dialog.set_text("hospital.timezone", "Asia/Bandung")
    dialog.save()
    assert not path.exists() and saved_secrets == {}
    assert dialog.result() == 0 and dialog.saved is None
    for key in ("schedule.poll_seconds", "bpjs.base_url", "hospital.timezone"):
        assert not dialog.errors[key].isHidden(), key
        assert dialog.errors[key].text().startswith("Harus ")
    # what is expected, in the configured language (Bahasa Indonesia by default)
    said = dialog.errors["schedule.poll_seconds"].text()
    assert said == "Harus jumlah detik (bilangan bulat), paling sedikit 1"
    assert dialog.fields["schedule.poll_seconds"].toolTip() == (
        "jumlah detik (bilangan bulat), paling sedikit 1\nconfig.toml: [schedule] poll_seconds"
    )
    assert dialog.errors["worker.max_attempts"].isHidden()

    english = SettingsDialog(Config(path=path, hospital=cfg.HospitalConfig(language="en")), path)
    qtbot.addWidget(english)
    english.set_text("schedule.poll_seconds", "sering")
    english.save()
    assert "a whole number of seconds, at least 1" in english.errors["schedule.poll_seconds"].text()
    assert english.fields["schedule.poll_seconds"].toolTip() == (
        "a whole number of seconds, at least 1\nconfig.toml: [schedule] poll_seconds"
    )


def test_good_values_are_written_and_secrets_go_to_the_keyring(qtbot, tmp_path, saved_secrets):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path, bpjs=BpjsConfig(cons_id="1")), path)
    qtbot.addWidget(dialog)
    dialog.set_text("schedule.poll_seconds", "45")
    dialog.set_text("bpjs.secret_key", "rahasia-sekali")
    dialog.set_text("bpjs.user_key", "kunci-user")
    dialog.set_text("hospital.tasks", "3, 4, 5, 6, 7")
    notice = save_with_notice(dialog)
    assert dialog.saved is not None
    # the window's task columns change only after a restart: the dialog says so, nothing else
    assert notice == "Berlaku setelah Antrean Desktop dimulai ulang: Task yang dilaporkan."
    text = path.read_text(encoding="utf-8")
    assert "rahasia-sekali" not in text and "kunci-user" not in text
    data = tomllib.loads(text)
    assert data["schedule"]["poll_seconds"] == 45
    assert data["hospital"]["tasks"] == [3, 4, 5, 6, 7]
    assert saved_secrets["bpjs.secret_key"] == "rahasia-sekali"
    assert saved_secrets["bpjs.user_key"] == "kunci-user"
    assert cfg.load_config(path, use_keyring=False).schedule.poll_seconds == 45


def bpjs_dialog_after_a_test(qtbot, tmp_path, sim) -> SettingsDialog:
    """A settings dialog for ``sim`` whose BPJS connection test has run once."""
    config = Config(
        path=tmp_path / "c.toml",
        bpjs=BpjsConfig(base_url=sim.base_url, cons_id="c1", secret_key="s1", user_key="u1"),
    )
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog._bpjs_call.finished, timeout=10000):
        dialog.test_bpjs()
    return dialog


def test_bpjs_test_connection_runs_off_the_gui_thread(qtbot, tmp_path, no_thread_leak):
    from antrean_desktop.sim.bpjs_server import BpjsSimulator

    with BpjsSimulator(cons_id="c1", secret="s1", user_key="u1") as sim:
        dialog = bpjs_dialog_after_a_test(qtbot, tmp_path, sim)
        assert dialog.bpjs_result.text().startswith("Berhasil"), dialog.bpjs_result.text()
        dialog.set_text("bpjs.user_key", "salah")
        with qtbot.waitSignal(dialog._bpjs_call.finished, timeout=10000):
            dialog.test_bpjs()
        assert dialog.bpjs_result.text().startswith("Gagal")
        assert dialog.wait_for_tests(5)


def test_khanza_test_connection_reports_failure(qtbot, tmp_path, no_thread_leak):
    dialog = SettingsDialog(Config(path=tmp_path / "c.toml"))
    qtbot.addWidget(dialog)
    dialog.set_text("khanza.url", "mysql+pymysql://u:p@127.0.0.1:1/sik")
    with qtbot.waitSignal(dialog._khanza_call.finished, timeout=15000):
        dialog.test_khanza()
    assert dialog.khanza_result.text().startswith("Gagal")
    assert dialog.wait_for_tests(5)


def test_khanza_test_connection_reads_today_like_check(qtbot, tmp_path, khanza_db, no_thread_leak):
    """The dialog runs check's Khanza test (the pollers' reader) and says what it saw."""
    from PySide6.QtCore import Qt

    from antrean_desktop.pipeline.checks import check_khanza

    dialog = SettingsDialog(Config(path=tmp_path / "c.toml"))
    qtbot.addWidget(dialog)
    dialog.set_text("khanza.url", khanza_db)
    with qtbot.waitSignal(dialog._khanza_call.finished, timeout=15000):
        dialog.test_khanza()
    text = dialog.khanza_result.text()
    assert text.startswith("Berhasil: "), text
    assert "outpatient visit(s) on" in dialog.khanza_result.toolTip()  # what check says
    expected = check_khanza(Config(khanza=cfg.KhanzaConfig(url=khanza_db)))
    assert text == "Berhasil: database Khanza terhubung dan terbaca"  # plain words for the desk
    # check's line, as plain text
    assert dialog.khanza_result.toolTip() == plain_tooltip(f"[OK] Khanza: {expected.detail}")
    assert dialog.khanza_result.textFormat() == Qt.TextFormat.PlainText
    assert dialog.wait_for_tests(5)


def test_cons_id_and_khanza_password_go_to_the_keyring_and_leave_the_file(
    qtbot, tmp_path, saved_secrets
):
    path = tmp_path / "config.toml"
    path.write_text(f'[bpjs]\ncons_id = "CONS-MARKER"\n[khanza]\nurl = "{MARKER_URL}"\n')
    dialog = SettingsDialog(cfg.load_config(path, use_keyring=False), path)
    qtbot.addWidget(dialog)
    dialog.set_text("bpjs.secret_key", "SK-MARKER")
    dialog.set_text("bpjs.user_key", "UK-MARKER")
    dialog.save()
    assert dialog.saved is not None and dialog.kept_in_file == frozenset()
    text = path.read_text(encoding="utf-8")
    for marker in ("CONS-MARKER", "Marker", "SK-MARKER", "UK-MARKER"):
        assert marker not in text
    assert saved_secrets["bpjs.cons_id"] == "CONS-MARKER"
    assert saved_secrets["khanza.url"] == MARKER_URL
    again = cfg.load_config(path)
    assert again.bpjs.cons_id == "CONS-MARKER" and again.khanza.url == MARKER_URL


def test_a_keyring_that_drops_writes_loses_no_secret(qtbot, tmp_path):
    """The null backend (the test default) accepts writes and keeps nothing."""
    assert type(keyring.get_keyring()).__name__ == "Keyring"
    path = tmp_path / "config.toml"
    path.write_text(f'[bpjs]\ncons_id = "CONS-MARKER"\n[khanza]\nurl = "{MARKER_URL}"\n')
    dialog = SettingsDialog(cfg.load_config(path, use_keyring=False), path)
    qtbot.addWidget(dialog)
    dialog.set_text("bpjs.secret_key", "SK-MARKER")
    notice = save_with_notice(dialog)
    assert dialog.kept_in_file == {"bpjs.cons_id", "bpjs.secret_key", "khanza.url"}
    # the desk is told where the secrets went (issue 22), naming them and the file
    assert notice == (
        "Keyring sistem tidak tersedia di PC ini, jadi kata sandi database Khanza, Cons-ID, "
        f"Secret key disimpan di berkas {path}, yang hanya dapat dibaca pengguna ini. Jaga "
        "berkas itu seperti kata sandi."
    )
    assert dialog.notes == [notice]
    if os.name == "posix":  # the secrets are in the file now: this user's only (issue 22)
        assert path.stat().st_mode & 0o777 == 0o600
    again = cfg.load_config(path)
    assert again.bpjs.cons_id == "CONS-MARKER" and again.bpjs.secret_key == "SK-MARKER"
    assert again.khanza.url == MARKER_URL


def test_khanza_url_is_split_into_fields_with_the_password_masked(qtbot, tmp_path, saved_secrets):
    """Issue 22: the URL in the file becomes server/port/database/user/password like Khanza's
    own database setting; the password is masked; an unchanged dialog gives the URL back."""
    from PySide6.QtWidgets import QLineEdit

    path = tmp_path / "config.toml"
    url = MARKER_URL + "?charset=utf8mb4"
    dialog = SettingsDialog(Config(path=path, khanza=cfg.KhanzaConfig(url=url)), path)
    qtbot.addWidget(dialog)
    edits = dialog.fields["khanza.url"].edits
    shown = {part: edit.text() for part, edit in edits.items()}
    assert shown == {
        "host": "127.0.0.1",
        "port": "3306",
        "database": "sik",
        "user": "ro",
        "password": "Pw@Marker:9/x",
    }
    assert edits["password"].echoMode() == QLineEdit.EchoMode.Password
    assert dialog.raw_value("khanza.url") == url  # the ?charset= option is kept
    assert not dialog.changed()
    edits["host"].setText("db.local")
    assert dialog.raw_value("khanza.url") == url.replace("127.0.0.1", "db.local")
    assert dialog.changed()


def test_khanza_fields_compose_the_url_with_special_characters_quoted(
    qtbot, tmp_path, saved_secrets
):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    edits = dialog.fields["khanza.url"].edits
    assert dialog.raw_value("khanza.url") == ""  # nothing typed: not configured
    password = "p@ss:w/rd%#?&"
    for part, text in {
        "host": " 192.168.1.10 ",
        "port": "3307",
        "database": "sik",
        "user": "antrean_ro",
        "password": password,
    }.items():
        edits[part].setText(text)
    composed = dialog.raw_value("khanza.url")
    assert (
        composed.startswith("mysql+pymysql://antrean_ro:") and "@192.168.1.10:3307/sik" in composed
    )
    assert password not in composed and composed.count("@") == 1
    assert make_url(composed).password == password  # read back exactly
    dialog.save()
    assert dialog.saved is not None and dialog.saved.khanza.url == composed
    assert saved_secrets["khanza.url"] == composed
    assert password not in path.read_text(encoding="utf-8") and "antrean_ro" not in (
        path.read_text(encoding="utf-8")
    )
    assert cfg.load_config(path).khanza.url == composed


def test_bad_khanza_fields_are_named_and_nothing_is_saved(qtbot, tmp_path, saved_secrets):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    edits = dialog.fields["khanza.url"].edits
    edits["database"].setText("sik")
    edits["user"].setText("ro")
    dialog.save()  # no server
    error = dialog.errors["khanza.url"]
    assert not path.exists() and not error.isHidden()
    assert error.text() == "Server database (host) kosong: isi nama atau alamat IP"
    edits["host"].setText("db.local")
    edits["port"].setText("33o6")
    dialog.save()
    assert not path.exists()
    assert error.text() == "Port '33o6' bukan angka port: seharusnya angka seperti 3306"
    dialog.test_khanza()  # the connection test says the same, and starts nothing
    assert dialog.khanza_result.text() == error.text()
    assert not dialog._khanza_call.running
    edits["port"].setText("3306")
    edits["user"].setText("  ")
    dialog.save()
    assert not path.exists()
    assert error.text() == "Pengguna database kosong"
    edits["user"].setText("ro")
    edits["port"].setText("")
    dialog.save()  # no port: the driver's default (3306)
    assert dialog.saved is not None and dialog.saved.khanza.url == "mysql+pymysql://ro@db.local/sik"
    assert error.isHidden()


def test_task_chain_fallback_and_cancellation_reason(qtbot, tmp_path, saved_secrets):
    """Issue 11: a task list with a gap is refused next to the field; task5_fallback is a choice;
    alasan_batal is saved."""
    from PySide6.QtWidgets import QComboBox

    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    combo = dialog.fields["khanza.task5_fallback"]
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == list(cfg.TASK5_FALLBACKS)
    dialog.set_text("hospital.tasks", "3, 4, 5, 7")
    dialog.save()
    assert not path.exists()
    assert "3, 4, 5 berurutan" in dialog.errors["hospital.tasks"].text()
    dialog.set_text("hospital.tasks", "3, 4, 5, 6, 99")
    dialog.set_text("hospital.alasan_batal", "Tidak jadi berobat")
    combo.setCurrentIndex(combo.findData("nota_jalan"))
    assert save_with_notice(dialog) is not None  # the tasks wait for a restart
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["hospital"]["tasks"] == [3, 4, 5, 6, 99]
    assert saved["hospital"]["alasan_batal"] == "Tidak jadi berobat"
    assert saved["khanza"]["task5_fallback"] == "nota_jalan"


def test_a_bpjs_answer_with_markup_stays_plain_text_in_the_test_result(
    qtbot, tmp_path, no_thread_leak
):
    """BPJS's own words reach the result's tooltip; Qt reads a tooltip whose first line holds
    a tag as rich text, so they must arrive escaped."""
    from PySide6.QtGui import QTextDocument

    from antrean_desktop.sim.bpjs_server import BpjsSimulator

    with BpjsSimulator(cons_id="c1", secret="s1", user_key="u1") as sim:
        sim.faults.add("answer", code=201, message='<h1>Gagal</h1><img src="x">')
        dialog = bpjs_dialog_after_a_test(qtbot, tmp_path, sim)
        assert dialog.wait_for_tests(5)
    tip = dialog.bpjs_result.toolTip()
    assert "<h1>" not in tip and "<img" not in tip, tip
    shown = QTextDocument()
    shown.setHtml(tip)  # what the tooltip shows: the answer's characters as they are
    assert '<h1>Gagal</h1><img src="x">' in shown.toPlainText(), shown.toPlainText()


def test_keep_visits_days_is_typed_as_a_number_and_checked(qtbot, tmp_path, saved_secrets):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    assert dialog.fields["store.keep_visits_days"].text() == "400"  # the default is shown
    dialog.set_text("store.keep_visits_days", "30")
    dialog.save()
    assert (
        not path.exists() and "paling sedikit 31" in dialog.errors["store.keep_visits_days"].text()
    )
    dialog.set_text("store.keep_visits_days", "0")
    dialog.save()
    assert dialog.saved is not None
    assert tomllib.loads(path.read_text(encoding="utf-8"))["store"]["keep_visits_days"] == 0
    assert cfg.load_config(path, use_keyring=False).store.keep_visits_days == 0


def test_quotas_for_a_khanza_without_jadwal_kuota_are_shown_checked_and_saved(
    qtbot, tmp_path, saved_secrets
):
    """[hospital] quota_jkn / quota_nonjkn / quota_overrides (issue 21): empty by default, never 0,
    each override checked, saved and read back; an empty quota stays out of the file."""
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    for key in ("hospital.quota_jkn", "hospital.quota_nonjkn", "hospital.quota_overrides"):
        assert dialog.fields[key].text() == "", key  # not set
    dialog.set_text("hospital.quota_jkn", "0")
    dialog.set_text("hospital.quota_overrides", "poli:INT=30/10, dokter:D001=20")
    dialog.save()
    assert not path.exists()
    assert "paling sedikit 1" in dialog.errors["hospital.quota_jkn"].text()
    assert "poli:INT=30/10" in dialog.errors["hospital.quota_overrides"].text()
    dialog.set_text("hospital.quota_jkn", "30")
    dialog.set_text("hospital.quota_overrides", "poli:INT=25/5, dokter:D001=20/4")
    dialog.save()
    assert dialog.saved is not None
    hospital = tomllib.loads(path.read_text(encoding="utf-8"))["hospital"]
    assert hospital["quota_jkn"] == 30 and "quota_nonjkn" not in hospital  # empty: left out
    loaded = cfg.load_config(path, use_keyring=False).hospital
    assert (loaded.quota_jkn, loaded.quota_nonjkn) == (30, None)
    assert loaded.quota_overrides == ("poli:INT=25/5", "dokter:D001=20/4")
    assert loaded.quotas.lookup("ANA", "D001") == (20, 4)  # the doctor's wins
    assert loaded.quotas.lookup("INT", "D009") == (25, 5)  # else the clinic's
    assert loaded.quotas.lookup("ANA", "D009") == (30, None)  # else the plain values


def _fully_shown(label) -> bool:
    """Every wrapped line of ``label`` is inside its window and not under its scroll area's edge."""
    from PySide6.QtWidgets import QScrollArea

    if label.height() < label.heightForWidth(label.width()):
        return False  # fewer lines than the text needs
    widget = label.parentWidget()
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    clip = widget.viewport() if widget is not None else label.window()
    top_left = label.mapTo(clip, label.rect().topLeft())
    bottom, right = top_left.y() + label.height(), top_left.x() + label.width()
    return (
        min(top_left.x(), top_left.y()) >= 0 and bottom <= clip.height() and right <= clip.width()
    )


def test_a_two_line_test_result_wraps_and_the_dialog_grows(qtbot, tmp_path, no_thread_leak):
    """Issue 22: the connection test's lines were cut; they wrap, and the dialog grows to show
    them (settings and setup), from the smallest size its layout allows."""
    url = "mysql+pymysql://u:p@127.0.0.1:1/sik"  # nothing listens: a long "Gagal: ..." line
    config = Config(path=tmp_path / "c.toml", khanza=cfg.KhanzaConfig(url=url))
    for first_run in (False, True):
        dialog = SettingsDialog(config, first_run=first_run)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.resize(700, dialog.minimumSizeHint().height())  # the result needs 2 lines
        qtbot.waitExposed(dialog)
        qtbot.wait(20)
        before = dialog.height()
        with qtbot.waitSignal(dialog._khanza_call.finished, timeout=15000):
            dialog.test_khanza()
        result = dialog.khanza_result
        assert result.wordWrap()
        assert result.heightForWidth(result.width()) > result.fontMetrics().height() * 1.5
        qtbot.waitUntil(lambda r=result: _fully_shown(r), timeout=2000)  # laid out
        assert dialog.height() > before, first_run
        assert dialog.wait_for_tests(5)
        dialog.close()


def test_every_setting_is_labelled_in_the_clerks_words_and_the_key_is_in_the_tooltip(
    qtbot, tmp_path
):
    """Issue 22: no TOML key (jkn_payer_codes, task5_fallback) as a label; IT finds the key in
    the field's tooltip; the buttons are "Simpan" and "Batal", not Qt's English."""
    from antrean_desktop.gui.setting_labels import setting_label

    for key in cfg.setting_keys():  # every key, also those the dialog does not show
        assert setting_label(key), key
    dialog = SettingsDialog(Config(path=tmp_path / "c.toml"))
    qtbot.addWidget(dialog)
    shown = [k for k in cfg.setting_keys() if not k.startswith("reconcile.")]
    assert set(dialog.labels) == set(shown)
    for key, label in dialog.labels.items():
        section, name = key.split(".", 1)
        text = label.text()
        assert name not in text and "_" not in text.replace("(kd_pj)", "").replace(
            "(kd_poli)", ""
        ), text
        assert text.rstrip(" *") == setting_label(key)
        assert f"config.toml: [{section}] {name}" in dialog.fields[key].toolTip(), key
        assert text.endswith(" *") == (key in cfg.NEEDS_RESTART), key
    assert dialog.labels["khanza.jkn_payer_codes"].text() == "Kode penjamin BPJS (kd_pj)"
    assert dialog.labels["khanza.task5_fallback"].text() == (
        "Sumber task 5 bila catatan dokter tidak cukup"
    )
    fallback = dialog.fields["khanza.task5_fallback"]
    assert [fallback.itemText(i) for i in range(fallback.count())] == [
        "Tidak ada (task 5 ditahan)",
        "Waktu nota rawat jalan (nota_jalan)",
    ]
    assert (dialog.save_button.text(), dialog.cancel_button.text()) == ("Simpan", "Batal")
    connection = dialog.fields["khanza.url"]
    rows = connection.layout()
    assert [rows.labelForField(connection.edits[p]).text() for p in connection.edits] == [
        "Server database (host)",
        "Port",
        "Nama database",
        "Pengguna database",
        "Kata sandi database",
    ]


def test_the_settings_in_english(qtbot, qapp, tmp_path):
    """Every label, choice and button comes from the Qt translation (resources/translations)."""
    from PySide6.QtCore import QCoreApplication

    from antrean_desktop.gui.i18n import install_translator

    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        config = Config(path=tmp_path / "c.toml", hospital=cfg.HospitalConfig(language="en"))
        dialog = SettingsDialog(config)
        qtbot.addWidget(dialog)
        assert (dialog.save_button.text(), dialog.cancel_button.text()) == ("Save", "Cancel")
        assert dialog.labels["khanza.jkn_payer_codes"].text() == "BPJS payer codes (kd_pj)"
        assert dialog.labels["schedule.poll_seconds"].text() == "Read Khanza every (seconds)"
        assert dialog.labels["hospital.timezone"].text() == "Time zone *"
        connection = dialog.fields["khanza.url"]
        label = connection.layout().labelForField(connection.edits["password"])
        assert label.text() == "Database password"
        setup = SettingsDialog(config, first_run=True)
        qtbot.addWidget(setup)
        assert setup.labels["khanza.url"].text() == "Khanza database connection"
        assert setup.cancel_button.text() == "Cancel"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_saving_what_applies_at_once_tells_nothing_and_a_restart_setting_is_named(
    qtbot, tmp_path, saved_secrets
):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    dialog.set_text("schedule.poll_seconds", "45")
    dialog.set_text("hospital.quota_jkn", "30")
    dialog.set_text("bpjs.base_url", cfg.DEV_BASE_URL)
    assert save_with_notice(dialog) is None and dialog.notes == []  # all of it applies now
    assert dialog.saved is not None and dialog.saved.schedule.poll_seconds == 45
    dialog = SettingsDialog(dialog.saved, path)
    qtbot.addWidget(dialog)
    dialog.set_text("hospital.timezone", "Asia/Makassar")
    dialog.set_text("store.desk_name", "LOKET-2")
    notice = save_with_notice(dialog)
    assert notice == (
        "Berlaku setelah Antrean Desktop dimulai ulang: Nama meja ini (kosong = nama PC), "
        "Zona waktu."
    )


def test_settings_saved_in_the_running_window_apply_without_a_restart(
    qtbot, tmp_path, sqlite_store, saved_secrets, no_thread_leak
):
    """The window's "Pengaturan" (the real modal dialog): Simpan hands the new configuration
    to the running runtime and the window; the trial-server banner follows the address."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from antrean_desktop.gui.settings_dialog import edit_running_settings
    from tests.gui.window_env import open_window

    path = tmp_path / "config.toml"
    env = open_window(qtbot, Config(path=path), sqlite_store)
    try:
        assert env.window.dev_banner.isHidden()
        typed: list[SettingsDialog] = []

        def fill_in() -> None:  # what the desk does in the dialog
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, SettingsDialog):
                return
            timer.stop()
            typed.append(dialog)
            dialog.set_text("bpjs.base_url", cfg.DEV_BASE_URL)
            dialog.set_text("schedule.poll_seconds", "45")
            dialog.save_button.click()

        timer = QTimer(env.window)
        timer.timeout.connect(fill_in)
        timer.start(10)
        saved = edit_running_settings(env.window)
        timer.stop()
        assert typed and saved is typed[0].saved and saved is not None
        assert saved.bpjs.base_url == cfg.DEV_BASE_URL and saved.schedule.poll_seconds == 45
        assert env.window.config is saved and not env.window.dev_banner.isHidden()
        assert "UJI COBA" in env.window.dev_banner.text()
        qtbot.waitUntil(lambda: env.runtime.config is saved, timeout=5000)
        qtbot.waitUntil(
            lambda: env.window.statusBar().currentMessage() == "Pengaturan baru sudah berlaku",
            timeout=5000,
        )
    finally:
        env.stop()


def test_no_label_or_choice_is_cut_on_any_tab(qtbot, tmp_path):
    """Each tab at the dialog's own size: every label shows its whole text, every choice fits
    its box, and the dialog fits the screen's work area."""
    from PySide6.QtWidgets import QComboBox

    dialog = SettingsDialog(Config(path=tmp_path / "c.toml"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        section = SECTIONS[index]
        for key, label in dialog.labels.items():
            if key.startswith(f"{section}."):
                assert label.width() >= label.sizeHint().width(), (key, label.text())
                field = dialog.fields[key]
                if isinstance(field, QComboBox) and not field.isEditable():
                    assert field.width() >= field.sizeHint().width(), key
    assert dialog.tabs.tabBar().sizeHint().width() <= dialog.tabs.width()  # no tab scrolling


def test_the_configuration_reference_names_each_key_with_its_label_in_the_window(qapp):
    """docs/configuration.md maps the window to the file: each key's row holds the label the
    window shows (Bahasa Indonesia) and whether it needs a restart."""
    from pathlib import Path

    from antrean_desktop.gui.setting_labels import setting_label

    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    for key in cfg.setting_keys():
        section, name = key.split(".", 1)
        rows = [line for line in doc.splitlines() if line.startswith(f"| `[{section}] {name}` |")]
        assert len(rows) == 1, key
        cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
        assert cells[1] == setting_label(key), key
        assert cells[3].startswith("after a restart") == (key in cfg.NEEDS_RESTART), key


def test_without_a_keyring_the_dialog_says_before_simpan_where_secrets_go(
    qtbot, tmp_path, saved_secrets
):
    path = tmp_path / "config.toml"
    dialog = SettingsDialog(Config(path=path), path)  # a working keyring (saved_secrets)
    qtbot.addWidget(dialog)
    assert "disimpan di keyring sistem, tidak di file" in dialog.note.text()
    keyring.set_keyring(keyring.backends.null.Keyring())  # no keyring on this PC
    dialog = SettingsDialog(Config(path=path), path)
    qtbot.addWidget(dialog)
    assert dialog.note.text().startswith(
        "PC ini tidak punya keyring sistem: rahasia (cons-id, secret key, user_key, kata sandi "
        f"Khanza) disimpan di berkas {path}, yang hanya dapat dibaca pengguna ini."
    ), dialog.note.text()
