"""The Khanza tables and columns the queries use (lightweight SQLAlchemy ``table()`` objects).

Nothing is reflected or created: this only names what the SELECTs in the profile modules read.
"""

from __future__ import annotations

from sqlalchemy import column, table
from sqlalchemy.sql.expression import TableClause


def _table(name: str, columns: str) -> TableClause:
    return table(name, *(column(c) for c in columns.split()))


reg_periksa = _table(
    "reg_periksa",
    "no_reg no_rawat tgl_registrasi jam_reg kd_dokter no_rkm_medis kd_poli stts stts_daftar "
    "status_lanjut kd_pj",
)
pasien = _table("pasien", "no_rkm_medis nm_pasien no_ktp no_tlp no_peserta")
poliklinik = _table("poliklinik", "kd_poli nm_poli")
dokter = _table("dokter", "kd_dokter nm_dokter")
maping_poli_bpjs = _table("maping_poli_bpjs", "kd_poli_rs kd_poli_bpjs")
maping_dokter_dpjpvclaim = _table("maping_dokter_dpjpvclaim", "kd_dokter kd_dokter_bpjs")
referensi_mobilejkn_bpjs = _table(
    "referensi_mobilejkn_bpjs",
    "nobooking no_rawat jeniskunjungan nomorreferensi nomorantrean angkaantrean "
    "estimasidilayani status validasi",
)
#: Khanza's record of a Mobile JKN booking cancelled, with its reason (``keterangan``)
referensi_mobilejkn_bpjs_batal = _table(
    "referensi_mobilejkn_bpjs_batal",
    "nobooking nomorreferensi no_rawat_batal keterangan tanggalbatal",
)
#: the outpatient bill: when it was made (``tanggal`` + ``jam``)
nota_jalan = _table("nota_jalan", "no_rawat no_nota tanggal jam")
jadwal = _table("jadwal", "kd_dokter hari_kerja jam_mulai jam_selesai kd_poli kuota")
bridging_sep = _table(
    "bridging_sep", "no_sep no_rawat tglsep no_rujukan no_kartu asal_rujukan noskdp"
)
mutasi_berkas = _table("mutasi_berkas", "no_rawat dikirim diterima")
#: the note's author: ``nip`` (doctor or nurse), or ``kd_dokter`` on the oldest installs, where
#: the table holds one note per visit (keyed by ``no_rawat`` alone)
pemeriksaan_ralan = _table("pemeriksaan_ralan", "no_rawat tgl_perawatan jam_rawat nip kd_dokter")
resep_obat = _table(
    "resep_obat",
    "no_resep no_rawat status tgl_peresepan jam_peresepan tgl_perawatan jam tgl_penyerahan "
    "jam_penyerahan",
)
#: the ``task_id_3..7`` columns of the task-columns profile
reg_periksa_tasks = _table(
    "reg_periksa", "no_rawat task_id_3 task_id_4 task_id_5 task_id_6 task_id_7"
)

#: every table object above (the schema probe asks which of their columns exist)
ALL_TABLES: tuple[TableClause, ...] = (
    reg_periksa,
    pasien,
    poliklinik,
    dokter,
    maping_poli_bpjs,
    maping_dokter_dpjpvclaim,
    referensi_mobilejkn_bpjs,
    referensi_mobilejkn_bpjs_batal,
    nota_jalan,
    jadwal,
    bridging_sep,
    mutasi_berkas,
    pemeriksaan_ralan,
    resep_obat,
    reg_periksa_tasks,
)
