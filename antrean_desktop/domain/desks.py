"""Who sends to BPJS, in the words every desk shows (status bar, banner, ``status``, ``check``).

Several desks may share one store (``store/desk_lease.py``); one of them, the active desk,
sends. A SQLite store is one desk's: that desk always sends, and nothing more is said. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from antrean_desktop.domain.words import Text

THIS_PC_SENDS = Text("PC ini mengirim ke BPJS", "This PC sends to BPJS")
SENT_BY = Text("Dikirim oleh {desk} (aktif {age} lalu)", "Sent by {desk} (active {age} ago)")
SECONDS = Text("{n} detik", "{n} s")
MINUTES = Text("{n} menit", "{n} min")
HOURS = Text("{n} jam", "{n} h")
STOPPED = Text("{desk} sudah berhenti", "{desk} has stopped")
LAST_ACTIVE = Text("{desk} terakhir aktif {age} lalu", "{desk} was last active {age} ago")
NO_DESK_EVER = Text(
    "Belum ada PC yang mengirim ke BPJS dari penyimpanan ini",
    "No PC has sent to BPJS from this store yet",
)
NO_DESK = Text(
    "Tidak ada PC yang mengirim ke BPJS: {last}. Jalankan Antrean Desktop di PC pengirim; "
    "kunjungan tetap tercatat di Khanza dan dikirim nanti (sampai H+7)",
    "No PC sends to BPJS: {last}. Start Antrean Desktop on the sending PC; the visits stay in "
    "Khanza and are sent later (up to H+7)",
)
NOT_SENDING_TOO_NEW = Text(
    "PC ini tidak mengirim (perbarui Antrean Desktop)",
    "This PC does not send (update Antrean Desktop)",
)
#: the status bar while the shared store does not answer: who sends is not known then
UNKNOWN_STORE_DOWN = Text(
    "Pengirim tidak diketahui: penyimpanan bersama tidak menjawab",
    "Sender unknown: the shared store does not answer",
)
SHARED_STORE = Text("penyimpanan bersama (beberapa PC): {who}", "shared store (several PCs): {who}")
OWN_STORE = Text("penyimpanan milik PC ini saja: {who}", "this PC's own store: {who}")


@dataclass(frozen=True)
class DeskState:
    """What is known of the desks: the active one from the lease row (its heartbeat age on the
    store server's clock), and whether this desk is it."""

    shared: bool
    this_desk_sends: bool
    holder: str | None = None  # the desk named in the lease row (None: no desk ever sent)
    age_seconds: float | None = None  # since the holder's last heartbeat
    takeover_seconds: float = 20.0
    too_new: bool = False  # this program is older than the store: it does not send
    stopped: bool = False  # the holder gave the lease up (a clean stop), it did not go silent
    heartbeat_at: datetime | None = None  # the holder's last heartbeat (naive UTC, server clock)

    @property
    def active(self) -> bool:
        """Some desk sends now (its heartbeat is within the takeover time)."""
        if not self.shared:
            return not self.too_new
        if self.this_desk_sends:
            return True
        return self.age_seconds is not None and self.age_seconds <= self.takeover_seconds

    @property
    def nobody_sends(self) -> bool:
        """A shared store without an active desk: the banner and ``status`` say so."""
        return self.shared and not self.active

    def who(self, language: str) -> str:
        """The status bar's words: this PC, the other desk and how long ago it beat, or nobody."""
        if self.this_desk_sends:
            return THIS_PC_SENDS(language)
        if self.too_new and not (self.shared and self.active):
            return NOT_SENDING_TOO_NEW(language)
        if not self.shared:
            return THIS_PC_SENDS(language)
        if self.holder is None:
            return NO_DESK_EVER(language)
        if not self.active:
            return self._last(language)
        return SENT_BY(language, desk=self.holder, age=age_text(self.age_seconds, language))

    def _last(self, language: str) -> str:
        if self.stopped:
            return STOPPED(language, desk=self.holder)
        return LAST_ACTIVE(language, desk=self.holder, age=age_text(self.age_seconds, language))

    def banner(self, language: str) -> str:
        """The one line while no desk sends ('' while one does)."""
        if not self.nobody_sends:
            return ""
        if self.holder is None:
            return NO_DESK_EVER(language)
        return NO_DESK(language, last=self._last(language))

    def check_line(self, language: str) -> str:
        """``check``'s words: whether the store is shared and which desk is active."""
        words = SHARED_STORE if self.shared else OWN_STORE
        return words(language, who=self.banner(language) or self.who(language))


def age_text(seconds: float | None, language: str) -> str:
    """'3 detik', '5 menit', '2 jam': how long ago a heartbeat was."""
    n = round(seconds or 0)
    if n < 120:
        return SECONDS(language, n=n)
    if n < 120 * 60:
        return MINUTES(language, n=n // 60)
    return HOURS(language, n=n // 3600)
