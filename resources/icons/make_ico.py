"""Make app.ico (Windows icon of the bundle's .exe files) from app.svg.

Run from the repository: QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_ico.py
An .ico is a small directory of images; each entry here holds a PNG (Windows Vista and later).
"""

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QIcon

SIZES = (16, 24, 32, 48, 64, 128, 256)
HERE = Path(__file__).resolve().parent


def png_bytes(icon: QIcon, size: int) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    icon.pixmap(size, size).toImage().save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - needed to render the SVG
    icon = QIcon(str(HERE / "app.svg"))
    images = [png_bytes(icon, size) for size in SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, data in zip(SIZES, images, strict=True):
        edge = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    (HERE / "app.ico").write_bytes(header + entries + b"".join(images))
    print("wrote", HERE / "app.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
