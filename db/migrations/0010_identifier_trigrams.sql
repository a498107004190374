-- Schema version 10: the identifiers' trigram index keeps each column apart.
--
-- Version 8 indexed one expression, asset tag, serial, IMEIs and phone number joined with
-- spaces; building it took 29-35 s at a million devices, the largest part of a demo seed.
-- A multi-column GIN index over the five columns built in 21-28 s in the same measurements
-- (five separate indexes in ~17 s; this machine varies widely, docs/performance.md). A search
-- now names the columns
-- (db/search.cpp) and probes only those a word could occur in: letters never reach the IMEI
-- and phone keys. It stays one index rather than five: every issue or return rewrites the
-- device row into all of the table's indexes (its status is indexed), and one GIN insertion
-- per update kept eight contending desks 8-10% faster than five did.
DROP INDEX device_words_trgm;
CREATE INDEX device_words_trgm ON device USING gin
    (asset_tag gin_trgm_ops, serial gin_trgm_ops, imei gin_trgm_ops, imei2 gin_trgm_ops, phone gin_trgm_ops);
