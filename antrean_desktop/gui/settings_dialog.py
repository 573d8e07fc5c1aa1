"""The settings dialog: every configuration value, validated like the file, with "Test
connection" for Khanza and BPJS (run off the GUI thread). Secrets go to the OS keyring; the rest
is written with :func:`config.write_config`."""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from antrean_desktop import config as cfg
from antrean_desktop.config import Config, ConfigError
from antrean_desktop.runtime.checks import ConnectionTest

log = logging.getLogger("antrean.gui")

SECTIONS = ("khanza", "store", "bpjs", "schedule", "worker", "hospital")


def section_title(name: str) -> str:
    return {
        "khanza": QCoreApplication.translate("SettingsDialog", "Khanza"),
        "store": QCoreApplication.translate("SettingsDialog", "Penyimpanan lokal"),
        "bpjs": QCoreApplication.translate("SettingsDialog", "BPJS"),
        "schedule": QCoreApplication.translate("SettingsDialog", "Jadwal"),
        "worker": QCoreApplication.translate("SettingsDialog", "Pengiriman"),
        "hospital": QCoreApplication.translate("SettingsDialog", "Rumah sakit"),
    }[name]


def _to_text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def parse_text(key: str, text: str) -> Any:
    """Turn what was typed into the value type the validator expects (bad text stays text)."""
    kind = cfg.value_kind(key)
    text = text.strip()
    if kind in ("posint", "keepdays"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "posnum":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    if kind == "strlist":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "tasks":
        out: list[Any] = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            out.append(int(part) if part.isdigit() else part)
        return out
    return text


class SettingsDialog(QDialog):
    def __init__(self, config: Config, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan Antrean Desktop"))
        self.config = config
        self.path = path or config.path or cfg.default_config_path()
        self.saved: Config | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._calls: list[ConnectionTest] = []
        self._hidden_urls: dict[str, str] = {}
        self.kept_in_file: frozenset[str] = frozenset()

        layout = QVBoxLayout(self)
        tabs = QTabWidget(self)
        for section in SECTIONS:
            tabs.addTab(self._section_page(section), section_title(section))
        self.tabs = tabs
        layout.addWidget(tabs)
        note = QLabel(
            self.tr(
                "Rahasia (cons-id, secret key, user_key, kata sandi Khanza) disimpan di "
                "keyring sistem, tidak di file. Perubahan berlaku setelah aplikasi dimulai ulang."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)

    # --- pages ---------------------------------------------------------------------------------

    def _section_page(self, section: str) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        values = getattr(self.config, section)
        for f in fields(type(values)):
            key = f"{section}.{f.name}"
            widget = self._editor(key, getattr(values, f.name), page)
            self.fields[key] = widget
            error = QLabel(page)
            error.setProperty("validation", "error")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            box = QWidget(page)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(widget)
            col.addWidget(error)
            form.addRow(f.name, box)
            widget.setToolTip(cfg.expected_text(key))
        if section in ("khanza", "bpjs"):
            row = QHBoxLayout()
            button = QPushButton(self.tr("Tes koneksi"), page)
            result = QLabel(page)
            result.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a server's answer
            result.setWordWrap(True)
            row.addWidget(button)
            row.addWidget(result, 1)
            form.addRow(row)
            call = ConnectionTest(f"test-{section}", self)
            call.finished.connect(self._khanza_tested if section == "khanza" else self._bpjs_tested)
            self._calls.append(call)
            if section == "khanza":
                self.khanza_test, self.khanza_result, self._khanza_call = button, result, call
                button.clicked.connect(self.test_khanza)
            else:
                self.bpjs_test, self.bpjs_result, self._bpjs_call = button, result, call
                button.clicked.connect(self.test_bpjs)
        return page

    def _editor(self, key: str, value: Any, parent: QWidget) -> QWidget:
        kind = cfg.value_kind(key)
        if kind == "bool":
            box = QCheckBox(parent)
            box.setChecked(bool(value))
            return box
        if kind in ("profile", "lang", "fallback"):
            combo = QComboBox(parent)
            options = {"profile": cfg.PROFILES, "fallback": cfg.TASK5_FALLBACKS}.get(
                kind, ("id", "en")
            )
            for option in options:
                label = option
                if kind == "lang":
                    label = {"id": "Bahasa Indonesia", "en": "English"}[option]
                combo.addItem(label, option)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if kind == "url" and value and cfg.redact_url(value) != value:
            self._hidden_urls[key] = value  # shown without its password
            value = cfg.redact_url(value)
        edit = QLineEdit(_to_text(value), parent)
        if key in cfg.SECRET_KEYS:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(self.tr("(disimpan di keyring)"))
        return edit

    # --- values --------------------------------------------------------------------------------

    def raw_value(self, key: str) -> Any:
        widget = self.fields[key]
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        assert isinstance(widget, QLineEdit)
        if key in self._hidden_urls:
            return cfg.restore_hidden_password(widget.text().strip(), self._hidden_urls[key])
        return parse_text(key, widget.text())

    def set_text(self, key: str, text: str) -> None:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        widget.setText(text)

    def validate(self) -> dict[str, Any] | None:
        """Clean values of every field, or None after showing a message next to each bad one."""
        values: dict[str, Any] = {}
        ok = True
        for key in self.fields:
            label = self.errors[key]
            try:
                values[key] = cfg.validate_value(key, self.raw_value(key))
            except ConfigError as exc:
                ok = False
                message = str(exc)
                expected = message.split(": expected ", 1)[-1]
                label.setText(
                    QCoreApplication.translate("SettingsDialog", "Harus {e}").format(e=expected)
                )
                label.show()
            else:
                label.hide()
                label.clear()
        if not ok:
            for i, section in enumerate(SECTIONS):
                if any(not self.errors[k].isHidden() for k in self.fields if k.startswith(section)):
                    self.tabs.setCurrentIndex(i)
                    break
            return None
        return values

    def build_config(self, values: dict[str, Any]) -> Config:
        config = self.config
        for section in SECTIONS:
            current = getattr(config, section)
            changes = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(section)}
            config = replace(config, **{section: replace(current, **changes)})
        return replace(config, path=self.path)

    @Slot()
    def save(self) -> None:
        values = self.validate()
        if values is None:
            return
        config = self.build_config(values)
        try:
            kept = frozenset(
                key
                for key in cfg.KEYRING_KEYS
                if values[key]
                and cfg.is_secret_value(key, values[key])
                and not cfg.keyring_store(key, values[key])
            )
            cfg.write_config(config, self.path, keep_in_file=kept)
        except Exception as exc:  # keyring locked, disk full, ...: say so, keep the dialog
            log.error("settings not saved: %s", type(exc).__name__)
            self.buttons.setToolTip(str(type(exc).__name__))
            self.errors["store.url"].setText(
                self.tr("Tidak tersimpan: {e}").format(e=f"{type(exc).__name__}: {exc}")
            )
            self.errors["store.url"].show()
            return
        log.info("settings saved to %s", self.path)
        if kept:
            log.warning(
                "the OS keyring did not keep %s; kept in %s instead (readable by this user only)",
                ", ".join(sorted(kept)),
                self.path,
            )
        self.kept_in_file = kept
        self.saved = config
        self.accept()

    # --- connection tests (background threads) ------------------------------------------------

    def _config_of(self, *sections: str) -> Config:
        """The configuration as typed in ``sections`` (and the hospital's); ConfigError if bad."""
        keys = [k for k in self.fields if k.split(".", 1)[0] in (*sections, "hospital")]
        return self.build_config({k: cfg.validate_value(k, self.raw_value(k)) for k in keys})

    @Slot()
    def test_khanza(self) -> None:
        try:
            config = self._config_of("khanza")
        except ConfigError as exc:
            self.khanza_result.setText(str(exc).split(": expected ", 1)[-1])
            return
        if not config.khanza.url:
            self.khanza_result.setText(self.tr("Isi url Khanza dulu"))
            return
        self.khanza_test.setEnabled(False)
        self.khanza_result.setText(self.tr("Menguji…"))
        self._khanza_call.test_khanza(config)

    @Slot(bool, object)
    def _khanza_tested(self, ran: bool, results: object) -> None:
        self.khanza_test.setEnabled(True)
        self.khanza_result.setText(self._outcome_text(ran, results))

    @Slot()
    def test_bpjs(self) -> None:
        try:
            config = self._config_of("bpjs")
        except ConfigError as exc:
            self.bpjs_result.setText(str(exc).split(": expected ", 1)[-1])
            return
        self.bpjs_test.setEnabled(False)
        self.bpjs_result.setText(self.tr("Menguji…"))
        self._bpjs_call.test_bpjs(config)

    @Slot(bool, object)
    def _bpjs_tested(self, ran: bool, results: object) -> None:
        self.bpjs_test.setEnabled(True)
        self.bpjs_result.setText(self._outcome_text(ran, results))

    def _outcome_text(self, ran: bool, results: object) -> str:
        """One line per part tested: "Berhasil: …" or "Gagal: …" (plain text)."""
        if not ran:  # the test itself broke; ``results`` says how
            return self.tr("Gagal: {r}").format(r=results)
        lines = []
        for result in results:  # type: ignore[attr-defined]  # list[CheckResult]
            template = self.tr("Berhasil: {r}") if result.ok else self.tr("Gagal: {r}")
            lines.append(template.format(r=result.detail))
        return "\n".join(lines)

    def wait_for_tests(self, timeout: float = 20.0) -> bool:
        return all(call.wait(timeout) for call in self._calls)

    def done(self, result: int) -> None:
        self.wait_for_tests(timeout=0.1)
        super().done(result)
