"""Khanza visits on any days, for the catch-up and scenario tests: one clinic, one doctor with a
schedule every weekday, and JKN walk-ins with a SEP and two task times (3 and 4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from antrean_desktop.domain.booking import hari
from tests.khanza.builders import KhanzaFixture

WIB = ZoneInfo("Asia/Jakarta")


def epoch_ms(day: date, clock: str) -> int:
    hh, mm, ss = (int(x) for x in clock.split(":"))
    return int(datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=WIB).timestamp() * 1000)


def clinic(kz: KhanzaFixture) -> None:
    """Master data: payer BPJ, clinic INT, doctor D001 (BPJS 12345) on every day of the week."""
    kz.payer("BPJ", "BPJS Kesehatan")
    kz.clinic("INT", "Poli Penyakit Dalam", "INT")
    kz.doctor("D001", "dr. Budi Santoso, Sp.PD", "12345")
    for name in {hari(date(2026, 1, 5) + timedelta(days=n)) for n in range(7)}:
        kz.schedule("D001", name, "07:00:00", "14:00:00", "INT", 999)


def walk_ins(
    kz: KhanzaFixture, day: date, count: int, *, first: int = 1, times: bool = True
) -> dict[str, dict[int, int]]:
    """``count`` JKN walk-ins on ``day``; returns {no_rawat: {task: epoch ms}} BPJS must get."""
    out: dict[str, dict[int, int]] = {}
    prefix = day.strftime("%Y/%m/%d/")
    for n in range(first, first + count):
        no_rawat = f"{prefix}{n:06d}"
        rm = f"{day:%y%m%d}{n:04d}"[-8:]
        card = f"{day:%y%m%d}{n:07d}"[-13:].rjust(13, "0")
        kz.patient(rm, f"Pasien {n}", no_peserta=card, no_ktp="-", no_tlp="081234567890")
        minute = 7 * 60 + (n % 300)
        reg = f"{minute // 60:02d}:{minute % 60:02d}:00"
        kz.register(no_rawat, rm, "INT", "D001", jam_reg=reg, no_reg=f"{n:03d}")
        kz.sep(no_rawat, card)
        if times:
            sent = f"{(minute + 5) // 60:02d}:{(minute + 5) % 60:02d}:00"
            got = f"{(minute + 20) // 60:02d}:{(minute + 20) % 60:02d}:00"
            kz.mutasi(no_rawat, dikirim=f"{day} {sent}", diterima=f"{day} {got}")
            out[no_rawat] = {3: epoch_ms(day, sent), 4: epoch_ms(day, got)}
        else:
            out[no_rawat] = {}
    return out
