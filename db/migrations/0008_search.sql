-- Search and reports (issue 9): trigram indexes behind the search language of DESIGN.md §8,
-- accent-blind name matching, saved searches, and the indexes the reports read through.

-- Names folded for matching: "Zoë Łukasiewicz" is found by "zoe lukasiewicz", "Siân" by "sian",
-- "Ștefan" by "stefan". A fixed table of the Latin letters with marks (Latin-1, Latin
-- Extended-A, Romanian and Welsh) rather than the unaccent extension: it needs no superuser to
-- install, it is truly IMMUTABLE (an index over it cannot go stale when a dictionary file
-- changes), and it folds capitals itself, whatever the database's locale does with lower().
-- Other scripts (Arabic, Chinese, Greek) are matched as written.
CREATE FUNCTION qm_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(translate(value,
    'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſȘșȚțẀẁẂẃẄẅỲỳ',
    'aaaaaaaceeeeiiiidnoooooouuuuytsaaaaaaaceeeeiiiidnoooooouuuuytyaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsssttwwwwwwyy'))
$$;
GRANT EXECUTE ON FUNCTION qm_fold(text) TO qm_viewer;

-- Free words: one trigram index over every identifier a desk types or scans. db/search.cpp
-- writes exactly this expression (a test checks the planner uses the index).
CREATE INDEX device_words_trgm ON device USING gin
    ((asset_tag || ' ' || serial || ' ' || coalesce(imei, '') || ' ' || coalesce(imei2, '') || ' ' || coalesce(phone, ''))
     gin_trgm_ops);
-- Holders by name or staff number, accents and case folded, kept in a stored column: checking
-- a trigram index's candidates then reads it rather than folding every name again (folding
-- costs ~10 microseconds a name; most names are plain ASCII and only need lower()).
ALTER TABLE person ADD COLUMN search_words text GENERATED ALWAYS AS (
    CASE WHEN name ~ '^[ -~]*$' THEN lower(name) ELSE qm_fold(name) END || ' ' || lower(staff_no)) STORED;
ALTER TABLE person ADD CONSTRAINT person_search_words_text CHECK (length(search_words) <= 220);
CREATE INDEX person_words_trgm ON person USING gin (search_words gin_trgm_ops);
-- Reports: leavers, warranty ending, check-in age, hand-overs per week.
CREATE INDEX person_leaver_idx ON person (id) WHERE NOT active;
CREATE INDEX device_warranty_idx ON device (warranty_until, asset_tag);
CREATE INDEX mdm_device_last_sync_idx ON mdm_device (last_sync_at);
CREATE INDEX custody_issued_at_idx ON custody (issued_at);
CREATE INDEX custody_returned_at_idx ON custody (returned_at) WHERE returned_at IS NOT NULL;
-- Who holds what now, by person: the holder: term and the per-person report.
CREATE INDEX custody_open_person_idx ON custody (person_id) WHERE returned_at IS NULL;
-- Devices under legal hold are few: hold:yes reads them from here.
CREATE INDEX device_legal_hold_idx ON device (asset_tag) WHERE legal_hold;

-- The IMEI rules as plain expressions. The CHECK constraints called imei_is_valid(), which the
-- planner used to inline; since every function pins its search_path (schema version 6) it is
-- called instead, at about 12 microseconds a row, twice per device in a million-row load. A
-- constraint's expression is bound to its operators when it is made, so it needs no pinning.
ALTER TABLE device DROP CONSTRAINT device_imei_check,
    ADD CONSTRAINT device_imei_check CHECK (imei ~ '^[0-9]{15}$' AND (
        (ascii(substr(imei,1,1))-48) +
        (2*(ascii(substr(imei,2,1))-48) - 9*(((ascii(substr(imei,2,1))-48)>4)::int)) +
        (ascii(substr(imei,3,1))-48) +
        (2*(ascii(substr(imei,4,1))-48) - 9*(((ascii(substr(imei,4,1))-48)>4)::int)) +
        (ascii(substr(imei,5,1))-48) +
        (2*(ascii(substr(imei,6,1))-48) - 9*(((ascii(substr(imei,6,1))-48)>4)::int)) +
        (ascii(substr(imei,7,1))-48) +
        (2*(ascii(substr(imei,8,1))-48) - 9*(((ascii(substr(imei,8,1))-48)>4)::int)) +
        (ascii(substr(imei,9,1))-48) +
        (2*(ascii(substr(imei,10,1))-48) - 9*(((ascii(substr(imei,10,1))-48)>4)::int)) +
        (ascii(substr(imei,11,1))-48) +
        (2*(ascii(substr(imei,12,1))-48) - 9*(((ascii(substr(imei,12,1))-48)>4)::int)) +
        (ascii(substr(imei,13,1))-48) +
        (2*(ascii(substr(imei,14,1))-48) - 9*(((ascii(substr(imei,14,1))-48)>4)::int)) +
        (ascii(substr(imei,15,1))-48)
    ) % 10 = 0);
