"""The settings dialog: every configuration value, validated like the file, with "Uji koneksi"
(test connection) for Khanza and BPJS (run off the GUI thread). Secrets go to the OS keyring;
the rest is written with :func:`config.write_config`.

With ``first_run=True`` the same dialog is the short setup of a first start: three steps
(Khanza, BPJS, the hospital) with only the values a hospital must give, or "Coba mode demo".
Test results are shown in plain words (``domain.connection_tests``); the technical text goes
to the log and the message's tooltip."""

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
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from antrean_desktop import config as cfg
from antrean_desktop.config import Config, ConfigError
from antrean_desktop.domain.connection_tests import check_reason
from antrean_desktop.domain.reasons import render
from antrean_desktop.gui.banner import plain_tooltip
from antrean_desktop.gui.khanza_connection import FieldError, KhanzaConnection
from antrean_desktop.gui.setting_labels import choice_label, setting_label
from antrean_desktop.runtime.checks import ConnectionTest

log = logging.getLogger("antrean.gui")

SECTIONS = ("khanza", "store", "bpjs", "schedule", "worker", "hospital")
PRODUCTION_BASE_URL = cfg.PRODUCTION_BASE_URL
TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
#: the first-run setup: (section, the keys it asks for, which connection test it offers)
FIRST_RUN_STEPS = (
    ("khanza", ("khanza.url", "khanza.jkn_payer_codes"), "khanza"),
    ("bpjs", ("bpjs.base_url", "bpjs.cons_id", "bpjs.secret_key", "bpjs.user_key"), "bpjs"),
    ("hospital", ("hospital.timezone", "hospital.language"), None),
)


def field_label(key: str, mark_restart: bool = False) -> str:
    """The words for a setting, in the dialog and the setup; with ``mark_restart`` a setting
    that takes effect only after a restart is marked "*" (the dialog's note says so)."""
    label = setting_label(key)
    return f"{label} *" if mark_restart and key in cfg.NEEDS_RESTART else label


def key_tooltip(key: str, language: str) -> str:
    """What a field expects, and its name in config.toml (for IT)."""
    section, name = key.split(".", 1)
    return f"{cfg.expected_text(key, language)}\nconfig.toml: [{section}] {name}"


def section_title(name: str) -> str:
    return {
        "khanza": QCoreApplication.translate("SettingsDialog", "Khanza"),
        "store": QCoreApplication.translate("SettingsDialog", "Penyimpanan lokal"),
        "bpjs": QCoreApplication.translate("SettingsDialog", "BPJS"),
        "schedule": QCoreApplication.translate("SettingsDialog", "Jadwal"),
        "worker": QCoreApplication.translate("SettingsDialog", "Pengiriman"),
        "hospital": QCoreApplication.translate("SettingsDialog", "Rumah sakit"),
    }[name]


#: the secrets in the order a note names them
KEYRING_ORDER = ("khanza.url", "bpjs.cons_id", "bpjs.secret_key", "bpjs.user_key")


def _value(config: Config, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(config, section), name)


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
    if kind == "quota" and not text:
        return None  # not set
    if kind in ("posint", "keepdays", "keepvisits", "quota", "takeover"):
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "posnum":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    if kind in ("strlist", "quotas"):
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "tasks":
        out: list[Any] = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            out.append(int(part) if part.isdigit() else part)
        return out
    return text


