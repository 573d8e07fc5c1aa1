"""A first start without configuration: the settings dialog as three short steps with
"Uji koneksi", or the demo; failed tests in plain words, the technical text in the tooltip."""

from __future__ import annotations

import argparse
import tomllib
from dataclasses import replace

from PySide6.QtCore import Qt

from antrean_desktop import config as cfg
from antrean_desktop.cli import gui as gui_command
from antrean_desktop.config import Config, HospitalConfig, is_unconfigured, load_config
from antrean_desktop.gui.settings_dialog import SettingsDialog
from antrean_desktop.sim.bpjs_server import BpjsSimulator
from tests.gui.test_settings_dialog import saved_secrets  # noqa: F401 - fixture

URL = "mysql+pymysql://antrean_ro:rahasia@127.0.0.1:3306/sik"


def first_run_dialog(qtbot, tmp_path, language: str = "id") -> SettingsDialog:
    path = tmp_path / "config.toml"
    config = Config(path=path, hospital=HospitalConfig(language=language))
    dialog = SettingsDialog(config, path, first_run=True)
    qtbot.addWidget(dialog)
    return dialog


def test_three_steps_then_saved(qtbot, tmp_path, saved_secrets):  # noqa: F811
    dialog = first_run_dialog(qtbot, tmp_path)
    assert set(dialog.fields) == {
        "khanza.url",
        "khanza.jkn_payer_codes",
        "bpjs.base_url",
        "bpjs.cons_id",
        "bpjs.secret_key",
        "bpjs.user_key",
        "hospital.timezone",
        "hospital.language",
    }
    assert dialog.steps.currentIndex() == 0 and not dialog.back_button.isEnabled()
    dialog.set_text("khanza.url", "postgresql://x@h/db")
    dialog.next()  # a bad URL keeps the step and says what is expected
    assert dialog.steps.currentIndex() == 0
    assert "mysql+pymysql://" in dialog.errors["khanza.url"].text()
    dialog.set_text("khanza.url", URL)
    dialog.set_text("khanza.jkn_payer_codes", "BPJ, BPJS")
    dialog.next()
    assert dialog.steps.currentIndex() == 1
    dialog.set_text("bpjs.base_url", "https://apijkn.bpjs-kesehatan.go.id/antreanrs")
    dialog.set_text("bpjs.cons_id", "12345")
    dialog.set_text("bpjs.secret_key", "s3cret")
    dialog.set_text("bpjs.user_key", "uk-1")
    dialog.next()
    assert dialog.steps.currentIndex() == 2
    dialog.set_text("hospital.timezone", "Asia/Makassar")
    dialog.save()
    assert dialog.choice == "saved"
    data = tomllib.loads((tmp_path / "config.toml").read_text("utf-8"))
    assert data["hospital"]["timezone"] == "Asia/Makassar"
    assert data["khanza"]["jkn_payer_codes"] == ["BPJ", "BPJS"]
    assert "secret_key" not in data["bpjs"] and "rahasia" not in str(data)
    assert saved_secrets["bpjs.secret_key"] == "s3cret" and saved_secrets["khanza.url"] == URL
    loaded = load_config(tmp_path / "config.toml")
    assert loaded.khanza.url == URL and loaded.bpjs.user_key == "uk-1"
    assert not is_unconfigured(loaded)


def test_try_the_demo_instead(qtbot, tmp_path):
    dialog = first_run_dialog(qtbot, tmp_path)
    dialog.demo_button.click()
    assert dialog.choice == "demo" and not (tmp_path / "config.toml").exists()


def test_failed_khanza_test_is_plain_words(qtbot, tmp_path, no_thread_leak):
    dialog = first_run_dialog(qtbot, tmp_path)
    dialog.set_text("khanza.url", "mysql+pymysql://u:p@127.0.0.1:1/sik")
    with qtbot.waitSignal(dialog._khanza_call.finished, timeout=15000):
        dialog.khanza_test.click()
    text = dialog.khanza_result.text()
    assert text.startswith("Gagal: Server database Khanza tidak dapat dihubungi"), text
    assert "Error" not in text and "pymysql" not in text
    assert "2003" in dialog.khanza_result.toolTip()  # the driver's text for IT staff
    assert dialog.wait_for_tests(5)


