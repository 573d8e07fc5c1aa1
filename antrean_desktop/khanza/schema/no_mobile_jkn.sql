-- Variant: a Khanza installed before the Mobile JKN module (no referensi_mobilejkn_* tables).
-- Apply after khanza.sql. Dropped children first: referensi_mobilejkn_bpjs_batal's foreign key
-- points at referensi_mobilejkn_bpjs (the other foreign keys point out of these tables).
DROP TABLE `referensi_mobilejkn_bpjs_taskid`;
DROP TABLE `referensi_mobilejkn_bpjs_batal`;
DROP TABLE `referensi_mobilejkn_bpjs`;
