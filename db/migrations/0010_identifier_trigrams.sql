-- Schema version 10: one trigram index per device identifier instead of one over all of them.
--
-- Building device_words_trgm (asset tag, serial, IMEIs and phone number joined) took 29-35 s
-- at a million devices, the largest single part of a demo seed; the five indexes below take
-- about 20 s together, because GIN's build slows down more than linearly with the number of
-- keys one index collects. A search also probes only the columns a word could occur in
-- (db/search.cpp): letters never reach the IMEI and phone indexes.
DROP INDEX device_words_trgm;
CREATE INDEX device_tag_trgm ON device USING gin (asset_tag gin_trgm_ops);
CREATE INDEX device_serial_trgm ON device USING gin (serial gin_trgm_ops);
CREATE INDEX device_imei_trgm ON device USING gin (imei gin_trgm_ops);
CREATE INDEX device_imei2_trgm ON device USING gin (imei2 gin_trgm_ops);
CREATE INDEX device_phone_trgm ON device USING gin (phone gin_trgm_ops);
