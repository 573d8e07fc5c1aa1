-- Variant: the FIRST Mobile JKN layout (a 2021 install, issue 21). Apply after khanza.sql and
-- no_mobile_jkn.sql: the module's two tables as they were then. A booking is keyed by its
-- nomorreferensi and has no nobooking, nomorantrean, angkaantrean, estimasidilayani, quota or
-- statuskirim columns; status is 'Belum' or 'Checkin' and validasi is the check-in time.
-- The cancellation record has 5 columns, keyed by nomorreferensi.
CREATE TABLE `referensi_mobilejkn_bpjs` (
  `no_rawat` varchar(17) DEFAULT NULL,
  `nomorkartu` varchar(25) DEFAULT NULL,
  `nik` varchar(30) DEFAULT NULL,
  `nohp` varchar(15) DEFAULT NULL,
  `kodepoli` varchar(15) DEFAULT NULL,
  `norm` varchar(15) DEFAULT NULL,
  `tanggalperiksa` date DEFAULT NULL,
  `kodedokter` varchar(20) DEFAULT NULL,
  `jampraktek` varchar(12) DEFAULT NULL,
  `jeniskunjungan` enum('1 (Rujukan FKTP)','2 (Rujukan Internal)','3 (Kontrol)','4 (Rujukan Antar RS)') DEFAULT NULL,
  `nomorreferensi` varchar(40) NOT NULL,
  `status` enum('Belum','Checkin') NOT NULL,
  `validasi` datetime NOT NULL,
  PRIMARY KEY (`nomorreferensi`),
  UNIQUE KEY `no_rawat` (`no_rawat`),
  KEY `norm` (`norm`),
  CONSTRAINT `referensi_mobilejkn_bpjs_ibfk_1` FOREIGN KEY (`norm`) REFERENCES `pasien` (`no_rkm_medis`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;

CREATE TABLE `referensi_mobilejkn_bpjs_batal` (
  `no_rkm_medis` varchar(15) NOT NULL,
  `no_rawat_batal` varchar(17) DEFAULT NULL,
  `nomorreferensi` varchar(40) NOT NULL,
  `tanggalbatal` datetime NOT NULL,
  `keterangan` varchar(200) DEFAULT NULL,
  PRIMARY KEY (`nomorreferensi`),
  KEY `no_rkm_medis` (`no_rkm_medis`),
  CONSTRAINT `referensi_mobilejkn_bpjs_batal_ibfk_1` FOREIGN KEY (`no_rkm_medis`) REFERENCES `pasien` (`no_rkm_medis`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT `referensi_mobilejkn_bpjs_batal_ibfk_2` FOREIGN KEY (`nomorreferensi`) REFERENCES `referensi_mobilejkn_bpjs` (`nomorreferensi`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