ALTER TABLE device DROP CONSTRAINT device_imei2_check,
    ADD CONSTRAINT device_imei2_check CHECK (imei2 IS NULL OR (imei IS NOT NULL AND imei2 <> imei AND (imei2 ~ '^[0-9]{15}$' AND (
        (ascii(substr(imei2,1,1))-48) +
        (2*(ascii(substr(imei2,2,1))-48) - 9*(((ascii(substr(imei2,2,1))-48)>4)::int)) +
        (ascii(substr(imei2,3,1))-48) +
        (2*(ascii(substr(imei2,4,1))-48) - 9*(((ascii(substr(imei2,4,1))-48)>4)::int)) +
        (ascii(substr(imei2,5,1))-48) +
        (2*(ascii(substr(imei2,6,1))-48) - 9*(((ascii(substr(imei2,6,1))-48)>4)::int)) +
        (ascii(substr(imei2,7,1))-48) +
        (2*(ascii(substr(imei2,8,1))-48) - 9*(((ascii(substr(imei2,8,1))-48)>4)::int)) +
        (ascii(substr(imei2,9,1))-48) +
        (2*(ascii(substr(imei2,10,1))-48) - 9*(((ascii(substr(imei2,10,1))-48)>4)::int)) +
        (ascii(substr(imei2,11,1))-48) +
        (2*(ascii(substr(imei2,12,1))-48) - 9*(((ascii(substr(imei2,12,1))-48)>4)::int)) +
        (ascii(substr(imei2,13,1))-48) +
        (2*(ascii(substr(imei2,14,1))-48) - 9*(((ascii(substr(imei2,14,1))-48)>4)::int)) +
        (ascii(substr(imei2,15,1))-48)
    ) % 10 = 0)));

-- Saved searches: a name for a query, the owner's own or shared with every desk. Row security
-- lets a login read its own and the shared ones and change only its own; the owner is the
-- session's login, whatever the client claims.
CREATE TABLE saved_search (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner       text NOT NULL DEFAULT session_user,
    name        text NOT NULL,
    query       text NOT NULL,
    shared      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- The text rules as literal patterns (text_refused() and text_visible() of version 6):
    -- a constraint that called them would need every login to hold EXECUTE on them.
    CONSTRAINT saved_search_owner_text CHECK (length(owner) <= 64
        AND owner !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]'),
    CONSTRAINT saved_search_name_text CHECK (length(name) BETWEEN 1 AND 80 AND name = btrim(name)
        AND name !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]'
        AND name ~ '[^\u0009-\u000d\u0020\u0085\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]'),
    CONSTRAINT saved_search_query_text CHECK (length(query) <= 1000
        AND query !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]')
);
CREATE UNIQUE INDEX saved_search_name_key ON saved_search (owner, lower(name));
-- A shared name means one search for everybody.
CREATE UNIQUE INDEX saved_search_shared_key ON saved_search (lower(name)) WHERE shared;

CREATE FUNCTION saved_search_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.owner := session_user;   -- never what the client wrote
    IF TG_OP = 'UPDATE' THEN
        NEW.id := OLD.id;
        NEW.created_at := OLD.created_at;
    ELSE
        NEW.created_at := now();
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER saved_search_guard BEFORE INSERT OR UPDATE ON saved_search
    FOR EACH ROW EXECUTE FUNCTION saved_search_guard();

ALTER TABLE saved_search ENABLE ROW LEVEL SECURITY;
CREATE POLICY saved_search_read ON saved_search FOR SELECT USING (owner = session_user OR shared);
CREATE POLICY saved_search_add ON saved_search FOR INSERT WITH CHECK (owner = session_user);
CREATE POLICY saved_search_change ON saved_search FOR UPDATE USING (owner = session_user)
    WITH CHECK (owner = session_user);
CREATE POLICY saved_search_remove ON saved_search FOR DELETE USING (owner = session_user);
REVOKE ALL ON saved_search FROM PUBLIC;
GRANT SELECT, INSERT, DELETE ON saved_search TO qm_viewer;
GRANT UPDATE (name, query, shared) ON saved_search TO qm_viewer;

-- The audit trigger's row images, ordered by the row's id rather than by an id read back out
-- of each image: the image was built twice per row (a million-row audited insert spent half
-- its audit time there). Same order, same images, same chain.
CREATE OR REPLACE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    after_rows  jsonb[];
    before_rows jsonb[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(to_jsonb(n) ORDER BY n.id) INTO after_rows FROM new_rows n;
        IF after_rows IS NOT NULL THEN PERFORM audit_append('insert', TG_TABLE_NAME, after_rows, NULL); END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE 'WITH nn AS MATERIALIZED (SELECT n.id, to_jsonb(n) AS j FROM new_rows n),'
                '     oo AS MATERIALIZED (SELECT o.id, to_jsonb(o) AS j FROM old_rows o)'
                ' SELECT array_agg(nn.j ORDER BY nn.id), array_agg(oo.j ORDER BY nn.id)'
                '   FROM nn JOIN oo ON oo.id = nn.id'
           INTO after_rows, before_rows;
        IF after_rows IS NOT NULL THEN PERFORM audit_append('update', TG_TABLE_NAME, after_rows, before_rows); END IF;
    ELSE
        SELECT array_agg(to_jsonb(o) ORDER BY o.id) INTO before_rows FROM old_rows o;
        IF before_rows IS NOT NULL THEN PERFORM audit_append('delete', TG_TABLE_NAME, NULL, before_rows); END IF;
    END IF;
    RETURN NULL;
END
$$;
