-- Schema version 11: the same audit record, written with less work per event.
--
-- Sealing a 100,000-row import spent most of its time calling audit_event_content() once per
-- event: every function pins its search_path (schema version 6), so PostgreSQL calls it
-- through a configuration change instead of inlining it, 12 microseconds an event. The seal now
-- writes the same expression in its own query (test_audit_* and services/audit check the
-- stored hashes against the fields, in C++). And a statement's row images go straight into
-- audit_pending instead of through an array and audit_append(). The events, their order,
-- their content and the chain are unchanged.

-- enable_nestloop is off for the trigger alone: its one join (an update's new rows to its old
-- ones) is then a hash join whatever plan is cached, linear at any size. Version 7 planned it
-- afresh on every statement (EXECUTE) to escape a cached nested loop that made a 32,000-row
-- update quadratic; the planning cost every single-row hand-over about a tenth of a millisecond.
CREATE OR REPLACE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET enable_nestloop = off AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_pending (action, entity, entity_id, after)
        SELECT 'insert', TG_TABLE_NAME, n.id, to_jsonb(n) FROM new_rows n ORDER BY n.id;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit_pending (action, entity, entity_id, before, after)
        SELECT 'update', TG_TABLE_NAME, n.id, to_jsonb(o), to_jsonb(n)
          FROM new_rows n JOIN old_rows o ON o.id = n.id ORDER BY n.id;
    ELSE
        INSERT INTO audit_pending (action, entity, entity_id, before)
        SELECT 'delete', TG_TABLE_NAME, o.id, to_jsonb(o) FROM old_rows o ORDER BY o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION audit_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '10s' AS $$
DECLARE
    head_id   bigint;
    head_hash bytea;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_pending WHERE txid = txid_current()) THEN
        RETURN NULL;
    END IF;
    -- A table lock, queued like the advisory lock it replaces (cheaper under contention than
    -- waiting on a row), which only the register can take (see qm_internal above).
    BEGIN
        LOCK TABLE qm_internal.audit_head IN EXCLUSIVE MODE;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION 'The register is busy recording another large change; nothing was changed, try again in a moment.'
            USING ERRCODE = 'QM004';
    END;
    -- At READ COMMITTED this reads the head as the previous sealer committed it. (At REPEATABLE
    -- READ it could be older; then the events' numbers collide with the chain's and the commit
    -- fails on audit_event's primary key: the chain can never fork, it can only refuse.)
    SELECT h.last_id, h.last_hash INTO head_id, head_hash FROM qm_internal.audit_head h;
    WITH moved AS (
        DELETE FROM audit_pending WHERE txid = txid_current() RETURNING *
    ), numbered AS (
        SELECT head_id + row_number() OVER (ORDER BY seq) AS id, at, actor, action, entity, entity_id, before, after
          FROM moved
    ), chained AS (
        -- The content is audit_event_content() (migration 0003) written out: see above.
        SELECT numbered.*,
               audit_chain(head_hash, convert_to(concat_ws(chr(31), id::text,
                               to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor, action, entity,
                               coalesce(entity_id::text, ''), coalesce(before::text, ''), coalesce(after::text, '')),
                           'UTF8'))
                   OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hash
          FROM numbered
    ), inserted AS (
        INSERT INTO audit_event (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
        SELECT id, at, actor, action, entity, entity_id, before, after,
               coalesce(lag(hash) OVER (ORDER BY id), head_hash), hash
          FROM chained
        RETURNING id, hash
    )
    SELECT i.id, i.hash INTO head_id, head_hash FROM inserted i ORDER BY i.id DESC LIMIT 1;
    UPDATE qm_internal.audit_head SET last_id = head_id, last_hash = head_hash;
    DELETE FROM qm_internal.audit_seal_request WHERE txid = txid_current();
    RETURN NULL;
END
$$;

-- An issue or a return updates the device row, and the IMEI namespace's update trigger planned
-- two statements over the transition tables for it every time, about 0.7 ms of a hand-over's
-- 4 ms, to change nothing. It now first asks, with a set difference (linear whatever the
-- number of rows, so a cached plan cannot turn quadratic), whether any IMEI changed.
CREATE OR REPLACE FUNCTION device_imei_claim() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (SELECT n.id, n.imei, n.imei2 FROM new_rows n
                       EXCEPT SELECT o.id, o.imei, o.imei2 FROM old_rows o) THEN
            RETURN NULL;
        END IF;
        EXECUTE 'DELETE FROM device_imei i'
                '  USING old_rows o JOIN new_rows n ON n.id = o.id'
                ' WHERE i.device_id = o.id'
                '   AND (o.imei IS DISTINCT FROM n.imei OR o.imei2 IS DISTINCT FROM n.imei2)';
        EXECUTE 'INSERT INTO device_imei (imei, device_id)'
                ' SELECT k, n.id'
                '   FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(ARRAY[n.imei, n.imei2]) k'
                '  WHERE k IS NOT NULL'
                '    AND (o.imei IS DISTINCT FROM n.imei OR o.imei2 IS DISTINCT FROM n.imei2)';
    ELSE
        INSERT INTO device_imei (imei, device_id)
        SELECT k, n.id FROM new_rows n, unnest(ARRAY[n.imei, n.imei2]) k WHERE k IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

-- Small SQL functions on every hand-over's path, as PL/pgSQL. A SQL function that cannot be
-- inlined (every function pins its search_path) plans its query again on every call; PL/pgSQL
-- keeps the plan for the session. find_device_id() alone was planned for 0.27 ms of each
-- issue and return (pg_stat_user_functions, one desk). Same results, NULLs included.
CREATE OR REPLACE FUNCTION find_device_id(key text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT id FROM device
             WHERE asset_tag = upper(btrim(key)) OR serial = upper(btrim(key))
                OR imei = regexp_replace(key, '[[:space:]-]', '', 'g') OR imei2 = regexp_replace(key, '[[:space:]-]', '', 'g')
                OR mdm_id = btrim(key)
             ORDER BY (asset_tag = upper(btrim(key))) DESC LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION new_receipt_no() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN 'R' || to_char(now() AT TIME ZONE 'Europe/London', 'YYYY') || '-' || lpad(nextval('receipt_no_seq')::text, 6, '0');
END
$$;

CREATE OR REPLACE FUNCTION not_free_sentence(d device) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN CASE
        WHEN d.status = 'issued' THEN coalesce(holder_sentence(d), d.asset_tag || ' is already issued')
        WHEN d.legal_hold THEN d.asset_tag || ' is under legal hold (' || d.hold_reason || ') and cannot be issued'
        WHEN d.status <> 'in_stock' THEN d.asset_tag || ' is ' || replace(d.status::text, '_', ' ') || ', not in stock'
    END;
END
$$;

CREATE OR REPLACE FUNCTION text_refused(lines boolean) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE WHEN lines
        -- A line feed and a tab are text here, and so is CR LF (a Windows line end); a lone CR,
        -- which returns the cursor to overwrite what was shown, is not.
        THEN '[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)'
        ELSE '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]' END;
END
$$;

CREATE OR REPLACE FUNCTION text_visible() RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN '[^\u0009-\u000d\u0020\u0085\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]'::text;
END
$$;

-- The chain's step, for the same reason: as a SQL function it was planned again at every seal
-- (30 microseconds an event at a desk, where a seal holds the chain's lock).
CREATE OR REPLACE FUNCTION audit_chain_step(state bytea, start bytea, content bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN sha256(coalesce(state, start) || content);
END
$$;