class SettingsDialog(QDialog):
    def __init__(
        self,
        config: Config,
        path: Path | None = None,
        parent: QWidget | None = None,
        *,
        first_run: bool = False,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan Antrean Desktop"))
        self.config = config
        self.first_run = first_run
        #: how the dialog ended: "saved", "demo" (first run: try the demo) or None (cancelled)
        self.choice: str | None = None
        self.path = path or config.path or cfg.default_config_path()
        self.saved: Config | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._calls: list[ConnectionTest] = []
        self._hidden_urls: dict[str, str] = {}
        self.kept_in_file: frozenset[str] = frozenset()
        #: what the dialog told after saving (secrets in the file, settings awaiting a restart)
        self.notes: list[str] = []

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.steps = QStackedWidget(self)
        if first_run:
            self.setWindowTitle(self.tr("Selamat datang di Antrean Desktop"))
            intro = QLabel(
                self.tr(
                    "Antrean Desktop belum diatur. Isi tiga langkah pendek berikut untuk "
                    "menghubungkan database Khanza dan layanan Antrean BPJS rumah sakit, atau "
                    "coba dulu mode demo (rumah sakit contoh; tidak ada yang dikirim ke BPJS)."
                ),
                self,
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            for n, (section, keys, test) in enumerate(FIRST_RUN_STEPS, start=1):
                heading = self.tr("Langkah {n} dari {m}: {s}").format(
                    n=n, m=len(FIRST_RUN_STEPS), s=section_title(section)
                )
                self.steps.addWidget(self._fields_page(keys, test, heading))
            layout.addWidget(self.steps)
            self.tabs.hide()
        else:
            for section in SECTIONS:
                values = getattr(self.config, section)
                keys = tuple(f"{section}.{f.name}" for f in fields(type(values)))
                test = section if section in ("khanza", "bpjs") else None
                scroll = QScrollArea(self.tabs)  # a long page scrolls, never clipped
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                scroll.setWidget(self._fields_page(keys, test))
                self.tabs.addTab(scroll, section_title(section))
            layout.addWidget(self.tabs)
            self.steps.hide()
        self.save_error = QLabel(self)
        self.save_error.setTextFormat(Qt.TextFormat.PlainText)  # it names a path
        self.save_error.setProperty("validation", "error")
        self.save_error.setStyleSheet("color: #b3261e;")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        layout.addWidget(self.save_error)
        if cfg.keyring_available():
            secrets_note = self.tr(
                "Rahasia (cons-id, secret key, user_key, kata sandi Khanza) disimpan di "
                "keyring sistem, tidak di file."
            )
        else:  # said before Simpan, and again after it
            secrets_note = self.tr(
                "PC ini tidak punya keyring sistem: rahasia (cons-id, secret key, user_key, "
                "kata sandi Khanza) disimpan di berkas {p}, yang hanya dapat dibaca pengguna ini."
            ).format(p=self.path)
        restart_note = self.tr(
            "Perubahan berlaku langsung setelah Simpan, kecuali yang bertanda *: "
            "berlaku setelah Antrean Desktop dimulai ulang."
        )
        note = QLabel(secrets_note if first_run else secrets_note + " " + restart_note, self)
        note.setTextFormat(Qt.TextFormat.PlainText)  # it may name a path
        note.setWordWrap(True)
        self.note = note
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Simpan"))  # not Qt's English "Save"
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Batal"))
        if first_run:  # [Coba mode demo] ... [Kembali] [Lanjut | Simpan dan mulai] [Batal]
            row = QHBoxLayout()
            self.demo_button = QPushButton(self.tr("Coba mode demo"), self)
            self.demo_button.clicked.connect(self.try_demo)
            self.back_button = QPushButton(self.tr("Kembali"), self)
            self.back_button.clicked.connect(self.back)
            self.next_button = QPushButton(self.tr("Lanjut"), self)
            self.next_button.clicked.connect(self.next)
            self.save_button = QPushButton(self.tr("Simpan dan mulai"), self)
            self.save_button.clicked.connect(self.save)
            cancel = QPushButton(self.tr("Batal"), self)
            cancel.clicked.connect(self.reject)
            self.cancel_button = cancel
            row.addWidget(self.demo_button)
            row.addStretch(1)
            for button in (self.back_button, self.next_button, self.save_button, cancel):
                row.addWidget(button)
            layout.addLayout(row)
            buttons.hide()
            self._show_step(0)
        layout.addWidget(buttons)
        self._initial = {key: self._state(key) for key in self.fields}
        self._fit_screen()

    def _fit_screen(self) -> None:
        """Wide enough for the longest label beside its field, as tall as the content, and
        within the screen's work area (a long tab scrolls)."""
        hint = self.sizeHint()
        area = self.screen().availableGeometry() if self.screen() else None
        width, height = max(hint.width(), 900), hint.height()
        scrolls = [self.tabs.widget(i) for i in range(self.tabs.count())]
        scrolls = [w for w in scrolls if isinstance(w, QScrollArea) and w.widget() is not None]
        if scrolls:  # a scroll area hints less than its page: room for the tallest page
            tallest = max(w.widget().sizeHint().height() + 2 * w.frameWidth() for w in scrolls)
            height += max(0, tallest - max(w.sizeHint().height() for w in scrolls))
        if area is not None:
            width = min(width, area.width() - 40)
            height = min(height, area.height() - 60)  # the title bar, a margin
        self.resize(width, height)

    def _state(self, key: str) -> Any:
        """What a field shows now (to tell whether something was typed)."""
        widget = self.fields[key]
        if isinstance(widget, KhanzaConnection):
            return tuple(edit.text() for edit in widget.edits.values())
        return self.raw_value(key)

    def changed(self) -> bool:
        """Something was typed that has not been saved."""
        return any(self._state(key) != value for key, value in self._initial.items())

    def confirm_discard(self) -> bool:
        """Ask before throwing away what was typed (Esc or "Batal" in the setup)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr("Buang isian pengaturan yang belum disimpan?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton(self.tr("Buang"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Kembali mengisi"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def reject(self) -> None:
        if self.first_run and self.choice is None and self.changed() and not self.confirm_discard():
            return
        super().reject()

    # --- pages ---------------------------------------------------------------------------------

    def _fields_page(self, keys: tuple[str, ...], test: str | None, heading: str = "") -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        if heading:
            title = QLabel(heading, page)
            title.setObjectName("detailTitle")
            form.addRow(title)
        for key in keys:
            section, name = key.split(".", 1)
            widget = self._editor(key, _value(self.config, key), page)
            self.fields[key] = widget
            error = QLabel(page)
            error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
            error.setProperty("validation", "error")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            if isinstance(widget, KhanzaConnection) and widget.unreadable:
                error.setText(
                    self.tr(
                        "Alamat database Khanza di berkas pengaturan tidak terbaca; isi ulang "
                        "server, database, pengguna dan kata sandinya."
                    )
                )
                error.show()
            self.errors[key] = error
            box = QWidget(page)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.setSpacing(2)
            col.addWidget(widget)
            col.addWidget(error)
            label = QLabel(field_label(key, mark_restart=not self.first_run), page)
            label.setToolTip(f"config.toml: [{section}] {name}")
            label.setBuddy(widget)
            self.labels[key] = label
            if isinstance(widget, KhanzaConnection):  # a heading over its own five rows
                label.setObjectName("settingsHeading")
                label.setStyleSheet("font-weight: bold;")
                form.addRow(label)
                form.addRow(box)
            else:
                form.addRow(label, box)
            widget.setToolTip(key_tooltip(key, self.config.hospital.language))
        if test is not None:
            row = QHBoxLayout()
            button = QPushButton(self.tr("Uji koneksi"), page)
            row.addWidget(button)
            row.addStretch(1)
            form.addRow(row)
            result = QLabel(page)  # a row of its own: two lines wrap and the page grows
            result.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a server's answer
            result.setWordWrap(True)
            result.setObjectName(f"{test}_result")
            form.addRow(result)
            call = ConnectionTest(f"test-{test}", self)
            call.finished.connect(self._khanza_tested if test == "khanza" else self._bpjs_tested)
            self._calls.append(call)
            if test == "khanza":
                self.khanza_test, self.khanza_result, self._khanza_call = button, result, call
                button.clicked.connect(self.test_khanza)
            else:
                self.bpjs_test, self.bpjs_result, self._bpjs_call = button, result, call
                button.clicked.connect(self.test_bpjs)
        return page

    # --- the first-run steps -------------------------------------------------------------------

    def _show_step(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        last = index == self.steps.count() - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.save_button.setVisible(last)
        (self.save_button if last else self.next_button).setDefault(True)

    @Slot()
    def next(self) -> None:
        """The next step, once this step's values are valid (a connection test is optional)."""
        keys = FIRST_RUN_STEPS[self.steps.currentIndex()][1]
        if self.validate(keys) is not None:
            self._show_step(min(self.steps.currentIndex() + 1, self.steps.count() - 1))

    @Slot()
    def back(self) -> None:
        self._show_step(max(self.steps.currentIndex() - 1, 0))

    @Slot()
    def try_demo(self) -> None:
        self.choice = "demo"
        self.accept()

    def _editor(self, key: str, value: Any, parent: QWidget) -> QWidget:
        kind = cfg.value_kind(key)
        if key == "khanza.url":  # server, port, database, user, password like Khanza's own
            connection = KhanzaConnection(value, parent)
            return connection
        if kind == "bool":
            box = QCheckBox(parent)
            box.setChecked(bool(value))
            return box
        if kind in ("profile", "lang", "fallback", "notes"):
            combo = QComboBox(parent)
            options = {
                "profile": cfg.PROFILES,
                "fallback": cfg.TASK5_FALLBACKS,
                "notes": cfg.NOTES_WITHOUT_AUTHOR,
            }.get(kind, ("id", "en"))
            for option in options:
                combo.addItem(choice_label(kind, option), option)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if kind == "http":  # the two BPJS hosts by name, Produksi first, or any other typed in
            combo = QComboBox(parent)
            combo.setEditable(True)
            named = {
                PRODUCTION_BASE_URL: self.tr("Produksi: {u}"),
                cfg.DEV_BASE_URL: self.tr("Uji coba (dev): {u}"),
            }
            if str(value) not in named:
                combo.addItem(str(value), str(value))
            for url, label in named.items():
                combo.addItem(label.format(u=url), url)
            combo.setCurrentIndex(max(0, combo.findData(str(value))))
            return combo
        if kind == "tz":  # a few usual values, or any other typed in
            combo = QComboBox(parent)
            combo.setEditable(True)
            for option in dict.fromkeys((str(value), *TIMEZONES)):
                combo.addItem(option)
            combo.setCurrentIndex(0)
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
        """What ``key``'s field holds, as the validator takes it; FieldError when the Khanza
        connection's fields cannot make a URL."""
        widget = self.fields[key]
        if isinstance(widget, KhanzaConnection):
            return widget.url()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            if not widget.isEditable():
                return widget.currentData()
            found = widget.findText(widget.currentText())  # a named address: its URL
            text = widget.currentText().strip()
            return (widget.itemData(found) or text) if found >= 0 else text
        assert isinstance(widget, QLineEdit)
        if key in self._hidden_urls:
            return cfg.restore_hidden_password(widget.text().strip(), self._hidden_urls[key])
        return parse_text(key, widget.text())

    def set_text(self, key: str, text: str) -> None:
        widget = self.fields[key]
        if isinstance(widget, KhanzaConnection):
            widget.set_url(text)
            return
        if isinstance(widget, QComboBox) and widget.isEditable():
            widget.setEditText(text)
            return
        assert isinstance(widget, QLineEdit)
        widget.setText(text)

    def validate(self, keys: tuple[str, ...] | None = None) -> dict[str, Any] | None:
        """Clean values of every field (or of ``keys``), or None after showing a message next
        to each bad one."""
        values: dict[str, Any] = {}
        ok = True
        for key in self.fields if keys is None else keys:
            label = self.errors[key]
            try:
                values[key] = cfg.validate_value(key, self.raw_value(key))
            except FieldError as exc:  # names the field and what was typed
                ok = False
                label.setText(str(exc))
                label.show()
            except ConfigError as exc:
                ok = False
                expected = self._expected(exc)
                label.setText(
                    QCoreApplication.translate("SettingsDialog", "Harus {e}").format(e=expected)
                )
                label.show()
            else:
                label.hide()
                label.clear()
        if not ok and self.first_run:
            for i, (_section, step_keys, _test) in enumerate(FIRST_RUN_STEPS):
                if any(not self.errors[k].isHidden() for k in step_keys):
                    self._show_step(i)
                    return None
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
                if values.get(key)
                and cfg.is_secret_value(key, values[key])
                and not cfg.keyring_store(key, values[key])
            )
            cfg.write_config(config, self.path, keep_in_file=kept)
        except Exception as exc:  # keyring locked, disk full, ...: say so, keep the dialog
            log.error("settings not saved to %s: %s: %s", self.path, type(exc).__name__, exc)
            self.save_error.setText(
                self.tr("Pengaturan tidak tersimpan ke {p}; rinciannya ada di log.").format(
                    p=self.path
                )
            )
            self.save_error.setToolTip(plain_tooltip(f"{type(exc).__name__}: {exc}"))
            self.save_error.show()
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
        self.choice = "saved"
        self.notes = self.after_save_notes(config, kept)
        if self.notes:
            self.tell(self.notes)
        self.accept()

    def after_save_notes(self, saved: Config, kept: frozenset[str]) -> list[str]:
        """What the desk must know after Simpan: where secrets went when the OS keyring did not
        keep them, and which changed settings wait for a restart."""
        notes = []
        if kept:
            names = ", ".join(
                self.tr("kata sandi database Khanza") if key == "khanza.url" else setting_label(key)
                for key in KEYRING_ORDER
                if key in kept
            )
            notes.append(
                self.tr(
                    "Keyring sistem tidak tersedia di PC ini, jadi {s} disimpan di berkas {p}, "
                    "yang hanya dapat dibaca pengguna ini. Jaga berkas itu seperti kata sandi."
                ).format(s=names, p=self.path)
            )
        if not self.first_run:
            waiting = [
                setting_label(key)
                for key in cfg.setting_keys()
                if key in cfg.NEEDS_RESTART and _value(saved, key) != _value(self.config, key)
            ]
            if waiting:
                notes.append(
                    self.tr("Berlaku setelah Antrean Desktop dimulai ulang: {s}.").format(
                        s=", ".join(waiting)
                    )
                )
        return notes

    def tell(self, notes: list[str]) -> None:
        """Show the notes after saving (a message box the desk closes with OK)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.windowTitle(),
            "\n\n".join(notes),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("settingsSaved")
        box.setTextFormat(Qt.TextFormat.PlainText)  # it names a path
        box.exec()

    # --- connection tests (background threads) ------------------------------------------------

    def _config_of(self, *sections: str) -> Config:
        """The configuration as typed in ``sections`` (and the hospital's); ConfigError if bad.
        Settings the dialog does not ask for (the first-run setup) keep their current values."""
        keys = [k for k in self.fields if k.split(".", 1)[0] in (*sections, "hospital")]
        return self.build_config({k: cfg.validate_value(k, self.raw_value(k)) for k in keys})

    @Slot()
    def test_khanza(self) -> None:
        try:
            config = self._config_of("khanza")
        except FieldError as exc:
            self.khanza_result.setText(str(exc))
            return
        except ConfigError as exc:
            self.khanza_result.setText(self._expected(exc))
            return
        if not config.khanza.url:
            self.khanza_result.setText(self.tr("Isi server, database dan pengguna Khanza dulu"))
            return
        self.khanza_test.setEnabled(False)
        self.khanza_result.setText(self.tr("Menguji…"))
        self._khanza_call.test_khanza(config)

    @Slot(bool, object)
    def _khanza_tested(self, ran: bool, results: object) -> None:
        self.khanza_test.setEnabled(True)
        self._show_outcome(self.khanza_result, "Khanza", ran, results)

    @Slot()
    def test_bpjs(self) -> None:
        try:
            config = self._config_of("bpjs")
        except ConfigError as exc:
            self.bpjs_result.setText(self._expected(exc))
            return
        self.bpjs_test.setEnabled(False)
        self.bpjs_result.setText(self.tr("Menguji…"))
        self._bpjs_call.test_bpjs(config)

    @Slot(bool, object)
    def _bpjs_tested(self, ran: bool, results: object) -> None:
        self.bpjs_test.setEnabled(True)
        self._show_outcome(self.bpjs_result, "BPJS", ran, results)

    def _expected(self, exc: ConfigError) -> str:
        """What a bad field expects, in the configured language (the whole message when it
        names no expectation)."""
        language = self.config.hospital.language
        message = exc.text(language)
        for mark in (": seharusnya ", ": expected "):
            if mark in message:
                return message.split(mark, 1)[-1]
        return message

    def _show_outcome(self, label: QLabel, part: str, ran: bool, results: object) -> None:
        """One line per part tested, "Berhasil: …" or "Gagal: …" in plain words of the
        configured language; the technical lines in the tooltip and the log."""
        language = self.config.hospital.language
        if not ran:  # the test itself broke; ``results`` says how
            results = [(part, False, str(results))]
        else:
            results = [(r.name, r.ok, r.detail) for r in results]  # type: ignore[attr-defined]
        lines, details = [], []
        for name, ok, detail in results:
            words = render(check_reason(name, ok, detail), language)
            template = self.tr("Berhasil: {r}") if ok else self.tr("Gagal: {r}")
            lines.append(template.format(r=words))
            details.append(f"[{'OK' if ok else 'FAIL'}] {name}: {detail}")
            (log.info if ok else log.warning)("Uji koneksi %s: %s", name, detail)
        label.setText("\n".join(lines))
        label.setToolTip(plain_tooltip("\n".join(details)))  # details quote the server
        self.grow_for(label)

    def grow_for(self, label: QLabel) -> None:
        """Make the dialog tall enough for ``label``'s wrapped lines (a two-line test result
        is never cut), within the screen."""
        page = label.parentWidget()
        if page is None or not self.isVisible():
            return  # shown later: the layout sizes it then
        page.layout().invalidate()  # the label's new text: its height for this width
        need = page.heightForWidth(page.width()) if page.hasHeightForWidth() else -1
        need = max(need, page.minimumSizeHint().height())
        scroll = page.parentWidget().parentWidget() if page.parentWidget() else None
        have = scroll.viewport().height() if isinstance(scroll, QScrollArea) else page.height()
        if need <= have:
            return
        screen = self.screen().availableGeometry().height() if self.screen() else 10_000
        frame = self.frameGeometry().height() - self.height()
        self.resize(self.width(), min(self.height() + need - have, screen - frame))

    def wait_for_tests(self, timeout: float = 20.0) -> bool:
        return all(call.wait(timeout) for call in self._calls)

    def done(self, result: int) -> None:
        self.wait_for_tests(timeout=0.1)
        super().done(result)


def edit_running_settings(window: Any) -> Config | None:
    """The window's "Pengaturan": the dialog over the running configuration. What it saves
    is taken up at once by the runtime (off the GUI thread) and the window; the dialog has
    said which changed settings wait for a restart. The saved configuration, or None."""
    dialog = SettingsDialog(window.config, window.config.path, window)
    dialog.exec()
    if dialog.saved is not None:
        window.runtime.apply_config(dialog.saved)
        window.apply_config(dialog.saved)
    return dialog.saved