def test_failed_bpjs_test_is_plain_words_in_english_too(qtbot, tmp_path, no_thread_leak):
    with BpjsSimulator(cons_id="c1", secret="s1", user_key="u1") as sim:
        dialog = first_run_dialog(qtbot, tmp_path, language="en")
        dialog.set_text("bpjs.base_url", sim.base_url)
        dialog.set_text("bpjs.cons_id", "c1")
        dialog.set_text("bpjs.secret_key", "s1")
        dialog.set_text("bpjs.user_key", "salah")
        with qtbot.waitSignal(dialog._bpjs_call.finished, timeout=10000):
            dialog.bpjs_test.click()
        text = dialog.bpjs_result.text()
        assert "BPJS refused the cons-id, secret key or user_key" in text, text
        assert "RuntimeError" not in text and "AUTH" in dialog.bpjs_result.toolTip()
        dialog.set_text("bpjs.user_key", "u1")
        with qtbot.waitSignal(dialog._bpjs_call.finished, timeout=10000):
            dialog.bpjs_test.click()
        assert dialog.bpjs_result.text().startswith("Berhasil")
        assert dialog.wait_for_tests(5)


def test_first_start_offers_the_setup_and_the_demo(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    fresh = Config(path=path)
    assert is_unconfigured(fresh)
    assert not is_unconfigured(replace(fresh, khanza=replace(fresh.khanza, url=URL)))
    assert not is_unconfigured(replace(fresh, demo=True))
    path.write_text('[hospital]\nlanguage = "en"\n', encoding="utf-8")
    assert not is_unconfigured(fresh)  # a file exists: the window opens as configured
    path.unlink()

    import antrean_desktop.app as app_module

    shown: list[Config] = []
    monkeypatch.setattr(app_module, "run_gui", lambda args, config: shown.append(config) or 0)
    args = argparse.Namespace(config=str(path), minimized=False)
    monkeypatch.setattr(app_module, "first_run", lambda config: None)
    assert gui_command.run(args, fresh) == 0 and shown == []  # closed: nothing opens
    monkeypatch.setattr(app_module, "first_run", lambda config: "demo")
    assert gui_command.run(args, fresh) == 0
    assert shown[-1].demo and shown[-1].bpjs.base_url.startswith("http://127.0.0.1:")

    def saves(config: Config) -> str:
        cfg.write_config(replace(config, hospital=replace(config.hospital, language="en")), path)
        return "saved"

    monkeypatch.setattr(app_module, "first_run", saves)
    assert gui_command.run(args, fresh) == 0
    assert not shown[-1].demo and shown[-1].hospital.language == "en"


def test_esc_on_the_last_step_asks_before_throwing_the_setup_away(qtbot, tmp_path, monkeypatch):
    dialog = first_run_dialog(qtbot, tmp_path)
    asked = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(1) or False)
    dialog.reject()  # nothing typed yet: closes without asking
    assert asked == [] and dialog.result() == 0
    dialog = first_run_dialog(qtbot, tmp_path)
    monkeypatch.setattr(dialog, "confirm_discard", lambda: asked.append(1) or False)
    dialog.show()
    dialog.set_text("khanza.url", URL)
    dialog.next()
    dialog.next()
    assert dialog.steps.currentIndex() == 2
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # step 3, "Kembali mengisi": nothing lost
    assert asked == [1] and dialog.isVisible() and dialog.raw_value("khanza.url") == URL
    monkeypatch.setattr(dialog, "confirm_discard", lambda: True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_bpjs_addresses_are_named_and_production_comes_first(qtbot, tmp_path):
    dialog = first_run_dialog(qtbot, tmp_path)
    combo = dialog.fields["bpjs.base_url"]
    assert combo.itemText(0) == f"Produksi: {cfg.PRODUCTION_BASE_URL}"
    assert combo.itemText(1) == f"Uji coba (dev): {cfg.DEV_BASE_URL}"
    assert dialog.raw_value("bpjs.base_url") == cfg.PRODUCTION_BASE_URL  # the default
    combo.setCurrentIndex(1)
    assert dialog.raw_value("bpjs.base_url") == cfg.DEV_BASE_URL
