-- MDM (issue 8): what the MDM knows beside the register, and the command outbox made safe.
--  * mdm_device holds the latest complete inventory (a snapshot); a sync streams pages into
--    mdm_sync_row and replaces the snapshot in one transaction only when every page arrived,
--    so a sync cut short leaves the previous snapshot whole. Matches store the MDM id on the
--    register's device (by MDM id, then serial, then IMEI).
--  * Wipes and retirements are requested by one person and approved by a *different* approver;
--    a daily quota per person and a fleet-wide hourly threshold (held for an admin) bound what
--    one account can do. Everything in mdm_command changes only through the functions below.
--  * Dispatchers claim work with FOR UPDATE SKIP LOCKED and record that a command is being
--    sent *before* sending it, so a dispatcher that dies mid-send leaves a command that the next
--    one resolves by reading the MDM's action results instead of sending it again.
--  * A device becomes wiped (or retired through the MDM) only when the MDM reports the action
--    done; its custody closes then. Status changes stay with the register's functions.
-- Applied as the register's owner (qm_register).

-- ---------------------------------------------------------------------------------------
-- The audit trigger pairs the old and new images of updated rows by id. Written as static SQL
-- its plan was cached from a session's first (small) statement and reused for large ones,
-- pairing 32,000 rows by nested loop for many minutes (the first MDM sync stores an MDM id on
-- every device). Dynamic SQL is planned for the rows at hand; each image is made once.
CREATE OR REPLACE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    after_rows  jsonb[];
    before_rows jsonb[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(to_jsonb(n) ORDER BY (to_jsonb(n) ->> 'id')::bigint) INTO after_rows FROM new_rows n;
        IF after_rows IS NOT NULL THEN PERFORM audit_append('insert', TG_TABLE_NAME, after_rows, NULL); END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE 'WITH nn AS MATERIALIZED (SELECT to_jsonb(n) AS j FROM new_rows n),'
                '     oo AS MATERIALIZED (SELECT to_jsonb(o) AS j FROM old_rows o)'
                ' SELECT array_agg(nn.j ORDER BY (nn.j ->> ''id'')::bigint),'
                '        array_agg(oo.j ORDER BY (nn.j ->> ''id'')::bigint)'
                '   FROM nn JOIN oo ON (oo.j ->> ''id'') = (nn.j ->> ''id'')'
           INTO after_rows, before_rows;
        IF after_rows IS NOT NULL THEN PERFORM audit_append('update', TG_TABLE_NAME, after_rows, before_rows); END IF;
    ELSE
        SELECT array_agg(to_jsonb(o) ORDER BY (to_jsonb(o) ->> 'id')::bigint) INTO before_rows FROM old_rows o;
        IF before_rows IS NOT NULL THEN PERFORM audit_append('delete', TG_TABLE_NAME, NULL, before_rows); END IF;
    END IF;
    RETURN NULL;
END
$$;

-- The IMEI namespace's trigger had the same cached-plan trap (39 s for 8,000 rows): its pairing
-- of old and new rows is dynamic too.
CREATE OR REPLACE FUNCTION device_imei_claim() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
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

-- Sealing ran once per queued event at commit (a row-level deferred trigger on audit_pending);
-- every firing after the first searched the transaction's deleted events again, so a
-- statement auditing 32,000 rows took minutes to commit. Now the first event of a transaction
-- files one seal request, and the seal fires once for it.
CREATE TABLE qm_internal.audit_seal_request (txid bigint PRIMARY KEY);
REVOKE ALL ON qm_internal.audit_seal_request FROM PUBLIC;
CREATE FUNCTION audit_request_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO qm_internal.audit_seal_request (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
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
        SELECT numbered.*,
               audit_chain(head_hash, audit_event_content(id, at, actor, action, entity, entity_id, before, after))
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
-- And queueing a statement's events indexed the image arrays one element at a time, which is
-- quadratic for arrays of variable-length values; the arrays are walked once now.
CREATE OR REPLACE FUNCTION audit_append(p_action text, p_entity text, p_rows jsonb[], p_before jsonb[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO audit_pending (action, entity, entity_id, before, after)
    SELECT p_action, p_entity, (coalesce(u.r, u.b) ->> 'id')::bigint,
           CASE WHEN p_action = 'insert' THEN NULL ELSE u.b END,
           CASE WHEN p_action = 'delete' THEN NULL ELSE u.r END
      FROM unnest(p_rows, p_before) WITH ORDINALITY AS u(r, b, n)
     ORDER BY u.n;
END
$$;

DROP TRIGGER audit_seal ON audit_pending;
CREATE TRIGGER audit_pending_requests_seal AFTER INSERT ON audit_pending
    FOR EACH STATEMENT EXECUTE FUNCTION audit_request_seal();
CREATE CONSTRAINT TRIGGER audit_seal AFTER INSERT ON qm_internal.audit_seal_request
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal();

-- ---------------------------------------------------------------------------------------
-- The outbox's new columns and states.

ALTER TABLE mdm_command DROP CONSTRAINT mdm_command_state_check;
ALTER TABLE mdm_command ADD CONSTRAINT mdm_command_state_check
    CHECK (state IN ('awaiting_approval', 'held', 'queued', 'sent', 'done', 'failed', 'needs_attention',
                     'rejected', 'cancelled'));
ALTER TABLE mdm_command
    ADD COLUMN approved_by  text,                 -- the second person (approver), or who rejected
    ADD COLUMN approved_at  timestamptz,
    ADD COLUMN released_by  text,                 -- the admin who released a held wipe
    ADD COLUMN decision_note text NOT NULL DEFAULT '',
    ADD COLUMN mdm_id       text,                 -- the MDM device the command was sent to
    ADD COLUMN attempts     int NOT NULL DEFAULT 0,   -- sends that may have reached the MDM
    ADD COLUMN sent_at      timestamptz,          -- when the last send began (database clock)
    ADD COLUMN sent_by      text,                 -- the dispatcher's name for itself
    ADD COLUMN sent_login   text,                 -- and the login it runs as
    ADD COLUMN accepted     boolean NOT NULL DEFAULT false,  -- the MDM answered the last send
    ADD COLUMN not_before   timestamptz,          -- throttled: wait until then
    ADD COLUMN check_after  timestamptz,          -- when a dispatcher should next look at it
    ADD COLUMN outcome      text NOT NULL DEFAULT '',        -- the latest word from the MDM, in words
    ADD COLUMN finished_at  timestamptz,
    ADD COLUMN changed_at   timestamptz NOT NULL DEFAULT clock_timestamp();
CREATE INDEX mdm_command_work_idx ON mdm_command (id) WHERE state IN ('queued', 'sent');
CREATE INDEX mdm_command_approved_idx ON mdm_command (approved_at) WHERE action = 'wipe';
CREATE INDEX mdm_command_requester_idx ON mdm_command (requested_by, requested_at);

-- Policy: one row, changed by admins through mdm_set_policy() (audited).
CREATE TABLE mdm_policy (
    id                         int PRIMARY KEY DEFAULT 1 CHECK (id = 1),  -- one row; the audit pairs images by id
    wipes_per_person_per_day   int NOT NULL DEFAULT 20 CHECK (wipes_per_person_per_day BETWEEN 0 AND 100000),
    wipes_per_hour_before_hold int NOT NULL DEFAULT 50 CHECK (wipes_per_hour_before_hold BETWEEN 0 AND 100000),
    changed_at                 timestamptz NOT NULL DEFAULT clock_timestamp(),
    changed_by                 text NOT NULL DEFAULT session_user
);
INSERT INTO mdm_policy DEFAULT VALUES;
SELECT audit_table('mdm_policy');

-- ---------------------------------------------------------------------------------------
-- The snapshot.

CREATE TABLE mdm_sync (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_by  text NOT NULL DEFAULT session_user,
    finished_at timestamptz,
    state       text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'abandoned')),
    seen        int, new_devices int, changed int, unmatched int, gone int
);
SELECT audit_table('mdm_sync');

CREATE TABLE mdm_device (
    mdm_id        text PRIMARY KEY,
    device_id     bigint UNIQUE REFERENCES device (id),
    device_name   text, serial text, imei text, meid text,
    os            text, os_version text, compliance text,
    last_sync_at  timestamptz, enrolled_at timestamptz,
    upn           text, user_name text, email text,
    manufacturer  text, model text, phone text, owner_type text,
    first_seen    timestamptz NOT NULL DEFAULT clock_timestamp(),
    changed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    sync_id       bigint NOT NULL REFERENCES mdm_sync (id)
);
CREATE INDEX mdm_device_serial_idx ON mdm_device (serial);
CREATE INDEX mdm_device_sync_idx ON mdm_device (sync_id);

-- Pages of a sync in progress; nobody but the register's functions reads or writes them.
CREATE UNLOGGED TABLE mdm_sync_row (
    sync_id       bigint NOT NULL REFERENCES mdm_sync (id) ON DELETE CASCADE,
    mdm_id        text NOT NULL,
    device_name   text, serial text, imei text, meid text,
    os            text, os_version text, compliance text,
    last_sync_at  timestamptz, enrolled_at timestamptz,
    upn           text, user_name text, email text,
    manufacturer  text, model text, phone text, owner_type text,
    device_id     bigint,  -- the register device it matched, worked out by mdm_sync_finish
    PRIMARY KEY (sync_id, mdm_id)
);
-- Snapshot replacements queue on this row, which only the register can reach (a lock on
-- mdm_device itself could be held by any viewer's prepared statement).
CREATE TABLE qm_internal.mdm_snapshot_lock (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row));
INSERT INTO qm_internal.mdm_snapshot_lock DEFAULT VALUES;
REVOKE ALL ON qm_internal.mdm_snapshot_lock FROM PUBLIC;

-- Text from the MDM is not trusted: control and direction characters go, lengths are bounded.
CREATE FUNCTION mdm_text(value text, max_chars int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT nullif(left(btrim(regexp_replace(value, text_refused(false), '', 'g')), max_chars), '')
$$;

-- Graph's timestamps (7 fractional digits, Z or an offset); anything unreadable is unknown.
CREATE FUNCTION mdm_time(value text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL OR value !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$' THEN
        RETURN NULL;
    END IF;
    -- PostgreSQL keeps microseconds; the 7th digit rounds away. Year 0001 means "never".
    IF left(value, 4) < '1900' THEN RETURN NULL; END IF;
    RETURN value::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

CREATE FUNCTION mdm_sync_begin() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    id bigint;
BEGIN
    PERFORM require_role('qm_agent', 'synchronise with the MDM');
    -- Pages of syncs that never finished (a dispatcher killed mid-sync) are dropped after a day.
    UPDATE mdm_sync SET state = 'abandoned', finished_at = clock_timestamp()
     WHERE state = 'running' AND started_at < clock_timestamp() - interval '1 day';
    DELETE FROM mdm_sync_row r USING mdm_sync s WHERE s.id = r.sync_id AND s.state = 'abandoned';
    INSERT INTO mdm_sync DEFAULT VALUES RETURNING mdm_sync.id INTO id;
    RETURN id;
END
$$;

-- One page: a JSON array of objects with Graph's property names. Repeats of an MDM id within
-- one sync count once.
CREATE FUNCTION mdm_sync_page(sync bigint, devices jsonb) RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    added int;
BEGIN
    PERFORM require_role('qm_agent', 'synchronise with the MDM');
    IF NOT EXISTS (SELECT 1 FROM mdm_sync WHERE id = sync AND state = 'running' AND started_by = session_user) THEN
        RAISE EXCEPTION 'MDM sync % is not running under login ''%''.', sync, session_user USING ERRCODE = 'QM004';
    END IF;
    IF jsonb_typeof(devices) <> 'array' THEN
        RAISE EXCEPTION 'An MDM page must be a JSON array of devices.' USING ERRCODE = 'QM003';
    END IF;
    INSERT INTO mdm_sync_row (sync_id, mdm_id, device_name, serial, imei, meid, os, os_version, compliance,
                              last_sync_at, enrolled_at, upn, user_name, email, manufacturer, model, phone,
                              owner_type)
    SELECT sync, mdm_text(d->>'id', 64), mdm_text(d->>'deviceName', 200), upper(mdm_text(d->>'serialNumber', 64)),
           mdm_text(regexp_replace(d->>'imei', '[^0-9]', '', 'g'), 20),
           mdm_text(d->>'meid', 20), mdm_text(d->>'operatingSystem', 40), mdm_text(d->>'osVersion', 40),
           mdm_text(d->>'complianceState', 40), mdm_time(d->>'lastSyncDateTime'), mdm_time(d->>'enrolledDateTime'),
           mdm_text(d->>'userPrincipalName', 254), mdm_text(d->>'userDisplayName', 200),
           mdm_text(d->>'emailAddress', 254), mdm_text(d->>'manufacturer', 60), mdm_text(d->>'model', 80),
           mdm_text(d->>'phoneNumber', 30), mdm_text(d->>'managedDeviceOwnerType', 40)
      FROM jsonb_array_elements(devices) d
     WHERE jsonb_typeof(d) = 'object' AND mdm_text(d->>'id', 64) IS NOT NULL
    ON CONFLICT (sync_id, mdm_id) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added;
END
$$;

CREATE FUNCTION mdm_sync_abandon(sync bigint) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM require_role('qm_agent', 'synchronise with the MDM');
    UPDATE mdm_sync SET state = 'abandoned', finished_at = clock_timestamp()
     WHERE id = sync AND state = 'running' AND started_by = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'MDM sync % is not running under login ''%''.', sync, session_user USING ERRCODE = 'QM004';
    END IF;
    DELETE FROM mdm_sync_row WHERE sync_id = sync;
END
$$;

-- Replaces the snapshot with the sync's pages in one transaction and matches the devices.
CREATE FUNCTION mdm_sync_finish(sync bigint, OUT seen int, OUT new_devices int, OUT changed int,
                                OUT unmatched int, OUT gone int)
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '30s' AS $$
BEGIN
    PERFORM require_role('qm_agent', 'synchronise with the MDM');
    PERFORM 1 FROM mdm_sync WHERE id = sync AND state = 'running' AND started_by = session_user FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'MDM sync % is not running under login ''%''.', sync, session_user USING ERRCODE = 'QM004';
    END IF;
    IF EXISTS (SELECT 1 FROM mdm_sync n WHERE n.state = 'done'
                  AND n.started_at > (SELECT o.started_at FROM mdm_sync o WHERE o.id = sync)) THEN
        RAISE EXCEPTION 'A newer MDM sync finished while sync % was running; its older view was not stored.', sync
            USING ERRCODE = 'QM004';
    END IF;
    -- One snapshot replacement at a time.
    BEGIN
        PERFORM 1 FROM qm_internal.mdm_snapshot_lock FOR UPDATE;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION 'Another MDM sync is being stored; nothing was changed, try again in a moment.'
            USING ERRCODE = 'QM004';
    END;

    -- Matching: by MDM id, then serial, then IMEI; a device matched by serial or IMEI takes the
    -- MDM id (a re-enrolled device gets a new one), unless another MDM record of this sync
    -- already carries the id it has.
    UPDATE mdm_sync_row r SET device_id = coalesce(
             (SELECT d.id FROM device d WHERE d.mdm_id = r.mdm_id),
             (SELECT d.id FROM device d WHERE r.serial IS NOT NULL AND d.serial = r.serial
                 AND (d.mdm_id IS NULL OR NOT EXISTS (SELECT 1 FROM mdm_sync_row o WHERE o.sync_id = sync AND o.mdm_id = d.mdm_id))),
             (SELECT i.device_id FROM device_imei i JOIN device d ON d.id = i.device_id
               WHERE r.imei IS NOT NULL AND i.imei = r.imei
                 AND (d.mdm_id IS NULL OR NOT EXISTS (SELECT 1 FROM mdm_sync_row o WHERE o.sync_id = sync AND o.mdm_id = d.mdm_id))
               LIMIT 1))
     WHERE r.sync_id = sync;
    -- Two MDM records matching one device (by serial and by IMEI): the first keeps it.
    UPDATE mdm_sync_row m SET device_id = NULL
      FROM (SELECT o.mdm_id, row_number() OVER (PARTITION BY o.device_id ORDER BY o.mdm_id) AS n
              FROM mdm_sync_row o WHERE o.sync_id = sync AND o.device_id IS NOT NULL) dup
     WHERE m.sync_id = sync AND m.mdm_id = dup.mdm_id AND dup.n > 1;

    UPDATE device d SET mdm_id = NULL
      FROM mdm_sync_row m
     WHERE m.sync_id = sync AND m.device_id IS NOT NULL AND d.mdm_id IS NOT NULL AND d.id <> m.device_id
       AND d.mdm_id = m.mdm_id;
    UPDATE device d SET mdm_id = m.mdm_id
      FROM mdm_sync_row m
     WHERE m.sync_id = sync AND d.id = m.device_id AND d.mdm_id IS DISTINCT FROM m.mdm_id;

    SELECT count(*), count(*) FILTER (WHERE p.mdm_id IS NULL),
           count(*) FILTER (WHERE p.mdm_id IS NOT NULL AND
               (r.device_name, r.serial, r.imei, r.meid, r.os, r.os_version, r.compliance, r.enrolled_at, r.upn,
                r.user_name, r.email, r.manufacturer, r.model, r.phone, r.owner_type, r.device_id)
               IS DISTINCT FROM
               (p.device_name, p.serial, p.imei, p.meid, p.os, p.os_version, p.compliance, p.enrolled_at, p.upn,
                p.user_name, p.email, p.manufacturer, p.model, p.phone, p.owner_type, p.device_id)),
           count(*) FILTER (WHERE r.device_id IS NULL)
      INTO seen, new_devices, changed, unmatched
      FROM mdm_sync_row r
      LEFT JOIN mdm_device p ON p.mdm_id = r.mdm_id
     WHERE r.sync_id = sync;

    DELETE FROM mdm_device p WHERE NOT EXISTS (SELECT 1 FROM mdm_sync_row r WHERE r.sync_id = sync AND r.mdm_id = p.mdm_id);
    GET DIAGNOSTICS gone = ROW_COUNT;
    -- Free the device ids first: a device can move from one MDM record to another.
    UPDATE mdm_device p SET device_id = NULL
      FROM mdm_sync_row m WHERE m.sync_id = sync AND m.mdm_id = p.mdm_id AND p.device_id IS DISTINCT FROM m.device_id;
    INSERT INTO mdm_device (mdm_id, device_id, device_name, serial, imei, meid, os, os_version, compliance,
                            last_sync_at, enrolled_at, upn, user_name, email, manufacturer, model, phone, owner_type,
                            sync_id)
    SELECT r.mdm_id, r.device_id, r.device_name, r.serial, r.imei, r.meid, r.os, r.os_version, r.compliance,
           r.last_sync_at, r.enrolled_at, r.upn, r.user_name, r.email, r.manufacturer, r.model, r.phone, r.owner_type,
           sync
      FROM mdm_sync_row r
     WHERE r.sync_id = sync
    ON CONFLICT (mdm_id) DO UPDATE SET
        device_id = EXCLUDED.device_id, device_name = EXCLUDED.device_name, serial = EXCLUDED.serial,
        imei = EXCLUDED.imei, meid = EXCLUDED.meid, os = EXCLUDED.os, os_version = EXCLUDED.os_version,
        compliance = EXCLUDED.compliance, last_sync_at = EXCLUDED.last_sync_at, enrolled_at = EXCLUDED.enrolled_at,
        upn = EXCLUDED.upn, user_name = EXCLUDED.user_name, email = EXCLUDED.email,
        manufacturer = EXCLUDED.manufacturer, model = EXCLUDED.model, phone = EXCLUDED.phone,
        owner_type = EXCLUDED.owner_type, sync_id = EXCLUDED.sync_id,
        changed_at = CASE WHEN (mdm_device.device_name, mdm_device.serial, mdm_device.imei, mdm_device.os_version,
                                mdm_device.compliance, mdm_device.upn, mdm_device.device_id)
                               IS DISTINCT FROM
                               (EXCLUDED.device_name, EXCLUDED.serial, EXCLUDED.imei, EXCLUDED.os_version,
                                EXCLUDED.compliance, EXCLUDED.upn, EXCLUDED.device_id)
                          THEN clock_timestamp() ELSE mdm_device.changed_at END;
    DELETE FROM mdm_sync_row WHERE sync_id = sync;
    UPDATE mdm_sync SET state = 'done', finished_at = clock_timestamp(), seen = mdm_sync_finish.seen,
                        new_devices = mdm_sync_finish.new_devices, changed = mdm_sync_finish.changed,
                        unmatched = mdm_sync_finish.unmatched, gone = mdm_sync_finish.gone
     WHERE id = sync;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Drift: where the register and the MDM disagree. Read by anyone who may read the register.

CREATE FUNCTION mdm_drift(stale_days int DEFAULT 30)
RETURNS TABLE (kind text, asset_tag text, mdm_id text, detail text)
LANGUAGE sql STABLE AS $$
  WITH synced AS (SELECT EXISTS (SELECT 1 FROM mdm_sync WHERE state = 'done') AS any),
  holder AS (
    SELECT c.device_id, p.name, p.email, p.staff_no FROM custody c JOIN person p ON p.id = c.person_id
     WHERE c.returned_at IS NULL),
  since AS (
    SELECT d.id, coalesce((SELECT max(e.at) FROM device_event e WHERE e.device_id = d.id AND e.to_status = d.status),
                          d.created_at) AS at
      FROM device d WHERE d.status IN ('lost', 'stolen', 'in_stock'))
  SELECT 'not_in_register', NULL::text, m.mdm_id,
         concat_ws(', ', 'MDM device ' || coalesce(m.device_name, m.mdm_id), 'serial ' || m.serial, 'IMEI ' || m.imei,
                   'user ' || m.upn)
    FROM mdm_device m WHERE m.device_id IS NULL
  UNION ALL
  SELECT 'missing_from_mdm', d.asset_tag, NULL, 'issued to ' || h.name || ' (' || h.staff_no || ') but not in the MDM'
    FROM device d JOIN holder h ON h.device_id = d.id, synced
   WHERE synced.any AND d.status = 'issued' AND NOT EXISTS (SELECT 1 FROM mdm_device m WHERE m.device_id = d.id)
  UNION ALL
  SELECT 'serial_mismatch', d.asset_tag, m.mdm_id, 'register ' || d.serial || ', MDM ' || m.serial
    FROM mdm_device m JOIN device d ON d.id = m.device_id WHERE m.serial IS NOT NULL AND m.serial <> d.serial
  UNION ALL
  SELECT 'imei_mismatch', d.asset_tag, m.mdm_id, 'register ' || coalesce(d.imei, 'none') || ', MDM ' || m.imei
    FROM mdm_device m JOIN device d ON d.id = m.device_id
   WHERE m.imei IS NOT NULL AND m.imei IS DISTINCT FROM d.imei AND m.imei IS DISTINCT FROM d.imei2
  UNION ALL
  SELECT 'user_mismatch', d.asset_tag, m.mdm_id,
         'held by ' || h.name || coalesce(' <' || h.email || '>', '') || ', MDM user ' || coalesce(m.upn, m.email)
    FROM mdm_device m JOIN device d ON d.id = m.device_id JOIN holder h ON h.device_id = d.id
   WHERE coalesce(m.upn, m.email) IS NOT NULL
     AND lower(coalesce(m.upn, m.email)) IS DISTINCT FROM lower(h.email)
     AND lower(coalesce(m.email, m.upn)) IS DISTINCT FROM lower(h.email)
  UNION ALL
  SELECT 'checked_in_while_' || d.status::text, d.asset_tag, m.mdm_id,
         replace(d.status::text, '_', ' ') || ' since ' || to_char(s.at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI')
         || ', last check-in ' || to_char(m.last_sync_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI')
    FROM mdm_device m JOIN device d ON d.id = m.device_id JOIN since s ON s.id = d.id
   WHERE m.last_sync_at > s.at
  UNION ALL
  SELECT 'no_check_in', d.asset_tag, m.mdm_id,
         CASE WHEN m.last_sync_at IS NULL THEN 'never checked in'
              ELSE 'last check-in ' || to_char(m.last_sync_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')
                   || ' (' || (current_date - (m.last_sync_at AT TIME ZONE 'Europe/London')::date) || ' days ago)' END
    FROM mdm_device m JOIN device d ON d.id = m.device_id
   WHERE d.status = 'issued' AND (m.last_sync_at IS NULL OR m.last_sync_at < now() - make_interval(days => stale_days))
  ORDER BY 1, 2, 3
$$;

-- ---------------------------------------------------------------------------------------
-- Requests and decisions.

-- Custody also ends when the MDM confirms a wipe or a retirement.
ALTER TABLE custody DROP CONSTRAINT custody_closed_as_check;
ALTER TABLE custody ADD CONSTRAINT custody_closed_as_check
    CHECK (closed_as IN ('returned', 'swapped', 'lost', 'stolen', 'wiped', 'retired'));

-- An issued device waiting for its wipe keeps its holder until the MDM confirms the wipe.
CREATE OR REPLACE FUNCTION require_custody_agrees(device_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d      device%ROWTYPE;
    open_n int;
BEGIN
    SELECT * INTO d FROM device WHERE id = device_id;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT count(*) INTO open_n FROM custody c WHERE c.device_id = d.id AND c.returned_at IS NULL;
    IF (d.status = 'issued' AND open_n <> 1) OR (d.status NOT IN ('issued', 'pending_wipe') AND open_n <> 0)
       OR open_n > 1 THEN
        RAISE EXCEPTION 'Device % would be % with % open custody record(s); status and custody must agree.',
            d.asset_tag, replace(d.status::text, '_', ' '), open_n USING ERRCODE = 'QM004';
    END IF;
END
$$;
DROP TRIGGER device_status_change_consistent ON device;
CREATE CONSTRAINT TRIGGER device_status_change_consistent AFTER UPDATE OF status ON device
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.status IN ('issued', 'pending_wipe') OR NEW.status IN ('issued', 'pending_wipe'))
    EXECUTE FUNCTION device_status_consistency();

CREATE FUNCTION mdm_action_words(action text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE action WHEN 'remote_lock' THEN 'remote lock' WHEN 'sync' THEN 'MDM sync' ELSE action END
$$;

CREATE FUNCTION mdm_lock_command(command_id bigint) RETURNS mdm_command LANGUAGE plpgsql AS $$
DECLARE
    c mdm_command%ROWTYPE;
BEGIN
    SELECT * INTO c FROM mdm_command WHERE id = command_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'There is no MDM command %.', command_id USING ERRCODE = 'QM003';
    END IF;
    RETURN c;
END
$$;

-- Wipe and retire wait for a second person; remote lock and sync go straight to the queue.
CREATE FUNCTION mdm_request(device_key text, action text, reason text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    d      device%ROWTYPE;
    id     bigint;
    quota  int;
    today  int;
BEGIN
    IF action NOT IN ('wipe', 'retire', 'remote_lock', 'sync') THEN
        RAISE EXCEPTION 'Unknown MDM action ''%''; use wipe, retire, remote_lock or sync.', action USING ERRCODE = 'QM003';
    END IF;
    PERFORM require_role('qm_agent', 'request a ' || mdm_action_words(action));
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Reason', reason, 500);
    IF action IN ('wipe', 'retire') AND coalesce(btrim(reason), '') = '' THEN
        RAISE EXCEPTION 'A % request needs a reason.', action USING ERRCODE = 'QM003';
    END IF;
    d := lock_device(device_key, NULL);
    IF action IN ('wipe', 'retire') THEN
        IF d.legal_hold THEN
            RAISE EXCEPTION '% is under legal hold: it cannot be %d until the hold is released.', d.asset_tag,
                replace(action, 'wipe', 'wip') USING ERRCODE = 'QM004';
        END IF;
        -- (A device left pending a wipe that failed or was cancelled may be asked for again.)
        IF d.status IN ('retired', 'wiped') THEN
            RAISE EXCEPTION '% is % already.', d.asset_tag, replace(d.status::text, '_', ' ') USING ERRCODE = 'QM004';
        END IF;
        IF EXISTS (SELECT 1 FROM mdm_command c WHERE c.device_id = d.id AND c.action = mdm_request.action
                      AND c.state IN ('awaiting_approval', 'held', 'queued', 'sent')) THEN
            RAISE EXCEPTION 'A % of % is already requested (command %).', action, d.asset_tag,
                (SELECT min(c.id) FROM mdm_command c WHERE c.device_id = d.id AND c.action = mdm_request.action
                    AND c.state IN ('awaiting_approval', 'held', 'queued', 'sent')) USING ERRCODE = 'QM004';
        END IF;
    END IF;
    IF action IN ('wipe', 'remote_lock', 'sync') AND d.mdm_id IS NULL THEN
        RAISE EXCEPTION '% is not known to the MDM (no MDM id); run an MDM sync first.', d.asset_tag
            USING ERRCODE = 'QM004';
    END IF;
    IF action = 'wipe' THEN
        SELECT wipes_per_person_per_day INTO quota FROM mdm_policy;
        -- Wipe requests are counted one after another (the policy row is the queue), so two
        -- sessions of one login cannot both slip under the quota.
        PERFORM 1 FROM mdm_policy FOR UPDATE;
        SELECT count(*) INTO today FROM mdm_command c
         WHERE c.action = 'wipe' AND c.requested_by = session_user AND c.requested_at > clock_timestamp() - interval '24 hours';
        IF today >= quota THEN
            RAISE EXCEPTION 'Login ''%'' has requested % wipes in the last 24 hours, the most one person may; an admin can change the limit.',
                session_user, today USING ERRCODE = 'QM005';
        END IF;
    END IF;
    INSERT INTO mdm_command (device_id, action, reason, state, mdm_id)
    VALUES (d.id, action, coalesce(reason, ''),
            CASE WHEN action IN ('wipe', 'retire') THEN 'awaiting_approval' ELSE 'queued' END, d.mdm_id)
    RETURNING mdm_command.id INTO id;
    INSERT INTO device_event (device_id, kind, detail)
    VALUES (d.id, CASE WHEN action IN ('wipe', 'retire') THEN action || ' requested' ELSE mdm_action_words(action) || ' queued' END,
            'command ' || id || coalesce(': ' || nullif(reason, ''), ''));
    RETURN id;
END
$$;

-- Retires the device in the register (the MDM confirmed, or the device was never in the MDM).
CREATE FUNCTION mdm_retire_device(c mdm_command, why text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    d device%ROWTYPE;
BEGIN
    SELECT * INTO d FROM device WHERE id = c.device_id FOR UPDATE;
    PERFORM custody_close(d, 'retired', NULL, NULL, why);
    UPDATE device SET status = 'retired' WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
    VALUES (d.id, 'retire', d.status, 'retired', why || ' (command ' || c.id || ', requested by ' || c.requested_by
                                               || ', approved by ' || c.approved_by || ': ' || c.reason || ')');
END
$$;

CREATE FUNCTION mdm_approve(command_id bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    c        mdm_command%ROWTYPE;
    d        device%ROWTYPE;
    pol      mdm_policy%ROWTYPE;
    mine     int;
    hour     int;
    outcome_state     text;
BEGIN
    PERFORM require_role('qm_approver', 'approve wipes and retirements');
    c := mdm_lock_command(command_id);
    IF c.state <> 'awaiting_approval' THEN
        RAISE EXCEPTION 'Command % is % and not awaiting approval.', c.id, replace(c.state, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    IF c.requested_by = session_user THEN
        RAISE EXCEPTION 'Login ''%'' requested command % and cannot approve it; a different approver must.', session_user, c.id
            USING ERRCODE = 'QM005';
    END IF;
    SELECT * INTO d FROM device WHERE id = c.device_id FOR UPDATE;
    IF d.legal_hold THEN
        RAISE EXCEPTION '% is under legal hold: command % cannot be approved until the hold is released.', d.asset_tag, c.id
            USING ERRCODE = 'QM004';
    END IF;
    -- The command goes to the MDM device named at request time; if the register's MDM id moved
    -- since (an edit, a re-enrolment), or the last sync saw that MDM device as another register
    -- device, nobody approves a wipe aimed at the wrong handset.
    IF c.mdm_id IS DISTINCT FROM d.mdm_id THEN
        RAISE EXCEPTION 'The MDM id of % changed since command % was requested; reject it and request again.', d.asset_tag, c.id
            USING ERRCODE = 'QM004';
    END IF;
    IF c.action = 'wipe' AND NOT EXISTS (SELECT 1 FROM mdm_device m WHERE m.mdm_id = d.mdm_id AND m.device_id = d.id
                                             AND (m.serial IS NULL OR m.serial = d.serial)) THEN
        RAISE EXCEPTION 'The last MDM sync did not see % as MDM device % with serial %; command % cannot be approved until a sync agrees.',
            d.asset_tag, d.mdm_id, d.serial, c.id USING ERRCODE = 'QM004';
    END IF;
    IF EXISTS (SELECT 1 FROM mdm_device m WHERE m.mdm_id = d.mdm_id AND m.device_id IS NOT NULL AND m.device_id <> d.id) THEN
        RAISE EXCEPTION 'The MDM lists % as another register device (%); command % cannot be approved until an MDM sync agrees.',
            d.mdm_id, (SELECT o.asset_tag FROM mdm_device m JOIN device o ON o.id = m.device_id WHERE m.mdm_id = d.mdm_id), c.id
            USING ERRCODE = 'QM004';
    END IF;
    -- Policy and counts are read with the policy row locked, so two approvals cannot both slip
    -- under a limit.
    SELECT * INTO pol FROM mdm_policy FOR UPDATE;
    outcome_state := 'queued';
    IF c.action = 'wipe' THEN
        SELECT count(*) INTO mine FROM mdm_command
         WHERE action = 'wipe' AND approved_by = session_user AND approved_at > clock_timestamp() - interval '24 hours'
           AND state NOT IN ('rejected');
        IF mine >= pol.wipes_per_person_per_day THEN
            RAISE EXCEPTION 'Login ''%'' has approved % wipes in the last 24 hours, the most one person may; an admin can change the limit.',
                session_user, mine USING ERRCODE = 'QM005';
        END IF;
        SELECT count(*) INTO hour FROM mdm_command
         WHERE action = 'wipe' AND approved_at > clock_timestamp() - interval '1 hour' AND state NOT IN ('rejected');
        IF hour >= pol.wipes_per_hour_before_hold THEN
            outcome_state := 'held';
        END IF;
    END IF;
    IF c.action = 'retire' AND d.mdm_id IS NULL THEN
        outcome_state := 'done';
    END IF;
    UPDATE mdm_command SET state = outcome_state, approved_by = session_user, approved_at = clock_timestamp(),
                           changed_at = clock_timestamp(),
                           finished_at = CASE WHEN outcome_state = 'done' THEN clock_timestamp() END,
                           outcome = CASE outcome_state WHEN 'held' THEN 'held: more than ' || pol.wipes_per_hour_before_hold
                                                                || ' wipes approved in the last hour; an admin must release it'
                                               WHEN 'done' THEN 'not in the MDM: retired in the register only'
                                               ELSE '' END
     WHERE id = c.id RETURNING * INTO c;
    IF c.action = 'wipe' AND d.status <> 'pending_wipe' THEN
        UPDATE device SET status = 'pending_wipe' WHERE id = d.id;
        INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
        VALUES (d.id, 'wipe approved', d.status, 'pending_wipe',
                'command ' || c.id || ', requested by ' || c.requested_by || ': ' || c.reason);
    ELSIF c.action = 'retire' AND outcome_state = 'done' THEN
        PERFORM mdm_retire_device(c, 'retired (not in the MDM)');
    ELSE
        INSERT INTO device_event (device_id, kind, detail)
        VALUES (d.id, c.action || ' approved', 'command ' || c.id || ', requested by ' || c.requested_by);
    END IF;
    RETURN outcome_state;
END
$$;

CREATE FUNCTION mdm_reject(command_id bigint, note text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    c mdm_command%ROWTYPE;
BEGIN
    PERFORM require_role('qm_approver', 'reject wipes and retirements');
    PERFORM require_clean_text('Reason', note, 500);
    IF coalesce(btrim(note), '') = '' THEN
        RAISE EXCEPTION 'Rejecting a request needs a reason.' USING ERRCODE = 'QM003';
    END IF;
    c := mdm_lock_command(command_id);
    IF c.state NOT IN ('awaiting_approval', 'held') THEN
        RAISE EXCEPTION 'Command % is % and can no longer be rejected.', c.id, replace(c.state, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    IF c.requested_by = session_user THEN
        RAISE EXCEPTION 'Login ''%'' requested command % and cannot decide on it; cancel it instead, or ask a different approver.',
            session_user, c.id USING ERRCODE = 'QM005';
    END IF;
    IF c.state = 'held' THEN
        PERFORM require_role('qm_admin', 'reject a held wipe');
    END IF;
    UPDATE mdm_command SET state = 'rejected', approved_by = coalesce(approved_by, session_user),
                           decision_note = note, finished_at = clock_timestamp(), changed_at = clock_timestamp()
     WHERE id = c.id;
    INSERT INTO device_event (device_id, kind, detail)
    VALUES (c.device_id, c.action || ' rejected', 'command ' || c.id || ' by ' || session_user || ': ' || note);
END
$$;

-- A held wipe goes ahead only when an admin (not its requester) releases it.
CREATE FUNCTION mdm_release(command_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    c mdm_command%ROWTYPE;
BEGIN
    PERFORM require_role('qm_admin', 'release held wipes');
    c := mdm_lock_command(command_id);
    IF c.state <> 'held' THEN
        RAISE EXCEPTION 'Command % is % and not held.', c.id, replace(c.state, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    IF c.requested_by = session_user THEN
        RAISE EXCEPTION 'Login ''%'' requested command % and cannot release it.', session_user, c.id USING ERRCODE = 'QM005';
    END IF;
    IF EXISTS (SELECT 1 FROM device d WHERE d.id = c.device_id AND d.legal_hold) THEN
        RAISE EXCEPTION 'The device of command % is under legal hold; it cannot be released until the hold is.', c.id
            USING ERRCODE = 'QM004';
    END IF;
    UPDATE mdm_command SET state = 'queued', released_by = session_user, outcome = 'released by ' || session_user,
                           changed_at = clock_timestamp()
     WHERE id = c.id;
END
$$;

-- The requester (or any approver) withdraws a command that has not been sent.
CREATE FUNCTION mdm_cancel(command_id bigint, note text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    c mdm_command%ROWTYPE;
BEGIN
    PERFORM require_role('qm_agent', 'cancel MDM commands');
    PERFORM require_clean_text('Reason', note, 500);
    c := mdm_lock_command(command_id);
    IF c.requested_by <> session_user AND NOT pg_has_role(session_user, 'qm_approver', 'USAGE') THEN
        RAISE EXCEPTION 'Only the requester or an approver may cancel command %.', c.id USING ERRCODE = 'QM005';
    END IF;
    IF c.state NOT IN ('awaiting_approval', 'held', 'queued') THEN
        RAISE EXCEPTION 'Command % is % and can no longer be cancelled.', c.id, replace(c.state, '_', ' ')
            USING ERRCODE = 'QM004';
    END IF;
    IF c.state = 'held' AND c.requested_by <> session_user THEN
        PERFORM require_role('qm_admin', 'cancel a held wipe');
    END IF;
    UPDATE mdm_command SET state = 'cancelled', decision_note = coalesce(note, ''), finished_at = clock_timestamp(),
                           changed_at = clock_timestamp()
     WHERE id = c.id;
    INSERT INTO device_event (device_id, kind, detail)
    VALUES (c.device_id, c.action || ' cancelled', 'command ' || c.id || ' by ' || session_user
                                                   || coalesce(': ' || nullif(note, ''), ''));
END
$$;

CREATE FUNCTION mdm_set_policy(wipes_per_person_per_day int, wipes_per_hour_before_hold int) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    PERFORM require_role('qm_admin', 'change the wipe limits');
    UPDATE mdm_policy SET wipes_per_person_per_day = coalesce(mdm_set_policy.wipes_per_person_per_day, mdm_policy.wipes_per_person_per_day),
                          wipes_per_hour_before_hold = coalesce(mdm_set_policy.wipes_per_hour_before_hold, mdm_policy.wipes_per_hour_before_hold),
                          changed_at = clock_timestamp(), changed_by = session_user;
EXCEPTION WHEN check_violation THEN
    RAISE EXCEPTION 'Wipe limits must be between 0 and 100000.' USING ERRCODE = 'QM003';
END
$$;

-- ---------------------------------------------------------------------------------------
-- Dispatch. A dispatcher takes queued commands (the send is recorded before it happens) and
-- commands whose outcome it must look up; a taken command is leased for `lease_seconds`, after
-- which another dispatcher may look at it.

CREATE FUNCTION mdm_take_work(worker text, max_commands int, lease_seconds int)
RETURNS TABLE (id bigint, action text, mdm_id text, asset_tag text, phase text, sent_at timestamptz,
               attempts int, accepted boolean, age_seconds double precision)
LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
BEGIN
    PERFORM require_role('qm_agent', 'dispatch MDM commands');
    PERFORM require_clean_text('Dispatcher', worker, 64);
    RETURN QUERY
    WITH work AS (
        SELECT c.id, c.state FROM mdm_command c
         WHERE ((c.state = 'queued' AND (c.not_before IS NULL OR c.not_before <= clock_timestamp()))
                OR (c.state = 'sent' AND c.check_after <= clock_timestamp()))
           -- A legal hold placed after approval stops a wipe or retirement from being sent.
           AND NOT (c.state = 'queued' AND c.action IN ('wipe', 'retire')
                    AND EXISTS (SELECT 1 FROM device h WHERE h.id = c.device_id AND h.legal_hold))
         ORDER BY c.id
         LIMIT greatest(1, least(max_commands, 500))
         FOR UPDATE SKIP LOCKED
    ), taken AS (
        UPDATE mdm_command c
           SET state = 'sent',
               sent_at = CASE WHEN w.state = 'queued' THEN clock_timestamp() ELSE c.sent_at END,
               attempts = c.attempts + CASE WHEN w.state = 'queued' THEN 1 ELSE 0 END,
               accepted = CASE WHEN w.state = 'queued' THEN false ELSE c.accepted END,
               outcome = CASE WHEN w.state = 'queued' THEN 'sending' ELSE c.outcome END,
               sent_by = worker, sent_login = session_user, not_before = NULL,
               check_after = clock_timestamp() + make_interval(secs => greatest(lease_seconds, 1)),
               changed_at = clock_timestamp(),
               -- A lock queued by a lost report goes to the MDM device the register knows now.
               mdm_id = coalesce(c.mdm_id, d.mdm_id)
          FROM work w, device d
         WHERE c.id = w.id AND d.id = c.device_id
        RETURNING c.id, c.action, c.mdm_id, c.device_id, CASE WHEN w.state = 'queued' THEN 'send' ELSE 'check' END AS phase,
                  c.sent_at, c.attempts, c.accepted
    )
    SELECT t.id, t.action, t.mdm_id, d.asset_tag, t.phase, t.sent_at, t.attempts, t.accepted,
           extract(epoch FROM clock_timestamp() - t.sent_at)::double precision
      FROM taken t JOIN device d ON d.id = t.device_id ORDER BY t.id;
END
$$;

-- What a dispatcher learned. verdict:
--   accepted   the MDM answered the send (204): look up the result after `recheck_seconds`
--   unknown    the send's outcome is unknown (timeout, 5xx, dropped): look it up first
--   not_sent   it certainly did not arrive (connection refused, 429): queue again after `recheck_seconds`
--   pending    the MDM reports it in progress: look again after `recheck_seconds`
--   absent     the MDM has no such action since the send: send again if it was never accepted
--   done | failed   the MDM's final word
--   refused    the MDM refused it (4xx other than 429): failed
--   attention  a person must look (e.g. too many attempts)
CREATE FUNCTION mdm_record(command_id bigint, verdict text, detail text, recheck_seconds numeric DEFAULT 5)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    c    mdm_command%ROWTYPE;
    d    device%ROWTYPE;
    outcome_state text;
    wait interval := make_interval(secs => greatest(coalesce(recheck_seconds, 5), 0));
BEGIN
    PERFORM require_role('qm_agent', 'dispatch MDM commands');
    PERFORM require_clean_text('Detail', detail, 500);
    c := mdm_lock_command(command_id);
    IF c.state <> 'sent' THEN
        -- Another dispatcher finished it meanwhile; nothing to do.
        RETURN c.state;
    END IF;
    IF c.sent_login IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION 'Command % is being handled by login ''%''; only the dispatcher that took it records its outcome.',
            c.id, c.sent_login USING ERRCODE = 'QM005';
    END IF;
    CASE verdict
    WHEN 'accepted' THEN
        UPDATE mdm_command SET accepted = true, outcome = coalesce(detail, 'accepted by the MDM'),
                               check_after = clock_timestamp() + wait, changed_at = clock_timestamp() WHERE id = c.id;
        outcome_state := 'sent';
    WHEN 'unknown', 'pending' THEN
        UPDATE mdm_command SET outcome = coalesce(detail, verdict), check_after = clock_timestamp() + wait,
                               changed_at = clock_timestamp() WHERE id = c.id;
        outcome_state := 'sent';
    WHEN 'not_sent' THEN
        -- Certainly not delivered (refused, throttled): it does not count as an attempt.
        UPDATE mdm_command SET state = 'queued', outcome = coalesce(detail, 'not sent'), not_before = clock_timestamp() + wait,
                               attempts = greatest(attempts - 1, 0),
                               check_after = NULL, changed_at = clock_timestamp() WHERE id = c.id;
        outcome_state := 'queued';
    WHEN 'absent' THEN
        IF c.accepted THEN
            -- The MDM said yes but shows nothing: a person must look rather than send twice.
            outcome_state := 'needs_attention';
        ELSIF c.action IN ('wipe', 'retire') THEN
            -- A destructive action whose send may have reached the MDM is never sent again by a
            -- machine: a person checks the MDM first (a certain non-delivery is 'not_sent').
            outcome_state := 'needs_attention';
        ELSIF c.attempts >= 5 THEN
            outcome_state := 'needs_attention';
        ELSE
            outcome_state := 'queued';
        END IF;
        UPDATE mdm_command SET state = outcome_state, outcome = coalesce(detail, 'not received by the MDM'),
                               check_after = NULL, changed_at = clock_timestamp() WHERE id = c.id;
    WHEN 'attention' THEN
        UPDATE mdm_command SET state = 'needs_attention', outcome = coalesce(detail, ''), check_after = NULL,
                               changed_at = clock_timestamp() WHERE id = c.id;
        outcome_state := 'needs_attention';
    WHEN 'done', 'failed', 'refused' THEN
        outcome_state := CASE verdict WHEN 'done' THEN 'done' ELSE 'failed' END;
        UPDATE mdm_command SET state = outcome_state, outcome = coalesce(detail, verdict), check_after = NULL,
                               finished_at = clock_timestamp(), changed_at = clock_timestamp()
         WHERE id = c.id RETURNING * INTO c;
        IF outcome_state = 'done' AND c.action = 'wipe' THEN
            SELECT * INTO d FROM device WHERE id = c.device_id FOR UPDATE;
            IF d.status = 'pending_wipe' THEN
                PERFORM custody_close(d, 'wiped', NULL, NULL, 'wiped by the MDM (command ' || c.id || ')');
                UPDATE device SET status = 'wiped' WHERE id = d.id;
                INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
                VALUES (d.id, 'wiped', 'pending_wipe', 'wiped',
                        'the MDM reports the wipe done (command ' || c.id || ', requested by ' || c.requested_by
                        || ', approved by ' || c.approved_by || ')');
            END IF;
        ELSIF outcome_state = 'done' AND c.action = 'retire' THEN
            PERFORM mdm_retire_device(c, 'the MDM reports the device retired');
        ELSE
            INSERT INTO device_event (device_id, kind, detail)
            VALUES (c.device_id, mdm_action_words(c.action) || ' ' || outcome_state,
                    'command ' || c.id || coalesce(': ' || nullif(detail, ''), ''));
        END IF;
    ELSE
        RAISE EXCEPTION 'Unknown verdict ''%''.', verdict USING ERRCODE = 'QM003';
    END CASE;
    RETURN outcome_state;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Retiring goes through a request and a second person now; desk_move keeps repair and restock.

CREATE OR REPLACE FUNCTION desk_move(device_key text, target device_status, note text DEFAULT '',
                                     expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d   device%ROWTYPE;
    why text;
BEGIN
    IF target = 'retired' THEN
        RAISE EXCEPTION 'Retiring a device needs a second person: request it (qmctl retire request) and an approver approves it.'
            USING ERRCODE = 'QM005';
    ELSIF target IN ('in_repair', 'in_stock') THEN
        PERFORM require_role('qm_agent', 'move devices between stock and repair');
    ELSE
        RAISE EXCEPTION 'Status % is set by its own operation, not moved to directly.', target USING ERRCODE = 'QM003';
    END IF;
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Note', note, 500);
    d := lock_device(device_key, expected_version);
    IF d.status = 'issued' THEN
        why := holder_sentence(d);
        RAISE EXCEPTION '%; take it back first (return, with --condition faulty for repairs).', why USING ERRCODE = 'QM004';
    END IF;
    IF d.status = target THEN
        RAISE EXCEPTION '% is already %.', d.asset_tag, replace(target::text, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    UPDATE device SET status = target WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
    VALUES (d.id, (SELECT action FROM status_transition WHERE from_status = d.status AND to_status = target),
            d.status, target, coalesce(note, ''));
    RETURN target::text;
END
$$;

-- Remote locks queued by lost reports before there was a dispatcher: the devices may have been
-- found and reissued since, so they are cancelled rather than sent to phones in use now.
UPDATE mdm_command SET state = 'cancelled', finished_at = clock_timestamp(), changed_at = clock_timestamp(),
                       decision_note = 'queued before schema version 7 connected the MDM; not sent'
 WHERE state = 'queued';

-- ---------------------------------------------------------------------------------------
-- Text rules for the new columns, and rights.

DO $$
DECLARE
    one_line constant text := text_refused(false);
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('mdm_command', 'approved_by', 64), ('mdm_command', 'released_by', 64), ('mdm_command', 'decision_note', 600),
        ('mdm_command', 'mdm_id', 64), ('mdm_command', 'sent_by', 64), ('mdm_command', 'sent_login', 64), ('mdm_command', 'outcome', 600),
        ('mdm_policy', 'changed_by', 64), ('mdm_sync', 'started_by', 64),
        -- What the MDM reported, cleaned on the way in by mdm_text().
        ('mdm_device', 'mdm_id', 64), ('mdm_device', 'device_name', 200), ('mdm_device', 'serial', 64),
        ('mdm_device', 'imei', 20), ('mdm_device', 'meid', 20), ('mdm_device', 'os', 40),
        ('mdm_device', 'os_version', 40), ('mdm_device', 'compliance', 40), ('mdm_device', 'upn', 254),
        ('mdm_device', 'user_name', 200), ('mdm_device', 'email', 254), ('mdm_device', 'manufacturer', 60),
        ('mdm_device', 'model', 80), ('mdm_device', 'phone', 30), ('mdm_device', 'owner_type', 40),
        ('mdm_sync_row', 'mdm_id', 64), ('mdm_sync_row', 'device_name', 200), ('mdm_sync_row', 'serial', 64),
        ('mdm_sync_row', 'imei', 20), ('mdm_sync_row', 'meid', 20), ('mdm_sync_row', 'os', 40),
        ('mdm_sync_row', 'os_version', 40), ('mdm_sync_row', 'compliance', 40), ('mdm_sync_row', 'upn', 254),
        ('mdm_sync_row', 'user_name', 200), ('mdm_sync_row', 'email', 254), ('mdm_sync_row', 'manufacturer', 60),
        ('mdm_sync_row', 'model', 80), ('mdm_sync_row', 'phone', 30), ('mdm_sync_row', 'owner_type', 40)
    ) AS t(tbl, col, max_chars) LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (length(%I) <= %s AND %I !~ %L)',
                       r.tbl, r.tbl || '_' || r.col || '_text', r.col, r.max_chars, r.col, one_line);
    END LOOP;
END
$$;

REVOKE ALL ON mdm_policy, mdm_sync, mdm_device, mdm_sync_row FROM PUBLIC;
GRANT SELECT ON mdm_policy, mdm_sync, mdm_device TO qm_viewer;
-- Every wait is bounded (CREATE OR REPLACE dropped desk_move's setting from version 6).
ALTER FUNCTION desk_move(text, device_status, text, int) SET lock_timeout = '3s';
ALTER FUNCTION mdm_set_policy(int, int) SET lock_timeout = '3s';
ALTER FUNCTION mdm_sync_begin() SET lock_timeout = '3s';
ALTER FUNCTION mdm_sync_abandon(bigint) SET lock_timeout = '3s';
ALTER FUNCTION mdm_sync_page(bigint, jsonb) SET lock_timeout = '3s';
GRANT EXECUTE ON FUNCTION mdm_drift(int) TO qm_viewer;
GRANT EXECUTE ON FUNCTION mdm_request(text, text, text), mdm_cancel(bigint, text), mdm_take_work(text, int, int),
    mdm_record(bigint, text, text, numeric), mdm_sync_begin(), mdm_sync_page(bigint, jsonb),
    mdm_sync_abandon(bigint), mdm_sync_finish(bigint) TO qm_agent;
GRANT EXECUTE ON FUNCTION mdm_approve(bigint), mdm_reject(bigint, text) TO qm_approver;
GRANT EXECUTE ON FUNCTION mdm_release(bigint), mdm_set_policy(int, int) TO qm_admin;
