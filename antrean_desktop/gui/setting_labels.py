"""The settings' names as the desk reads them: one Indonesian label per configuration key
(English from the Qt translation), and the names of the choices some keys offer. The TOML key
itself is shown only in the field's tooltip, for IT; docs/configuration.md lists each label
next to its key."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def setting_label(key: str) -> str:
    """The label of ``key`` ("section.name") in the settings dialog and the setup."""
    labels = {
        "khanza.url": QCoreApplication.translate("SettingLabels", "Koneksi database Khanza"),
        "khanza.host": QCoreApplication.translate("SettingLabels", "Server database (host)"),
        "khanza.port": QCoreApplication.translate("SettingLabels", "Port"),
        "khanza.database": QCoreApplication.translate("SettingLabels", "Nama database"),
        "khanza.user": QCoreApplication.translate("SettingLabels", "Pengguna database"),
        "khanza.password": QCoreApplication.translate("SettingLabels", "Kata sandi database"),
        "khanza.profile": QCoreApplication.translate("SettingLabels", "Struktur tabel Khanza"),
        "khanza.jkn_payer_codes": QCoreApplication.translate(
            "SettingLabels", "Kode penjamin BPJS (kd_pj)"
        ),
        "khanza.include_non_jkn": QCoreApplication.translate(
            "SettingLabels", "Laporkan juga pasien NON JKN"
        ),
        "khanza.excluded_clinics": QCoreApplication.translate(
            "SettingLabels", "Poli yang tidak dilaporkan (kd_poli)"
        ),
        "khanza.task5_fallback": QCoreApplication.translate(
            "SettingLabels", "Sumber task 5 bila catatan dokter tidak cukup"
        ),
        "khanza.notes_without_author": QCoreApplication.translate(
            "SettingLabels", "Catatan dokter tanpa nama dokter"
        ),
        "khanza.connect_timeout_seconds": QCoreApplication.translate(
            "SettingLabels", "Batas waktu menghubungi database (detik)"
        ),
        "khanza.read_timeout_seconds": QCoreApplication.translate(
            "SettingLabels", "Batas waktu membaca database (detik)"
        ),
        "khanza.write_timeout_seconds": QCoreApplication.translate(
            "SettingLabels", "Batas waktu menulis ke database (detik)"
        ),
        "store.url": QCoreApplication.translate(
            "SettingLabels", "Database penyimpanan (URL, untuk IT; kosong = berkas di PC ini)"
        ),
        "store.keep_days": QCoreApplication.translate(
            "SettingLabels", "Simpan isi kiriman BPJS selama (hari)"
        ),
        "store.keep_visits_days": QCoreApplication.translate(
            "SettingLabels", "Simpan data kunjungan selama (hari; 0 = selamanya)"
        ),
        "store.takeover_seconds": QCoreApplication.translate(
            "SettingLabels", "Ambil alih pengiriman bila meja aktif diam (detik)"
        ),
        "store.desk_name": QCoreApplication.translate(
            "SettingLabels", "Nama meja ini (kosong = nama PC)"
        ),
        "bpjs.base_url": QCoreApplication.translate("SettingLabels", "Alamat layanan BPJS"),
        "bpjs.cons_id": QCoreApplication.translate("SettingLabels", "Cons-ID"),
        "bpjs.secret_key": QCoreApplication.translate("SettingLabels", "Secret key"),
        "bpjs.user_key": QCoreApplication.translate("SettingLabels", "User key (Antrean RS)"),
        "bpjs.timeout_seconds": QCoreApplication.translate(
            "SettingLabels", "Batas waktu menunggu jawaban BPJS (detik)"
        ),
        "bpjs.deadline_seconds": QCoreApplication.translate(
            "SettingLabels", "Batas waktu satu panggilan ke BPJS (detik)"
        ),
        "bpjs.max_answer_bytes": QCoreApplication.translate(
            "SettingLabels", "Ukuran jawaban BPJS terbesar (byte)"
        ),
        "bpjs.verify_tls": QCoreApplication.translate(
            "SettingLabels", "Periksa sertifikat keamanan (TLS) server BPJS"
        ),
        "schedule.poll_seconds": QCoreApplication.translate(
            "SettingLabels", "Baca Khanza setiap (detik)"
        ),
        "schedule.worker_seconds": QCoreApplication.translate(
            "SettingLabels", "Kirim ke BPJS setiap (detik)"
        ),
        "worker.max_attempts": QCoreApplication.translate(
            "SettingLabels", "Percobaan kirim paling banyak"
        ),
        "worker.backoff_seconds": QCoreApplication.translate(
            "SettingLabels", "Jeda pertama sebelum mencoba lagi (detik)"
        ),
        "worker.concurrency": QCoreApplication.translate("SettingLabels", "Kiriman bersamaan"),
        "worker.auth_probe_seconds": QCoreApplication.translate(
            "SettingLabels", "BPJS menolak kredensial: coba lagi setiap (detik)"
        ),
        "worker.outage_probe_seconds": QCoreApplication.translate(
            "SettingLabels", "BPJS tidak terjangkau: coba lagi setiap (detik)"
        ),
        "hospital.timezone": QCoreApplication.translate("SettingLabels", "Zona waktu"),
        "hospital.tasks": QCoreApplication.translate("SettingLabels", "Task yang dilaporkan"),
        "hospital.minutes_per_patient": QCoreApplication.translate(
            "SettingLabels", "Menit per pasien (perkiraan jam dilayani)"
        ),
        "hospital.keterangan": QCoreApplication.translate(
            "SettingLabels", "Keterangan untuk peserta"
        ),
        "hospital.alasan_batal": QCoreApplication.translate(
            "SettingLabels", "Alasan batal yang dikirim"
        ),
        "hospital.language": QCoreApplication.translate("SettingLabels", "Bahasa"),
        "hospital.quota_jkn": QCoreApplication.translate(
            "SettingLabels", "Kuota JKN per sesi dokter"
        ),
        "hospital.quota_nonjkn": QCoreApplication.translate(
            "SettingLabels", "Kuota NON JKN per sesi dokter"
        ),
        "hospital.quota_overrides": QCoreApplication.translate(
            "SettingLabels", "Kuota per poli atau dokter"
        ),
        "reconcile.calls_per_second": QCoreApplication.translate(
            "SettingLabels", "Panggilan pencocokan per detik"
        ),
        "reconcile.evening_at": QCoreApplication.translate(
            "SettingLabels", "Jam pencocokan hari ini"
        ),
        "reconcile.window_at": QCoreApplication.translate(
            "SettingLabels", "Jam pencocokan hari-hari H+7"
        ),
    }
    return labels[key]


def choice_label(kind: str, value: str) -> str:
    """The words for one choice of a setting that offers a few (``config.value_kind``)."""
    words = {
        ("profile", "khanza"): QCoreApplication.translate(
            "SettingLabels", "Khanza standar (catatan dan waktu Khanza)"
        ),
        ("profile", "task-columns"): QCoreApplication.translate(
            "SettingLabels", "Kolom task di reg_periksa (task_id_3..7)"
        ),
        ("fallback", "none"): QCoreApplication.translate(
            "SettingLabels", "Tidak ada (task 5 ditahan)"
        ),
        ("fallback", "nota_jalan"): QCoreApplication.translate(
            "SettingLabels", "Waktu nota rawat jalan (nota_jalan)"
        ),
        ("notes", "hold"): QCoreApplication.translate(
            "SettingLabels", "Tahan task 4/5 yang hanya dari catatan itu"
        ),
        ("notes", "any"): QCoreApplication.translate("SettingLabels", "Pakai catatan siapa saja"),
        ("lang", "id"): "Bahasa Indonesia",
        ("lang", "en"): "English",
    }
    return words[(kind, value)]
