<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>DashboardWidget</name>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="61" />
        <source>Tanggal:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="70" />
        <source>Perbarui</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="73" />
        <source>Ekspor 30 hari…</source>
        <translation>Export 30 days…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="94" />
        <source>Poli</source>
        <translation>Clinic</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="97" />
        <source>Lengkap</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="98" />
        <source>% lengkap</source>
        <translation>% complete</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="101" />
        <source>Tunggu p90</source>
        <translation>Wait p90</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="103" />
        <source>Layan p90</source>
        <translation>Service p90</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="95" />
        <source>JKN</source>
        <translation>JKN</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="43" />
        <source>{s} dtk</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="44" />
        <source>{m} mnt</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="95" />
        <source>Kunjungan JKN (tidak termasuk yang batal)</source>
        <translation>JKN visits (cancelled ones left out)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="96" />
        <source>Terdaftar</source>
        <translation>Booked</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="96" />
        <source>Booking (antrean/add) sudah diterima BPJS</source>
        <translation>BPJS accepted the booking</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="97" />
        <source>Booking dan semua task poli sudah diterima BPJS</source>
        <translation>BPJS accepted the booking and every clinic task</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="99" />
        <source>Beda</source>
        <translation>Differs</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="99" />
        <source>Rekonsiliasi terakhir menemukan catatan BPJS berbeda</source>
        <translation>The last reconciliation found BPJS's record different</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="100" />
        <source>Tunggu med.</source>
        <translation>Wait med.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="100" />
        <source>Waktu tunggu poli (task 3 ke 4), median</source>
        <translation>Clinic waiting time (task 3 to 4), median</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="101" />
        <source>Waktu tunggu poli (task 3 ke 4), persentil 90</source>
        <translation>Clinic waiting time (task 3 to 4), 90th percentile</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="102" />
        <source>Layan med.</source>
        <translation>Service med.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="102" />
        <source>Waktu layan poli (task 4 ke 5), median</source>
        <translation>Clinic service time (task 4 to 5), median</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="103" />
        <source>Waktu layan poli (task 4 ke 5), persentil 90</source>
        <translation>Clinic service time (task 4 to 5), 90th percentile</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="104" />
        <source>BPJS tunggu</source>
        <translation>BPJS wait</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="104" />
        <source>Rata-rata waktu tunggu menurut BPJS</source>
        <translation>Average waiting time according to BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="105" />
        <source>BPJS layan</source>
        <translation>BPJS service</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="105" />
        <source>Rata-rata waktu layan menurut BPJS</source>
        <translation>Average service time according to BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="122" />
        <source>% kunjungan JKN lengkap di BPJS, 30 hari</source>
        <translation>% of JKN visits complete at BPJS, 30 days</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="126" />
        <source>Waktu tunggu poli (menit), 30 hari</source>
        <translation>Clinic waiting time (minutes), 30 days</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="151" />
        <source>Memuat…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="160" />
        <source>Ekspor laporan kepatuhan</source>
        <translation>Export compliance report</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="162" />
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="170" />
        <source>Menyimpan…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="176" />
        <source>Laporan disimpan: {p}</source>
        <translation>Report saved: {p}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="190" />
        <source>{d}: {v} kunjungan JKN · {b} terdaftar di BPJS · {c} lengkap ({p}) · tunggu median {w} · layan median {s}</source>
        <translation>{d}: {v} JKN visits · {b} booked at BPJS · {c} complete ({p}) · wait median {w} · service median {s}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="206" />
        <source>Angka BPJS tidak tersedia: {why}</source>
        <translation>BPJS's figures not available: {why}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="209" />
        <source>Angka BPJS: dashboard/waktutunggu (waktu RS)</source>
        <translation>BPJS's figures: dashboard/waktutunggu (hospital times)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="212" />
        <source>TOTAL</source>
        <translation>TOTAL</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="273" />
        <source>median (Antrean Desktop)</source>
        <translation>median (Antrean Desktop)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/dashboard.py" line="288" />
        <source>rata-rata menurut BPJS</source>
        <translation>average according to BPJS</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="53" />
        <source>Kunjungan {id} | kode booking {kb}</source>
        <translation>Visit {id} | booking code {kb}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="56" />
        <source>Pasien: {name} (RM {rm}), {jenis}</source>
        <translation>Patient: {name} (MRN {rm}), {jenis}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="59" />
        <source>Poli: {poli} | Dokter: {dokter}</source>
        <translation>Clinic: {poli} | Doctor: {dokter}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="62" />
        <source>Tanggal: {d} | booking: {s}</source>
        <translation>Date: {d} | booking: {s}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="67" />
        <source>Task:</source>
        <translation>Tasks:</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="80" />
        <source>Permintaan ke BPJS:</source>
        <translation>Requests to BPJS:</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="82" />
        <source>(belum ada)</source>
        <translation>(none yet)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="121" />
        <source>tidak ada di BPJS</source>
        <extracomment>the names Indonesian hospitals use for their zones (tzdata says "WIB" only for Jakarta)</extracomment>
        <translation>missing at BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="122" />
        <source>waktu di BPJS berbeda</source>
        <translation>a different time at BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="125" />
        <source>ada di BPJS, tidak tercatat terkirim di sini</source>
        <translation>at BPJS, not recorded as sent here</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="128" />
        <source>dibatalkan di BPJS</source>
        <translation>cancelled at BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="142" />
        <source>Dicocokkan dengan BPJS: {t}</source>
        <translation>Compared with BPJS: {t}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="147" />
        <source>sama dengan catatan BPJS</source>
        <translation>same as BPJS's record</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="148" />
        <source>kita</source>
        <translation>ours</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="180" />
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="262" />
        <source>Pilih kunjungan untuk melihat rinciannya.</source>
        <extracomment>(visit_id, task_id or None for the whole visit) visit_id -- send again what the last reconciliation found missing at BPJS a reason code -- open the troubleshooting guide at its row</extracomment>
        <translation>Select a visit to see its details.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="193" />
        <source>Bantuan</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="194" />
        <source>Buka panduan masalah pada alasan ini</source>
        <translation>Open the troubleshooting guide at this reason</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="204" />
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="205" />
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="206" />
        <source>Sumber</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="207" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="208" />
        <source>Percobaan</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="209" />
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="234" />
        <source>Kirim ulang task</source>
        <translation>Resend task</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="235" />
        <source>Kirim ulang kunjungan</source>
        <translation>Resend visit</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="236" />
        <source>Kirim ulang yang tidak ada di BPJS</source>
        <translation>Resend what BPJS lacks</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="238" />
        <source>Salin teks</source>
        <translation>Copy text</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="241" />
        <source>Menyalin rincian untuk tiket dukungan; NIK, no. kartu, no. HP dan nama disamarkan</source>
        <translation>Copies the details for a support ticket; NIK, card number, phone and name are masked</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="244" />
        <source>Sertakan data pribadi</source>
        <translation>Include personal data</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="246" />
        <source>Salin NIK, no. kartu, no. HP dan nama pasien apa adanya</source>
        <translation>Copy the patient's NIK, card number, phone and name as they are</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="277" />
        <source>{v} — {p} (RM {rm})</source>
        <translation>{v} — {p} (MRN {rm})</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="287" />
        <source>1 (booking)</source>
        <translation>1 (booking)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="303" />
        <source>{r}
