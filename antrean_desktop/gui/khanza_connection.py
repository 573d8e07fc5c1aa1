"""The Khanza database as Khanza's own database setting asks for it: server, port, database,
user and password, composed into the SQLAlchemy URL ``[khanza] url`` internally
(``mysql+pymysql://user:password@host:3306/sik``, special characters percent-encoded).

An existing URL is split into the fields; its driver and its ``?...`` options are kept."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from antrean_desktop.config import DatabaseUrlParts, compose_database_url, split_database_url
from antrean_desktop.gui.setting_labels import setting_label

DRIVER = DatabaseUrlParts().driver
DEFAULT_PORT = 3306
#: the parts, in the order Khanza's own setting shows them
PARTS = ("host", "port", "database", "user", "password")


class FieldError(ValueError):
    """A connection field that cannot be used; ``str()`` says which and why, in the UI's
    language (it never quotes the password)."""


class KhanzaConnection(QWidget):
    """Five line edits for one URL; :meth:`url` composes it, :meth:`set_url` splits one."""

    edited = Signal()

    def __init__(self, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for part in PARTS:
            edit = QLineEdit(self)
            edit.setObjectName(f"khanza_{part}")
            edit.textEdited.connect(self.edited)
            self.edits[part] = edit
            form.addRow(setting_label(f"khanza.{part}"), edit)
        self.edits["host"].setPlaceholderText("192.168.1.10")
        self.edits["port"].setPlaceholderText(str(DEFAULT_PORT))
        self.edits["database"].setPlaceholderText("sik")
        self.edits["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self._kept = DatabaseUrlParts()  # the driver and options of the URL being edited
        self.unreadable = False
        self.set_url(url)

    def set_url(self, url: str) -> None:
        """Fill the fields from ``url`` (empty: all empty). A URL that cannot be read leaves
        the fields empty and sets :attr:`unreadable` (the dialog says so)."""
        self.unreadable = False
        self._kept = DatabaseUrlParts()
        values = dict.fromkeys(PARTS, "")
        if url:
            try:
                parts = split_database_url(url)
            except ValueError:
                self.unreadable = True
            else:
                self._kept = parts
                values = {
                    "host": parts.host,
                    "port": "" if parts.port is None else str(parts.port),
                    "database": parts.database,
                    "user": parts.user,
                    "password": parts.password,
                }
        for part, value in values.items():
            self.edits[part].setText(value)

    def url(self) -> str:
        """The URL the fields make ('' when all are empty); FieldError naming a bad field."""
        text = {part: self.edits[part].text() for part in PARTS}
        for part in ("host", "port", "database", "user"):
            text[part] = text[part].strip()
        if not any(text.values()):
            return ""
        if not text["host"]:
            raise FieldError(
                QCoreApplication.translate(
                    "KhanzaConnection", "Server database (host) kosong: isi nama atau alamat IP"
                ),
            )
        if any(c in text["host"] for c in "/@:? "):
            raise FieldError(
                QCoreApplication.translate(
                    "KhanzaConnection",
                    "Server database '{v}' tidak sah: isi nama atau alamat IP saja",
                ).format(v=text["host"]),
            )
        port = None
        if text["port"]:
            if not text["port"].isdigit() or not 0 < int(text["port"]) < 65536:
                raise FieldError(
                    QCoreApplication.translate(
                        "KhanzaConnection",
                        "Port '{v}' bukan angka port: seharusnya angka seperti 3306",
                    ).format(v=text["port"]),
                )
            port = int(text["port"])
        if not text["database"]:
            raise FieldError(
                QCoreApplication.translate(
                    "KhanzaConnection", "Nama database kosong: biasanya sik"
                ),
            )
        if not text["user"]:
            raise FieldError(
                QCoreApplication.translate("KhanzaConnection", "Pengguna database kosong")
            )
        return compose_database_url(
            DatabaseUrlParts(
                host=text["host"],
                port=port,
                database=text["database"],
                user=text["user"],
                password=text["password"],
                driver=self._kept.driver,
                query=self._kept.query,
            )
        )
