-- Schema version 12: a register page reads each device's holder from indexes alone.
--
-- The console's list and every search page join 200 devices to their open custody record and
-- its holder. Reading those rows meant two more heap visits per device (the custody row, then
-- the person) on top of each index descent; carrying the columns the page shows in the index
-- makes both index-only scans. At a million devices, pages in IMEI and serial order went from
-- p95 4.8 ms to 3.4-3.8 ms (docs/performance.md, "Issue 9, third session").
--
-- The open-custody key keeps its name and its rule (one open record per device): desks and
-- the error translation know it by name. It is replaced, not joined by a second index, so a
-- hand-over still writes one entry for it.
CREATE UNIQUE INDEX custody_open_device_cover ON custody (device_id) INCLUDE (person_id, issued_at)
    WHERE returned_at IS NULL;
DROP INDEX custody_open_device_key;
ALTER INDEX custody_open_device_cover RENAME TO custody_open_device_key;

-- People change rarely (HR feeds, a desk correcting a name); the extra index costs them, not
-- the hand-overs.
CREATE INDEX person_card_idx ON person (id) INCLUDE (staff_no, name);