Langkah perbaikan: {s}</source>
        <translation>{r}
Next step: {s}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="338" />
        <source>Booking</source>
        <translation>Booking</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="338" />
        <source>Task {n}</source>
        <translation>Task {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/detail_pane.py" line="340" />
        <source>Langkah perbaikan ({t}): {s}</source>
        <translation>Next step ({t}): {s}</translation>
    </message>
</context>
<context>
    <name>HelpViewer</name>
    <message>
        <location filename="../../antrean_desktop/gui/help_viewer.py" line="29" />
        <source>Bantuan — panduan masalah</source>
        <translation>Help — troubleshooting guide</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/help_viewer.py" line="43" />
        <source>Panduan tidak ditemukan: {p}</source>
        <translation>Guide not found: {p}</translation>
    </message>
</context>
<context>
    <name>KhanzaConnection</name>
    <message>
        <location filename="../../antrean_desktop/gui/khanza_connection.py" line="82" />
        <source>Server database (host) kosong: isi nama atau alamat IP</source>
        <extracomment>the parts, in the order Khanza's own setting shows them</extracomment>
        <translation>Database server (host) is empty: enter a name or an IP address</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/khanza_connection.py" line="88" />
        <source>Server database '{v}' tidak sah: isi nama atau alamat IP saja</source>
        <translation>Database server '{v}' is not valid: enter only a name or an IP address</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/khanza_connection.py" line="97" />
        <source>Port '{v}' bukan angka port: seharusnya angka seperti 3306</source>
        <translation>Port '{v}' is not a port number: expected a number such as 3306</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/khanza_connection.py" line="105" />
        <source>Nama database kosong: biasanya sik</source>
        <translation>Database name is empty: usually sik</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/khanza_connection.py" line="111" />
        <source>Pengguna database kosong</source>
        <translation>Database user is empty</translation>
    </message>
</context>
<context>
    <name>LogDock</name>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="141" />
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="153" />
        <source>Tingkat:</source>
        <translation>Level:</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="156" />
        <source>Debug</source>
        <translation>Debug</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="157" />
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="158" />
        <source>Peringatan</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/log_pane.py" line="159" />
        <source>Galat</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="106" />
        <source>base_url memakai http://</source>
        <translation>base_url uses http://</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="107" />
        <source>verify_tls = false</source>
        <translation>verify_tls = false</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="109" />
        <source>Peringatan: koneksi ke BPJS tidak aman ({why}); data pasien dapat dibaca atau diubah di jaringan. Pakai base_url https:// dan verify_tls = true di Pengaturan.</source>
        <translation>Warning: the connection to BPJS is not secure ({why}); patients' data can be read or changed on the network. Use an https:// base_url and verify_tls = true in Settings.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="120" />
        <source>UJI COBA: kiriman masuk ke server uji coba (dev) BPJS, bukan ke server produksi; antrean rumah sakit tidak terlapor. Pilih alamat Produksi di Pengaturan.</source>
        <translation>TRIAL: sending goes to BPJS's test (dev) server, not production; the hospital's queue is not reported. Choose the Produksi address in Settings.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="130" />
        <source>Kirim ulang gagal</source>
        <translation>Resending failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="132" />
        <source>Sinkronisasi gagal</source>
        <translation>Sync failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="133" />
        <source>Laporan tidak tersimpan</source>
        <translation>The report was not saved</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="134" />
        <source>Angka kepatuhan tidak dapat dimuat</source>
        <translation>The compliance figures could not be loaded</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="137" />
        <source>Rincian kunjungan tidak dapat dimuat</source>
        <translation>The visit's details could not be loaded</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="144" />
        <source>Pekerjaan latar belakang gagal</source>
        <translation>A background task failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="145" />
        <source>{what}; rinciannya ada di Log.</source>
        <translation>{what}; the details are in the Log.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="206" />
        <source>Antrean Desktop — antrean BPJS</source>
        <extracomment>the dock widgets may be closed, floated and moved the room a window's title bar takes on Windows, outside its client area the window closed for good (not just hidden to the tray): the application should quit</extracomment>
        <translation>Antrean Desktop — BPJS queue</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="248" />
        <source>Alat</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="253" />
        <source>Tanggal:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="273" />
        <source>Semua</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="274" />
        <source>Bermasalah</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="275" />
        <source>Diblokir</source>
        <translation>Blocked</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="276" />
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="277" />
        <source>Belum terkirim</source>
        <translation>Not yet sent</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="278" />
        <source>Beda dengan BPJS</source>
        <translation>Differs from BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="285" />
        <source>Sinkron sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="289" />
        <source>Kirim ulang yang gagal</source>
        <translation>Resend failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="292" />
        <source>Kepatuhan BPJS</source>
        <translation>BPJS compliance</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="295" />
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="309" />
        <source>DEMO — rumah sakit contoh dan simulator BPJS di komputer ini; tidak ada data yang dikirim ke BPJS.</source>
        <translation>DEMO — a sample hospital and a BPJS simulator on this computer; nothing is sent to BPJS.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="340" />
        <source>Sudah diperbaiki, lanjutkan kirim</source>
        <translation>Fixed, resume sending</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="344" />
        <source>Kirim ulang sekarang</source>
        <translation>Send now</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="347" />
        <source>Task yang menunggu percobaan berikutnya dikirim sekarang, tanpa menunggu jeda; tanpa tombol ini pun task itu dicoba lagi otomatis sampai batas H+7</source>
        <translation>Tasks waiting for their next try are sent now, without waiting for their pause; even without this button they are retried by themselves up to the H+7 limit</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="394" />
        <source>Rincian kunjungan</source>
        <translation>Visit details</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="425" />
        <source>Rincian</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="427" />
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="431" />
        <source>Tampilkan/sembunyikan: {p}</source>
        <translation>Show/hide: {p}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="484" />
        <location filename="../../antrean_desktop/gui/main_window.py" line="724" />
        <source>Khanza: …</source>
        <translation>Khanza: …</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="485" />
        <source>BPJS: …</source>
        <translation>BPJS: …</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="486" />
        <source>Baca Khanza terakhir: -</source>
        <translation>Last Khanza read: -</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="487" />
        <source>Antrean kirim: -</source>
        <translation>Send queue: -</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="522" />
        <source>Menampilkan {d} (hanya baca)</source>
        <translation>Showing {d} (read-only)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="532" />
        <source>Sinkronisasi berjalan…</source>
        <translation>Sync running…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="538" />
        <source>Mengantrekan ulang task yang gagal…</source>
        <translation>Re-queuing failed tasks…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="553" />
        <source>Mengirim ulang sekarang…</source>
        <translation>Sending again now…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="558" />
        <location filename="../../antrean_desktop/gui/main_window.py" line="570" />
        <source>Mengantrekan ulang {v}…</source>
        <translation>Re-queuing {v}…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="564" />
        <source>BPJS tidak mempunyai sebagian data kunjungan {v} yang tercatat sudah terkirim. Kirim ulang sekarang?</source>
        <translation>BPJS lacks part of visit {v} that the program holds as sent. Send it again now?</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="567" />
        <source>Kirim ulang ke BPJS</source>
        <translation>Send again to BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="588" />
        <source>Kirim ulang kunjungan</source>
        <translation>Resend visit</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="591" />
        <source>Salin no. rawat dan masalah</source>
        <translation>Copy visit no. and problem</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="597" />
        <source>Bantuan untuk masalah ini</source>
        <translation>Help for this problem</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="611" />
        <source>Langkah perbaikan: {s}</source>
        <translation>Next step: {s}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="636" />
        <source>Kepatuhan BPJS — Antrean Desktop</source>
        <translation>BPJS compliance — Antrean Desktop</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="681" />
        <source>Memuat {v}…</source>
        <translation>Loading {v}…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="726" />
        <source>Khanza: terhubung</source>
        <translation>Khanza: connected</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="728" />
        <source> · {n} sumber tidak ada</source>
        <translation> · {n} sources missing</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="734" />
        <source>Khanza: terputus</source>
        <translation>Khanza: disconnected</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="743" />
        <source>Baca Khanza terakhir: {t}</source>
        <translation>Last Khanza read: {t}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="753" />
        <source>{d}: {v} kunjungan · {c}</source>
        <translation>{d}: {v} visits · {c}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="786" />
        <source>Penyimpanan lokal bermasalah; dicoba lagi otomatis. Rinciannya ada di Log dan di tooltip pesan ini.</source>
        <translation>The local store fails; it is retried automatically. The details are in the Log and in this message's tooltip.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="795" />
        <source>Database Khanza tidak dapat dibaca; dicoba lagi otomatis. Rinciannya ada di Log dan di tooltip pesan ini.</source>
        <translation>The Khanza database cannot be read; it is retried automatically. The details are in the Log and in this message's tooltip.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="868" />
        <source>Sinkronisasi selesai dengan masalah (lihat baris status dan Log)</source>
        <translation>Sync finished with problems (see the status bar and the log)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="747" />
        <source>Antrean kirim: {n}</source>
        <translation>Send queue: {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="264" />
        <source>Cari no. rawat, RM, nama, booking</source>
        <translation>Search visit no., MRN, name, booking</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="265" />
        <source>Cari no. rawat, no. RM, nama pasien atau kode booking</source>
        <translation>Search by visit no., MRN, patient's name or booking code</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="833" />
        <source>{p} ({v}): task {t} gagal dikirim</source>
        <translation>{p} ({v}): task {t} could not be sent</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="837" />
        <source> dan {n} lainnya</source>
        <translation> and {n} more</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="838" />
        <source>Pengiriman BPJS gagal</source>
        <translation>Sending to BPJS failed</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="844" />
        <source>Tidak ada PC yang mengirim ke BPJS saat ini; permintaan tidak dikirim. Jalankan Antrean Desktop di PC pengirim, lalu coba lagi.</source>
        <translation>No PC sends to BPJS now; the request was not sent. Start Antrean Desktop on the sending PC, then try again.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="849" />
        <source>PC pengirim tidak menjawab; permintaan dibatalkan. Coba lagi sebentar lagi.</source>
        <translation>The sending PC did not answer; the request was withdrawn. Try again in a moment.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="852" />
        <source>PC pengirim tidak dapat melakukannya; rinciannya ada di log PC itu.</source>
        <translation>The sending PC could not do it; the details are in that PC's log.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="866" />
        <source>Sinkronisasi tidak dapat berjalan: pengirim belum siap (lihat log)</source>
        <translation>Sync cannot run: the sender is not ready (see the log)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="870" />
        <source>Sinkronisasi selesai</source>
        <translation>Sync finished</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="874" />
        <source>{n} task diantrekan ulang</source>
        <translation>{n} tasks re-queued</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="878" />
        <source>{n} task dikirim ulang sekarang</source>
        <translation>{n} tasks sent again now</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="881" />
        <source>Pengaturan baru sudah berlaku</source>
        <translation>The new settings apply now</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="883" />
        <source>Laporan disimpan: {p}</source>
        <translation>Report saved: {p}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="928" />
        <source>Antrean Desktop tetap berjalan</source>
        <translation>Antrean Desktop keeps running</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/main_window.py" line="929" />
        <source>Pengiriman ke BPJS berjalan terus. Klik ikon untuk membuka.</source>
        <translation>Sending to BPJS goes on. Click the icon to open.</translation>
    </message>
</context>
<context>
    <name>SettingLabels</name>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="14" />
        <source>Koneksi database Khanza</source>
        <translation>Khanza database connection</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="15" />
        <source>Server database (host)</source>
        <translation>Database server (host)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="16" />
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="17" />
        <source>Nama database</source>
        <translation>Database name</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="18" />
        <source>Pengguna database</source>
        <translation>Database user</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="19" />
        <source>Kata sandi database</source>
        <translation>Database password</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="20" />
        <source>Struktur tabel Khanza</source>
        <translation>Khanza table layout</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="21" />
        <source>Kode penjamin BPJS (kd_pj)</source>
        <translation>BPJS payer codes (kd_pj)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="24" />
        <source>Laporkan juga pasien NON JKN</source>
        <translation>Also report NON JKN patients</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="27" />
        <source>Poli yang tidak dilaporkan (kd_poli)</source>
        <translation>Clinics not reported (kd_poli)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="30" />
        <source>Sumber task 5 bila catatan dokter tidak cukup</source>
        <translation>Source of task 5 when the doctor's notes are not enough</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="33" />
        <source>Catatan dokter tanpa nama dokter</source>
        <translation>Doctor's notes without the doctor's name</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="36" />
        <source>Batas waktu menghubungi database (detik)</source>
        <translation>Time limit to connect to the database (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="39" />
        <source>Batas waktu membaca database (detik)</source>
        <translation>Time limit to read from the database (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="42" />
        <source>Batas waktu menulis ke database (detik)</source>
        <translation>Time limit to write to the database (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="45" />
        <source>Database penyimpanan (URL, untuk IT; kosong = berkas di PC ini)</source>
        <translation>Store database (URL, for IT; empty = a file on this PC)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="48" />
        <source>Simpan isi kiriman BPJS selama (hari)</source>
        <translation>Keep BPJS request bodies for (days)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="51" />
        <source>Simpan data kunjungan selama (hari; 0 = selamanya)</source>
        <translation>Keep visits for (days; 0 = for ever)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="54" />
        <source>Ambil alih pengiriman bila meja aktif diam (detik)</source>
        <translation>Take over sending when the active desk is silent for (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="57" />
        <source>Nama meja ini (kosong = nama PC)</source>
        <translation>This desk's name (empty = the PC's name)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="60" />
        <source>Alamat layanan BPJS</source>
        <translation>BPJS service address</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="61" />
        <source>Cons-ID</source>
        <translation>Cons-ID</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="62" />
        <source>Secret key</source>
        <translation>Secret key</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="63" />
        <source>User key (Antrean RS)</source>
        <translation>User key (Antrean RS)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="64" />
        <source>Batas waktu menunggu jawaban BPJS (detik)</source>
        <translation>Time limit waiting for BPJS's answer (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="67" />
        <source>Batas waktu satu panggilan ke BPJS (detik)</source>
        <translation>Time limit of one call to BPJS (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="70" />
        <source>Ukuran jawaban BPJS terbesar (byte)</source>
        <translation>Largest BPJS answer (bytes)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="73" />
        <source>Periksa sertifikat keamanan (TLS) server BPJS</source>
        <translation>Check the BPJS server's security (TLS) certificate</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="76" />
        <source>Baca Khanza setiap (detik)</source>
        <translation>Read Khanza every (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="79" />
        <source>Kirim ke BPJS setiap (detik)</source>
        <translation>Send to BPJS every (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="82" />
        <source>Percobaan kirim paling banyak</source>
        <translation>Most send attempts</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="85" />
        <source>Jeda pertama sebelum mencoba lagi (detik)</source>
        <translation>First pause before trying again (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="88" />
        <source>Kiriman bersamaan</source>
        <translation>Sends at the same time</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="89" />
        <source>BPJS menolak kredensial: coba lagi setiap (detik)</source>
        <translation>BPJS refuses the credentials: try again every (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="92" />
        <source>BPJS tidak terjangkau: coba lagi setiap (detik)</source>
        <translation>BPJS cannot be reached: try again every (seconds)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="95" />
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="96" />
        <source>Task yang dilaporkan</source>
        <translation>Tasks reported</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="97" />
        <source>Menit per pasien (perkiraan jam dilayani)</source>
        <translation>Minutes per patient (estimated service time)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="100" />
        <source>Keterangan untuk peserta</source>
        <translation>Note for the patient</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="103" />
        <source>Alasan batal yang dikirim</source>
        <translation>Cancellation reason sent</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="106" />
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="107" />
        <source>Kuota JKN per sesi dokter</source>
        <translation>JKN quota per doctor's session</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="110" />
        <source>Kuota NON JKN per sesi dokter</source>
        <translation>NON JKN quota per doctor's session</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="113" />
        <source>Kuota per poli atau dokter</source>
        <translation>Quotas per clinic or doctor</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="116" />
        <source>Panggilan pencocokan per detik</source>
        <translation>Reconciliation calls per second</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="119" />
        <source>Jam pencocokan hari ini</source>
        <translation>Time to reconcile today</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="122" />
        <source>Jam pencocokan hari-hari H+7</source>
        <translation>Time to reconcile the H+7 days</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="132" />
        <source>Khanza standar (catatan dan waktu Khanza)</source>
        <translation>Standard Khanza (Khanza's notes and times)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="135" />
        <source>Kolom task di reg_periksa (task_id_3..7)</source>
        <translation>Task columns in reg_periksa (task_id_3..7)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="138" />
        <source>Tidak ada (task 5 ditahan)</source>
        <translation>None (task 5 is held)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="141" />
        <source>Waktu nota rawat jalan (nota_jalan)</source>
        <translation>Outpatient bill time (nota_jalan)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="144" />
        <source>Tahan task 4/5 yang hanya dari catatan itu</source>
        <translation>Hold tasks 4/5 that only such notes give</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/setting_labels.py" line="147" />
        <source>Pakai catatan siapa saja</source>
        <translation>Use anyone's notes</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="73" />
        <source>Khanza</source>
        <extracomment>the first-run setup: (section, the keys it asks for, which connection test it offers)</extracomment>
        <translation>Khanza</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="74" />
        <source>Penyimpanan lokal</source>
        <translation>Local store</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="75" />
        <source>BPJS</source>
        <translation>BPJS</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="76" />
        <source>Jadwal</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="77" />
        <source>Pengiriman</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="78" />
        <source>Rumah sakit</source>
        <translation>Hospital</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="135" />
        <source>Pengaturan Antrean Desktop</source>
        <extracomment>the secrets in the order a note names them</extracomment>
        <translation>Antrean Desktop settings</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="155" />
        <source>Selamat datang di Antrean Desktop</source>
        <extracomment>how the dialog ended: "saved", "demo" (first run: try the demo) or None (cancelled) what the dialog told after saving (secrets in the file, settings awaiting a restart)</extracomment>
        <translation>Welcome to Antrean Desktop</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="158" />
        <source>Antrean Desktop belum diatur. Isi tiga langkah pendek berikut untuk menghubungkan database Khanza dan layanan Antrean BPJS rumah sakit, atau coba dulu mode demo (rumah sakit contoh; tidak ada yang dikirim ke BPJS).</source>
        <translation>Antrean Desktop is not set up yet. Fill in the three short steps below to connect the hospital's Khanza database and BPJS Antrean service, or try the demo first (a sample hospital; nothing is sent to BPJS).</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="167" />
        <source>Langkah {n} dari {m}: {s}</source>
        <translation>Step {n} of {m}: {s}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="194" />
        <source>Rahasia (cons-id, secret key, user_key, kata sandi Khanza) disimpan di keyring sistem, tidak di file.</source>
        <translation>Secrets (cons-id, secret key, user_key, the Khanza password) are kept in the system keyring, not in the file.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="199" />
        <source>PC ini tidak punya keyring sistem: rahasia (cons-id, secret key, user_key, kata sandi Khanza) disimpan di berkas {p}, yang hanya dapat dibaca pengguna ini.</source>
        <translation>This PC has no system keyring: the secrets (cons-id, secret key, user_key, Khanza password) are saved in the file {p}, which only this user can read.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="557" />
        <source>kata sandi database Khanza</source>
        <translation>the Khanza database password</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="563" />
        <source>Keyring sistem tidak tersedia di PC ini, jadi {s} disimpan di berkas {p}, yang hanya dapat dibaca pengguna ini. Jaga berkas itu seperti kata sandi.</source>
        <translation>This PC has no system keyring, so {s} were saved in the file {p}, which only this user can read. Guard that file like a password.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="575" />
        <source>Berlaku setelah Antrean Desktop dimulai ulang: {s}.</source>
        <translation>Applies after Antrean Desktop is restarted: {s}.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="613" />
        <source>Isi server, database dan pengguna Khanza dulu</source>
        <translation>Fill in Khanza's server, database and user first</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="223" />
        <source>Coba mode demo</source>
        <translation>Try the demo</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="225" />
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="227" />
        <source>Lanjut</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="229" />
        <source>Simpan dan mulai</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="220" />
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="231" />
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="203" />
        <source>Perubahan berlaku langsung setelah Simpan, kecuali yang bertanda *: berlaku setelah Antrean Desktop dimulai ulang.</source>
        <translation>Changes apply as soon as you save, except those marked *: they apply after Antrean Desktop is restarted.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="218" />
        <source>Simpan</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="277" />
        <source>Buang isian pengaturan yang belum disimpan?</source>
        <translation>Discard the settings typed and not saved?</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="281" />
        <source>Buang</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="282" />
        <source>Kembali mengisi</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="314" />
        <source>Alamat database Khanza di berkas pengaturan tidak terbaca; isi ulang server, database, pengguna dan kata sandinya.</source>
        <translation>The Khanza database address in the settings file cannot be read; fill in its server, database, user and password again.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="340" />
        <source>Uji koneksi</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="410" />
        <source>Produksi: {u}</source>
        <translation>Production: {u}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="411" />
        <source>Uji coba (dev): {u}</source>
        <translation>Trial (dev): {u}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="529" />
        <source>Pengaturan tidak tersimpan ke {p}; rinciannya ada di log.</source>
        <translation>The settings were not saved to {p}; the details are in the log.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="432" />
        <source>(disimpan di keyring)</source>
        <translation>(kept in the keyring)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="484" />
        <source>Harus {e}</source>
        <translation>Expected {e}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="616" />
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="632" />
        <source>Menguji…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="661" />
        <source>Berhasil: {r}</source>
        <translation>Success: {r}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/settings_dialog.py" line="661" />
        <source>Gagal: {r}</source>
        <translation>Failed: {r}</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../../antrean_desktop/gui/single_instance.py" line="78" />
        <source>Antrean Desktop sudah berjalan untuk pengguna ini (proses {pid} di {host}), tetapi tidak menjawab. Tutup program itu (atau hentikan prosesnya), lalu buka lagi. Kunci: {lock}</source>
        <translation>Antrean Desktop is already running for this user (process {pid} on {host}) but does not answer. Close that program (or end its process), then open it again. Lock: {lock}</translation>
    </message>
</context>
<context>
    <name>StartupError</name>
    <message>
        <location filename="../../antrean_desktop/gui/startup_error.py" line="34" />
        <source>Berkas: {f}</source>
        <translation>File: {f}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/startup_error.py" line="35" />
        <source>Berkas: {f}, baris {n}</source>
        <translation>File: {f}, line {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/startup_error.py" line="53" />
        <source>Antrean Desktop tidak dapat dimulai.</source>
        <translation>Antrean Desktop cannot start.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/startup_error.py" line="61" />
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/startup_error.py" line="66" />
        <source>Buka berkas</source>
        <translation>Open file</translation>
    </message>
</context>
<context>
    <name>TaskCells</name>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="68" />
        <source>Booking (task 1)</source>
        <translation>Booking (task 1)</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="70" />
        <location filename="../../antrean_desktop/gui/task_cells.py" line="125" />
        <source>Task {n}</source>
        <translation>Task {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="75" />
        <source>Waktu: {t}</source>
        <translation>Time: {t}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="78" />
        <source>Terkirim: {t}</source>
        <translation>Sent: {t}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="84" />
        <source>Percobaan: {n}</source>
        <translation>Attempts: {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="87" />
        <source>Alasan: {r}</source>
        <translation>Reason: {r}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/task_cells.py" line="123" />
        <source>Booking</source>
        <translation>Booking</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="349" />
        <location filename="../../antrean_desktop/gui/task_cells.py" line="91" />
        <source>Langkah perbaikan: {s}</source>
        <extracomment>the word in FILTER_ROLE that marks a visit whose BPJS record differs separates the searchable text from the task kinds in FILTER_ROLE column -&gt; role -&gt; value (None clears the role) of the cells to set every cell as an item, for a visit new to the table (None for an update) the column whose items carry FILTER_ROLE: the last one, so that a change of a visit's state touches only the right-hand columns and the proxy need not re-sort by time</extracomment>
        <translation>Next step: {s}</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="42" />
        <source>Antrean Desktop</source>
        <extracomment>the tray's three states and their icons</extracomment>
        <translation>Antrean Desktop</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="44" />
        <source>Tampilkan jendela</source>
        <translation>Show window</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="48" />
        <source>Sinkron sekarang</source>
        <extracomment>the last call's result, plain text; not clickable</extracomment>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="49" />
        <source>Jeda pengiriman</source>
        <translation>Pause sending</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="50" />
        <source>Lanjutkan pengiriman</source>
        <translation>Resume sending</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="52" />
        <source>Keluar</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="91" />
        <source>PC lain yang mengirim ke BPJS; jeda di PC itu</source>
        <translation>Another PC sends to BPJS; pause it there</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="94" />
        <source>Antrean Desktop: {f} gagal · {b} diblokir · baca Khanza {t}</source>
        <translation>Antrean Desktop: {f} failed · {b} blocked · Khanza read {t}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/tray.py" line="100" />
        <source> · pengiriman dijeda</source>
        <translation> · sending paused</translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="65" />
        <source>Booking</source>
        <translation>Booking</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="66" />
        <source>Task {n}</source>
        <translation>Task {n}</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="68" />
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="69" />
        <source>No. Rawat</source>
        <translation>Visit no.</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="70" />
        <source>Kode Booking</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="71" />
        <source>No. RM</source>
        <translation>MRN</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="72" />
        <source>Pasien</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="73" />
        <source>Poli</source>
        <translation>Clinic</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="74" />
        <source>Dokter</source>
        <translation>Doctor</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="75" />
        <location filename="../../antrean_desktop/gui/visits_model.py" line="396" />
        <source>JKN</source>
        <translation>JKN</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="76" />
        <source>Masalah terakhir</source>
        <translation>Last problem</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/gui/visits_model.py" line="398" />
        <source>Non-JKN</source>
        <translation>Non-JKN</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../antrean_desktop/app.py" line="120" />
        <source>Mode demo</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <location filename="../../antrean_desktop/app.py" line="121" />
        <source>Mode demo memakai rumah sakit contoh dan simulator BPJS; pengaturan tidak disimpan. Tutup demo dan jalankan Antrean Desktop tanpa --demo untuk mengatur koneksi ke Khanza dan BPJS.</source>
        <translation>The demo uses a sample hospital and a BPJS simulator; settings are not saved. Close the demo and start Antrean Desktop without --demo to set up the connections to Khanza and BPJS.</translation>
    </message>
</context>
</TS>