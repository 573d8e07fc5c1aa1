-- Variant: a Khanza installed before the Mobile JKN module (no referensi_mobilejkn_* tables).
-- Apply after khanza.sql.
DROP TABLE `referensi_mobilejkn_bpjs_taskid`;
DROP TABLE `referensi_mobilejkn_bpjs_batal`;
DROP TABLE `referensi_mobilejkn_bpjs`;
