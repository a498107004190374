-- qm: needs superuser (it makes roles and the login manager; see db/migrator.cpp)
-- Hardening (issue 6). Every login is treated as someone with psql and bad intentions:
--  * the register is owned by qm_register, a role nobody logs in as; the logins that owned it
--    before become migrators, who must SET ROLE qm_register to change the schema;
--  * logins are made and changed only through functions owned by qm_user_manager (the one role
--    with CREATEROLE, and nobody is a member of it), which grant and revoke qm_ desk roles and
--    nothing else; desk logins lose CREATEROLE and PostgreSQL's dangerous predefined roles;
--  * the audit chain is serialised on a row only the register can lock, not on an advisory key
--    any login could hold; every wait in a desk operation is bounded and ends in "busy";
--  * every function pins search_path, so temporary tables or views cannot stand in for the
--    register's own; no function is executable by PUBLIC unless granted;
--  * status, legal hold and retirement change only through the desk's functions, which write
--    the timeline; the guard checks INSERT and COPY as well as UPDATE; a pending wipe can no
--    longer be dodged through repair;
--  * text is bounded and clean: lengths everywhere, no control characters (except line ends
--    where a field may hold several lines) and no invisible direction overrides.
-- The migrator runs each migration in its own transaction at READ COMMITTED.

DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'Schema version 6 moves the register to its own owner role and creates the functions that manage logins, so a database superuser must apply it (qmctl db migrate as the postgres login).'
            USING ERRCODE = 'QM005';
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Roles.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qm_register') THEN
        CREATE ROLE qm_register NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qm_user_manager') THEN
        CREATE ROLE qm_user_manager NOLOGIN;
    END IF;
END
$$;
ALTER ROLE qm_register NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
-- CREATEROLE to make logins; pg_signal_backend to end a disabled login's sessions. Only the
-- functions below run with these rights.
ALTER ROLE qm_user_manager NOLOGIN NOSUPERUSER NOCREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
GRANT pg_signal_backend TO qm_user_manager;

DO $$
DECLARE
    g text;
BEGIN
    -- The group roles can do nothing but hold rights.
    FOREACH g IN ARRAY ARRAY['qm_viewer', 'qm_agent', 'qm_manager', 'qm_approver', 'qm_admin'] LOOP
        EXECUTE format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', g);
    END LOOP;
END
$$;

-- Whoever owned the register before (a login, in the old set-up guide) becomes a migrator when
-- the migrator hands everything to qm_register after this version (db/migrator.cpp): only then,
-- because until the hand-over the register's functions still run with that login's rights.

-- Desk logins (members of the qm_ roles) hold no CREATEROLE, no predefined role that reaches
-- the server's files, programs or other sessions, and no membership of the owner roles.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT rolname FROM pg_roles
              WHERE rolcreaterole AND NOT rolsuper AND rolname <> 'qm_user_manager'
                AND pg_has_role(oid, 'qm_viewer', 'MEMBER')
    LOOP
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', r.rolname);
    END LOOP;
    FOR r IN SELECT m.rolname AS member, g.rolname AS granted
               FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
              WHERE NOT m.rolsuper AND pg_has_role(m.oid, 'qm_viewer', 'MEMBER')
                AND m.rolname NOT IN ('qm_user_manager', 'qm_register')
                AND g.rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files',
                                  'pg_read_all_data', 'pg_write_all_data', 'pg_signal_backend',
                                  'qm_register', 'qm_user_manager')
    LOOP
        EXECUTE format('REVOKE %I FROM %I', r.granted, r.member);
    END LOOP;
END
$$;

-- Owner-only from now on: new functions are not executable by PUBLIC unless granted.
ALTER DEFAULT PRIVILEGES FOR ROLE qm_register REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- ---------------------------------------------------------------------------------------
-- Clean, bounded text. The same two character classes are used by the CHECK constraints
-- below and by require_clean_text(), which gives desk staff a sentence naming the field.
--   one line:  no C0 or C1 control characters, no line or paragraph separators, no
--              direction embeddings, overrides or isolates (U+202A-U+202E, U+2066-U+2069);
--   several lines: the same, but line feeds and tabs are allowed.

-- The two character classes, written once: the CHECK constraints below are made from them, and
-- require_clean_text() uses them to give desk staff a sentence naming the field.
CREATE FUNCTION text_refused(lines boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN lines
    -- A line feed and a tab are text here, and so is CR LF (a Windows line end); a lone CR,
    -- which returns the cursor to overwrite what was shown, is not.
    THEN '[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)'
    ELSE '[\u0001-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]' END
$$;
-- At least one character that shows: not a space, separator, zero-width or filler character.
CREATE FUNCTION text_visible() RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT '[^\u0009-\u000d\u0020\u0085\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]'::text
$$;

CREATE FUNCTION require_clean_text(label text, value text, max_chars int, multiline boolean DEFAULT false)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF length(value) > max_chars THEN
        RAISE EXCEPTION '% is longer than % characters.', label, to_char(max_chars, 'FM999,999')
            USING ERRCODE = 'QM003';
    END IF;
    IF value ~ text_refused(multiline) THEN
        RAISE EXCEPTION '% holds a control character or an invisible direction override, which can disguise what a reader sees; type it again as plain text.',
            label USING ERRCODE = 'QM003';
    END IF;
    RETURN value;
END
$$;

-- Accessories: up to 20 names of up to 60 characters, each on one line and not blank.
CREATE FUNCTION require_accessories(accessories text[]) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    a text;
BEGIN
    IF cardinality(accessories) > 20 THEN
        RAISE EXCEPTION 'A hand-over lists at most 20 accessories, not %.', cardinality(accessories)
            USING ERRCODE = 'QM003';
    END IF;
    FOREACH a IN ARRAY coalesce(accessories, '{}') LOOP
        IF coalesce(btrim(a), '') = '' THEN
            RAISE EXCEPTION 'An accessory needs a name.' USING ERRCODE = 'QM003';
        END IF;
        PERFORM require_clean_text('Accessory', a, 60);
    END LOOP;
END
$$;

DO $$
DECLARE
    one_line  constant text := text_refused(false);
    multiline constant text := text_refused(true);
    visible   constant text := text_visible();
    r record;
    name text;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('command_unit', 'name', 120, false, true),
        ('device_model', 'manufacturer', 60, false, true),
        ('device_model', 'model', 80, false, true),
        ('person', 'name', 200, false, true),
        ('person', 'rank', 60, false, false),
        ('person', 'email', 254, false, false),
        ('device', 'mdm_id', 64, false, false),
        ('device', 'hold_reason', 500, false, false),
        ('device', 'notes', 4000, true, false),
        ('custody', 'issued_by', 64, false, false),
        ('custody', 'issue_receipt', 32, false, false),
        ('custody', 'issue_note', 1000, true, false),
        ('custody', 'override_reason', 500, false, false),
        ('custody', 'returned_by', 64, false, false),
        ('custody', 'return_receipt', 32, false, false),
        ('custody', 'return_note', 1000, true, false),
        ('swap', 'reason', 500, false, false),
        ('swap', 'receipt', 32, false, false),
        ('swap', 'by_login', 64, false, false),
        ('device_event', 'actor', 64, false, false),
        ('device_event', 'kind', 40, false, false),
        ('device_event', 'receipt', 32, false, false),
        ('device_event', 'detail', 4000, true, false),
        ('mdm_command', 'reason', 600, false, false),
        ('mdm_command', 'requested_by', 64, false, false),
        ('status_transition', 'action', 40, false, false),
        ('audit_event', 'actor', 64, false, false),
        ('audit_event', 'entity', 64, false, false),
        ('audit_pending', 'actor', 64, false, false),
        ('audit_pending', 'action', 40, false, false),
        ('audit_pending', 'entity', 64, false, false),
        ('schema_migrations', 'name', 100, false, false),
        ('schema_migrations', 'applied_by', 64, false, false)
    ) AS t(tbl, col, max_chars, lines, must_show) LOOP
        name := r.tbl || '_' || r.col || '_text';
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (length(%I) <= %s AND %I !~ %L%s) NOT VALID',
                       r.tbl, name, r.col, r.max_chars, r.col, CASE WHEN r.lines THEN multiline ELSE one_line END,
                       CASE WHEN r.must_show THEN format(' AND %I ~ %L', r.col, visible) ELSE '' END);
        -- Rows from before this version are checked too; one that fails keeps its constraint
        -- NOT VALID (new and changed rows are still held to it) rather than stopping the upgrade.
        BEGIN
            EXECUTE format('ALTER TABLE %I VALIDATE CONSTRAINT %I', r.tbl, name);
        EXCEPTION WHEN check_violation THEN
            RAISE NOTICE 'Existing rows of %.% break the text rule; fix them and run ALTER TABLE % VALIDATE CONSTRAINT %.',
                r.tbl, r.col, r.tbl, name;
        END;
    END LOOP;
    -- The IMEI namespace holds what device's own checks let through: 15 digits.
    ALTER TABLE device_imei ADD CONSTRAINT device_imei_imei_text CHECK (imei ~ '^[0-9]{15}$');
    -- Accessories: at most 20, none blank, each one clean line of at most 60 characters (the
    -- elements hold no line feed, so joined by one each "run of 61" finds a long element).
    -- (Blank: a joined line of nothing but spaces.)
    EXECUTE format($f$ALTER TABLE custody ADD CONSTRAINT custody_accessories_text CHECK (
        cardinality(accessories) = 0 OR (
            cardinality(accessories) <= 20 AND array_position(accessories, NULL) IS NULL
            AND array_to_string(accessories, '') !~ %L
            AND array_to_string(accessories, chr(10)) !~ '[^\n]{61}'
            AND array_to_string(accessories, chr(10)) !~ '(^|\n) *(\n|$)')) NOT VALID$f$, one_line);
    BEGIN
        ALTER TABLE custody VALIDATE CONSTRAINT custody_accessories_text;
    EXCEPTION WHEN check_violation THEN
        RAISE NOTICE 'Existing custody records break the accessories rule.';
    END;
END
$$;

-- ---------------------------------------------------------------------------------------
-- The lifecycle: a device waiting to be wiped can be wiped or retired, nothing else (through
-- repair it came back to stock and was reissued with its data on it).
DELETE FROM status_transition WHERE from_status = 'pending_wipe' AND to_status = 'in_repair';

-- The guard runs as whoever writes the row. The register itself is acting inside its SECURITY
-- DEFINER functions (they run as qm_register); a superuser can switch off every rule anyway.
CREATE OR REPLACE FUNCTION device_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    register_acting boolean;
BEGIN
    IF TG_OP = 'INSERT' OR (NEW.status, NEW.legal_hold, NEW.hold_reason) IS DISTINCT FROM
                           (OLD.status, OLD.legal_hold, OLD.hold_reason) THEN
        register_acting := current_user = 'qm_register'
            OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false);
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- Fired only for rows that are not plainly new stock (see the trigger's WHEN).
        IF NOT register_acting THEN
            IF NEW.legal_hold OR NEW.hold_reason IS NOT NULL THEN
                RAISE EXCEPTION 'Device % cannot be added under legal hold; add it, then place the hold (qmctl hold), so the timeline records who placed it and why.',
                    NEW.asset_tag USING ERRCODE = 'QM005';
            END IF;
            RAISE EXCEPTION 'Device % cannot be added as %: new devices are added in stock or in repair, and every later status comes from the desk''s operations, which record it on the timeline.',
                NEW.asset_tag, replace(NEW.status::text, '_', ' ') USING ERRCODE = 'QM004';
        END IF;
        IF NEW.legal_hold AND NEW.status IN ('issued', 'pending_wipe', 'wiped', 'retired') THEN
            RAISE EXCEPTION 'Device % is under legal hold: it cannot be issued, wiped or retired until the hold is released.',
                NEW.asset_tag USING ERRCODE = 'QM004';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'A device''s internal id cannot change.' USING ERRCODE = 'QM003';
    END IF;
    IF (NEW.status, NEW.legal_hold, NEW.hold_reason) IS DISTINCT FROM (OLD.status, OLD.legal_hold, OLD.hold_reason)
       AND NOT register_acting THEN
        RAISE EXCEPTION 'The status and legal hold of device % change only through the desk''s operations (issue, return, swap, lost, repair, restock, retire, hold, release), which record them on its timeline.',
            OLD.asset_tag USING ERRCODE = 'QM005';
    END IF;
    IF NEW.status <> OLD.status THEN
        IF OLD.status = 'retired' THEN
            RAISE EXCEPTION 'Device % is retired; a retired device cannot change status.', OLD.asset_tag
                USING ERRCODE = 'QM004';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM status_transition
                        WHERE from_status = OLD.status AND to_status = NEW.status) THEN
            RAISE EXCEPTION 'Device % cannot go from % to %.', OLD.asset_tag,
                replace(OLD.status::text, '_', ' '), replace(NEW.status::text, '_', ' ')
                USING ERRCODE = 'QM004';
        END IF;
        -- A hold lifted in the same statement still counts: release first, then retire.
        IF (OLD.legal_hold OR NEW.legal_hold) AND NEW.status IN ('issued', 'pending_wipe', 'wiped', 'retired') THEN
            RAISE EXCEPTION 'Device % is under legal hold: it cannot be issued, wiped or retired until the hold is released.',
                OLD.asset_tag USING ERRCODE = 'QM004';
        END IF;
    END IF;
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
    RETURN NEW;
END
$$;
-- COPY fires row triggers too; plain new stock skips the call, which keeps bulk loads fast.
CREATE TRIGGER device_guard_insert BEFORE INSERT ON device
    FOR EACH ROW WHEN (NEW.status NOT IN ('in_stock', 'in_repair') OR NEW.legal_hold OR NEW.hold_reason IS NOT NULL)
    EXECUTE FUNCTION device_guard();

-- Managers maintain master data column by column: never a device's status, hold, version or
-- times, and no table-level right at all, so LOCK TABLE in a strong mode is out of reach too.
REVOKE INSERT, UPDATE ON command_unit, device_model, person, device FROM qm_manager;
GRANT INSERT (code, name, kind), UPDATE (code, name, kind) ON command_unit TO qm_manager;
GRANT INSERT (manufacturer, model, kind), UPDATE (manufacturer, model, kind) ON device_model TO qm_manager;
GRANT INSERT (staff_no, name, rank, unit_id, email, active, left_on),
      UPDATE (staff_no, name, rank, unit_id, email, active, left_on) ON person TO qm_manager;
GRANT INSERT (asset_tag, serial, imei, imei2, model_id, phone, mdm_id, status, condition, unit_id, purchased_on,
              warranty_until, cost_pence, notes),
      UPDATE (asset_tag, serial, imei, imei2, model_id, phone, mdm_id, condition, unit_id, purchased_on,
              warranty_until, cost_pence, notes) ON device TO qm_manager;

-- ---------------------------------------------------------------------------------------
-- The audit chain's lock: a table only the register can reach. An advisory lock could be taken
-- by any login (a viewer held key 7312001 and every desk waited at commit). The table lives in
-- a schema of its own that no desk role may even look into: PostgreSQL takes a table's lock
-- while it parses a statement, before it checks the rights to run it, so a viewer could
-- otherwise hold it with `BEGIN; PREPARE p AS DELETE FROM audit_head;` and wait. Without USAGE
-- on the schema the name is never found, and nothing is locked.

CREATE SCHEMA qm_internal;
REVOKE ALL ON SCHEMA qm_internal FROM PUBLIC;
CREATE TABLE qm_internal.audit_head (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_id    bigint NOT NULL,
    last_hash  bytea NOT NULL
);
INSERT INTO qm_internal.audit_head (last_id, last_hash)
SELECT coalesce(max(id), 0), coalesce((SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), '\x00'::bytea)
  FROM audit_event;
REVOKE ALL ON qm_internal.audit_head FROM PUBLIC;

-- Sealing waits at most 10 seconds for the head (PostgreSQL has no statement timeout at
-- commit); a desk then hears "busy" and nothing was changed.
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
    RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------------------
-- The desk's operations, now checking their text first (with a sentence naming the field).

-- Issues d to p (both locked by the caller). Returns the new custody row. An override reason
-- is for a second phone or tablet only; given when none is needed, it is refused.
CREATE OR REPLACE FUNCTION custody_open(d device, p person, receipt text, accessories text[], note text,
                                        override_reason text, skip_kind_rule boolean) RETURNS custody
LANGUAGE plpgsql AS $$
DECLARE
    device_kind text;
    already     text;
    reason      text := nullif(btrim(override_reason), '');
    c           custody%ROWTYPE;
BEGIN
    SELECT m.kind INTO device_kind FROM device_model m WHERE m.id = d.model_id;
    IF NOT skip_kind_rule THEN
        SELECT string_agg(x.asset_tag, ', ') INTO already
          FROM custody h JOIN device x ON x.id = h.device_id JOIN device_model m ON m.id = x.model_id
         WHERE h.person_id = p.id AND h.returned_at IS NULL AND m.kind = device_kind;
        IF already IS NOT NULL THEN
            IF reason IS NULL THEN
                RAISE EXCEPTION '% already holds a % (%); a manager can override with a reason.',
                    person_label(p), device_kind, already USING ERRCODE = 'QM004';
            END IF;
            PERFORM require_role('qm_manager', 'issue a second ' || device_kind || ' to one person');
        ELSIF reason IS NOT NULL THEN
            RAISE EXCEPTION '% holds no other %, so no override is needed; leave the override reason out.',
                person_label(p), device_kind USING ERRCODE = 'QM003';
        END IF;
    END IF;
    INSERT INTO custody (device_id, person_id, issue_receipt, accessories, issue_note, override_reason)
    VALUES (d.id, p.id, receipt, coalesce(accessories, '{}'), coalesce(note, ''), reason)
    RETURNING * INTO c;
    UPDATE device SET status = 'issued', unit_id = coalesce(p.unit_id, unit_id) WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (d.id, 'issue', d.status, 'issued', p.id, receipt,
            concat_ws('; ', CASE WHEN cardinality(accessories) > 0 THEN 'with ' || array_to_string(accessories, ', ') END,
                      nullif(note, ''), CASE WHEN reason IS NOT NULL THEN 'override: ' || reason END));
    RETURN c;
END
$$;

CREATE OR REPLACE FUNCTION desk_issue(device_key text, staff_no text, accessories text[] DEFAULT '{}', note text DEFAULT '',
                                      override_reason text DEFAULT NULL, expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d       device%ROWTYPE;
    p       person%ROWTYPE;
    receipt text;
    why     text;
BEGIN
    PERFORM require_role('qm_agent', 'issue devices');
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Staff number', staff_no, 40);
    PERFORM require_accessories(accessories);
    PERFORM require_clean_text('Note', note, 1000, true);
    PERFORM require_clean_text('Override reason', override_reason, 500);
    d := lock_device(device_key, expected_version);
    why := not_free_sentence(d);
    IF why IS NOT NULL THEN RAISE EXCEPTION '%.', why USING ERRCODE = 'QM004'; END IF;
    p := open_person(staff_no);
    receipt := new_receipt_no();
    PERFORM custody_open(d, p, receipt, accessories, note, override_reason, false);
    RETURN receipt;
END
$$;

CREATE OR REPLACE FUNCTION desk_return(device_key text, condition text DEFAULT 'good', note text DEFAULT '',
                                       expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d       device%ROWTYPE;
    c       custody%ROWTYPE;
    receipt text;
    next    device_status;
BEGIN
    PERFORM require_role('qm_agent', 'take devices back');
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Note', note, 1000, true);
    IF condition IS NULL OR condition NOT IN ('good', 'damaged', 'faulty', 'incomplete') THEN
        RAISE EXCEPTION 'Condition ''%'' is not one of good, damaged, faulty or incomplete.',
            regexp_replace(left(condition, 40), '[^[:alnum:] _.-]', '?', 'g') USING ERRCODE = 'QM003';
    END IF;
    d := lock_device(device_key, expected_version);
    IF d.status <> 'issued' THEN
        RAISE EXCEPTION '% is not issued (it is %); there is nothing to return.', d.asset_tag,
            replace(d.status::text, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    receipt := new_receipt_no();
    c := custody_close(d, 'returned', condition, receipt, nullif(note, ''));
    -- Damaged or faulty kit goes to repair, not back on the shelf.
    next := CASE WHEN condition IN ('damaged', 'faulty') THEN 'in_repair' ELSE 'in_stock' END;
    UPDATE device SET status = next, condition = desk_return.condition WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (d.id, 'return', 'issued', next, c.person_id, receipt, concat_ws('; ', 'condition ' || condition, nullif(note, '')));
    RETURN receipt;
END
$$;

CREATE OR REPLACE FUNCTION desk_swap(old_key text, new_key text, reason text, expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    old_d   device%ROWTYPE;
    new_d   device%ROWTYPE;
    old_c   custody%ROWTYPE;
    new_c   custody%ROWTYPE;
    p       person%ROWTYPE;
    receipt text;
    why     text;
BEGIN
    PERFORM require_role('qm_agent', 'swap devices');
    PERFORM require_clean_text('Faulty device', old_key, 100);
    PERFORM require_clean_text('Replacement', new_key, 100);
    PERFORM require_clean_text('Reason', reason, 500);
    IF coalesce(btrim(reason), '') = '' THEN
        RAISE EXCEPTION 'A swap needs a reason (the fault).' USING ERRCODE = 'QM003';
    END IF;
    -- Lock both devices in id order so two crossing swaps cannot deadlock.
    IF find_device_id(old_key) > find_device_id(new_key) THEN
        new_d := lock_device(new_key, NULL);
        old_d := lock_device(old_key, expected_version);
    ELSE
        old_d := lock_device(old_key, expected_version);
        new_d := lock_device(new_key, NULL);
    END IF;
    IF old_d.id = new_d.id THEN
        RAISE EXCEPTION 'A device cannot be swapped for itself.' USING ERRCODE = 'QM003';
    END IF;
    IF old_d.status <> 'issued' THEN
        RAISE EXCEPTION '% is not issued (it is %), so there is nothing to swap.', old_d.asset_tag,
            replace(old_d.status::text, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    why := not_free_sentence(new_d);
    IF why IS NOT NULL THEN RAISE EXCEPTION '%.', why USING ERRCODE = 'QM004'; END IF;
    SELECT * INTO p FROM person WHERE id = (SELECT person_id FROM custody WHERE device_id = old_d.id AND returned_at IS NULL)
       FOR UPDATE;
    IF NOT p.active THEN
        RAISE EXCEPTION '% has left (a leaver); take % back instead of swapping it.', person_label(p), old_d.asset_tag
            USING ERRCODE = 'QM004';
    END IF;
    receipt := new_receipt_no();
    old_c := custody_close(old_d, 'swapped', 'faulty', receipt, reason);
    UPDATE device SET status = 'in_repair', condition = 'faulty' WHERE id = old_d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (old_d.id, 'swap out', 'issued', 'in_repair', p.id, receipt, 'swapped for ' || new_d.asset_tag || ': ' || reason);
    -- The old device is already handed back, so the one-per-kind rule counts what remains:
    -- a phone for a phone always passes; a phone for a second tablet does not.
    new_c := custody_open(new_d, p, receipt, old_c.accessories, 'swap for ' || old_d.asset_tag, NULL, false);
    UPDATE device_event SET kind = 'swap in', detail = 'swapped for ' || old_d.asset_tag || ': ' || reason
     WHERE id = (SELECT max(id) FROM device_event WHERE device_id = new_d.id);
    INSERT INTO swap (old_custody_id, new_custody_id, reason, receipt) VALUES (old_c.id, new_c.id, reason, receipt);
    RETURN receipt;
END
$$;

CREATE OR REPLACE FUNCTION desk_report_lost(device_key text, stolen boolean DEFAULT false, reference text DEFAULT '',
                                            expected_version int DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d       device%ROWTYPE;
    c       custody%ROWTYPE;
    next    device_status := CASE WHEN stolen THEN 'stolen' ELSE 'lost' END;
    command bigint;
BEGIN
    PERFORM require_role('qm_agent', 'report devices lost or stolen');
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Incident reference', reference, 100);
    d := lock_device(device_key, expected_version);
    IF d.status <> 'issued' THEN
        RAISE EXCEPTION '% is % and not issued; only an issued device can be reported %.', d.asset_tag,
            replace(d.status::text, '_', ' '), next USING ERRCODE = 'QM004';
    END IF;
    c := custody_close(d, next::text, NULL, NULL, nullif(reference, ''));
    UPDATE device SET status = next WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, detail)
    VALUES (d.id, 'report ' || next, 'issued', next, c.person_id,
            CASE WHEN coalesce(reference, '') <> '' THEN 'incident ' || reference ELSE 'no incident reference' END);
    INSERT INTO mdm_command (device_id, action, reason)
    VALUES (d.id, 'remote_lock', 'Reported ' || next::text || coalesce(': ' || nullif(reference, ''), ''))
    RETURNING id INTO command;
    RETURN command;
END
$$;

-- Moves that are not hand-overs: repair, restock, retire.
CREATE OR REPLACE FUNCTION desk_move(device_key text, target device_status, note text DEFAULT '',
                                     expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d   device%ROWTYPE;
    why text;
BEGIN
    IF target = 'retired' THEN
        PERFORM require_role('qm_manager', 'retire devices');
        IF coalesce(btrim(note), '') = '' THEN
            RAISE EXCEPTION 'Retiring a device needs a reason.' USING ERRCODE = 'QM003';
        END IF;
    ELSIF target IN ('in_repair', 'in_stock') THEN
        PERFORM require_role('qm_agent', 'move devices between stock and repair');
    ELSE
        RAISE EXCEPTION 'Status % is set by its own operation, not moved to directly.', target USING ERRCODE = 'QM003';
    END IF;
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text(CASE WHEN target = 'retired' THEN 'Reason' ELSE 'Note' END, note, 500);
    d := lock_device(device_key, expected_version);
    IF d.status = 'issued' THEN
        why := holder_sentence(d);
        RAISE EXCEPTION '%; take it back first (return, with --condition faulty for repairs).', why USING ERRCODE = 'QM004';
    END IF;
    IF d.status = target THEN
        RAISE EXCEPTION '% is already %.', d.asset_tag, replace(target::text, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    -- device_guard refuses moves the lifecycle does not allow, and legal holds.
    UPDATE device SET status = target WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
    VALUES (d.id, (SELECT action FROM status_transition WHERE from_status = d.status AND to_status = target),
            d.status, target, coalesce(note, ''));
    RETURN target::text;
END
$$;

CREATE OR REPLACE FUNCTION desk_hold(device_key text, hold boolean, reason text DEFAULT '', expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    d device%ROWTYPE;
BEGIN
    PERFORM require_role('qm_manager', CASE WHEN hold THEN 'place legal holds' ELSE 'release legal holds' END);
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Reason', reason, 500);
    d := lock_device(device_key, expected_version);
    IF hold THEN
        IF coalesce(btrim(reason), '') = '' THEN
            RAISE EXCEPTION 'A legal hold needs a reason.' USING ERRCODE = 'QM003';
        END IF;
        IF d.legal_hold THEN
            RAISE EXCEPTION '% is already under legal hold (%).', d.asset_tag, d.hold_reason USING ERRCODE = 'QM004';
        END IF;
        UPDATE device SET legal_hold = true, hold_reason = btrim(reason) WHERE id = d.id;
    ELSE
        IF NOT d.legal_hold THEN
            RAISE EXCEPTION '% is not under legal hold.', d.asset_tag USING ERRCODE = 'QM004';
        END IF;
        UPDATE device SET legal_hold = false, hold_reason = NULL WHERE id = d.id;
    END IF;
    INSERT INTO device_event (device_id, kind, from_status, to_status, detail)
    VALUES (d.id, CASE WHEN hold THEN 'legal hold' ELSE 'hold released' END, d.status, d.status,
            CASE WHEN hold THEN btrim(reason) ELSE coalesce(d.hold_reason, '') END);
    RETURN CASE WHEN hold THEN 'held' ELSE 'released' END;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Desk logins, made and changed only by the functions below. They run as qm_user_manager
-- (CREATEROLE; nobody is a member of it), check that the caller is an admin (or a superuser
-- setting up), and grant or revoke the five qm_ desk roles and nothing else.
--
-- All of it lives in its own schema, qm_logins, owned by qm_user_manager, and touches nothing
-- the register's owner controls: no table, function, trigger or policy of qm_register, and a
-- search_path of pg_catalog alone. Otherwise the owner (a migrator) could replace a helper or
-- add a trigger and have an admin's next `user add` run its code with CREATEROLE. For the same
-- reason changes to logins are recorded in qm_logins.login_event, not in the register's audit
-- chain (whose triggers the owner controls).

CREATE SCHEMA qm_logins;
REVOKE ALL ON SCHEMA qm_logins FROM PUBLIC;

CREATE TABLE qm_logins.desk_login (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login           text NOT NULL UNIQUE CHECK (login ~ '^[a-z_][a-z0-9_.-]{0,62}$'),
    role            text NOT NULL CHECK (role IN ('viewer', 'agent', 'manager', 'approver', 'admin')),
    enabled         boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_by      text NOT NULL DEFAULT session_user CHECK (length(created_by) <= 64),
    changed_at      timestamptz,
    changed_by      text CHECK (length(changed_by) <= 64),
    password_set_at timestamptz
);

-- Every change, in order: who did what to which login. Append-only: only the functions write
-- it, and its owner is a role nobody can log in as or become.
CREATE TABLE qm_logins.login_event (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor   text NOT NULL DEFAULT session_user CHECK (length(actor) <= 64),
    login   text NOT NULL CHECK (length(login) <= 63),
    change  text NOT NULL CHECK (change IN ('created', 'role changed', 'disabled', 'enabled', 'password reset',
                                            'adopted')),
    detail  text NOT NULL DEFAULT '' CHECK (length(detail) <= 200)
);

-- The logins that exist already (made by earlier versions) are adopted with their highest role;
-- one already disabled (NOLOGIN, but with a password, unlike a group role) is adopted as
-- disabled, so `user enable` can bring it back.
INSERT INTO qm_logins.desk_login (login, role, enabled, created_by)
SELECT r.rolname,
       CASE WHEN pg_has_role(r.oid, 'qm_admin', 'MEMBER') THEN 'admin'
            WHEN pg_has_role(r.oid, 'qm_approver', 'MEMBER') THEN 'approver'
            WHEN pg_has_role(r.oid, 'qm_manager', 'MEMBER') THEN 'manager'
            WHEN pg_has_role(r.oid, 'qm_agent', 'MEMBER') THEN 'agent' ELSE 'viewer' END,
       r.rolcanlogin, 'schema version 6'
  FROM pg_authid r
 WHERE NOT r.rolsuper AND (r.rolcanlogin OR r.rolpassword IS NOT NULL) AND r.rolname !~ '^(pg_|qm_)'
   AND r.rolname ~ '^[a-z_][a-z0-9_.-]{0,62}$'
   AND pg_has_role(r.oid, 'qm_viewer', 'MEMBER') AND NOT pg_has_role(r.oid, 'qm_register', 'MEMBER');
INSERT INTO qm_logins.login_event (login, change, detail)
SELECT login, 'adopted', role || CASE WHEN enabled THEN '' ELSE ', disabled' END FROM qm_logins.desk_login;

CREATE FUNCTION qm_logins.require_admin(what text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user), false)
            OR pg_catalog.pg_has_role(session_user, 'qm_admin', 'USAGE')) THEN
        RAISE EXCEPTION 'Only an admin may %; login ''%'' may not.', what, session_user USING ERRCODE = 'QM005';
    END IF;
END
$$;

CREATE FUNCTION qm_logins.check_role(role text) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF role IS NULL OR role NOT IN ('viewer', 'agent', 'manager', 'approver', 'admin') THEN
        RAISE EXCEPTION 'Role ''%'' is not one of viewer, agent, manager, approver or admin.',
            regexp_replace(left(role, 40), '[^[:alnum:] _.-]', '?', 'g') USING ERRCODE = 'QM003';
    END IF;
    RETURN 'qm_' || role;
END
$$;

-- The password arrives as a SCRAM-SHA-256 verifier made by the client, never as clear text.
CREATE FUNCTION qm_logins.check_verifier(verifier text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF verifier IS NULL OR verifier !~ '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$' THEN
        RAISE EXCEPTION 'The password must reach the register SCRAM-SHA-256 hashed (qmctl does this); clear text and MD5 are refused.'
            USING ERRCODE = 'QM003';
    END IF;
END
$$;

-- The desk login `login` names, refused unless Quartermaster manages it and it holds nothing but
-- one of the five desk roles: no attribute beyond LOGIN, and no membership, at any depth, of any
-- other role. So an admin can never reach a superuser, the owner, a migrator, or a login a DBA
-- has since given more (CREATEDB, server files, another application's roles).
CREATE FUNCTION qm_logins.target(login text) RETURNS qm_logins.desk_login LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l qm_logins.desk_login%ROWTYPE;
    r pg_catalog.pg_roles%ROWTYPE;
    shown text := regexp_replace(left(coalesce(login, ''), 63), '[^a-z0-9_.-]', '?', 'g');
BEGIN
    SELECT * INTO l FROM qm_logins.desk_login d WHERE d.login = target.login FOR UPDATE;
    SELECT * INTO r FROM pg_catalog.pg_roles WHERE rolname = target.login;
    IF l.id IS NULL OR r.oid IS NULL THEN
        RAISE EXCEPTION 'There is no desk login ''%''.', shown USING ERRCODE = 'QM003';
    END IF;
    IF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                   WHERE g.oid <> r.oid
                     AND g.rolname NOT IN ('qm_viewer', 'qm_agent', 'qm_manager', 'qm_approver', 'qm_admin')
                     AND pg_catalog.pg_has_role(r.oid, g.oid, 'MEMBER')) THEN
        RAISE EXCEPTION 'Login ''%'' holds more than a desk role; only a database superuser may change it.', shown
            USING ERRCODE = 'QM005';
    END IF;
    RETURN l;
END
$$;

CREATE FUNCTION qm_logins.user_add(login text, role text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    grp text;
BEGIN
    PERFORM qm_logins.require_admin('create logins');
    IF login IS NULL OR login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION 'Login ''%'' is not acceptable: use 1-63 lower-case letters, digits, ''.'', ''-'' or ''_'', starting with a letter.',
            regexp_replace(left(coalesce(login, ''), 63), '[^[:alnum:]_.-]', '?', 'g') USING ERRCODE = 'QM003';
    END IF;
    IF login ~ '^(pg_|qm_)' OR login IN ('public', 'none', 'postgres', 'current_user', 'session_user', 'current_role', 'all') THEN
        RAISE EXCEPTION 'Login name ''%'' is reserved (names starting pg_ belong to PostgreSQL, qm_ to Quartermaster''s roles); choose another.',
            login USING ERRCODE = 'QM003';
    END IF;
    grp := qm_logins.check_role(role);
    PERFORM qm_logins.check_verifier(verifier);
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION 'Login ''%'' already exists.', login USING ERRCODE = 'QM004';
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L IN ROLE %I',
                   login, verifier, grp);
    INSERT INTO qm_logins.desk_login (login, role, password_set_at) VALUES (login, role, clock_timestamp());
    INSERT INTO qm_logins.login_event (login, change, detail) VALUES (login, 'created', role);
END
$$;

CREATE FUNCTION qm_logins.user_set_role(login text, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l   qm_logins.desk_login%ROWTYPE;
    grp text;
    old text;
BEGIN
    PERFORM qm_logins.require_admin('change roles');
    grp := qm_logins.check_role(role);
    l := qm_logins.target(login);
    IF l.login = session_user THEN
        RAISE EXCEPTION 'Another admin must change your own role.' USING ERRCODE = 'QM005';
    END IF;
    -- Only memberships held are revoked (revoking one not held would print a warning).
    FOR old IN SELECT g.rolname FROM pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles g ON g.oid = am.roleid
                WHERE am.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = l.login)
                  AND g.rolname IN ('qm_viewer', 'qm_agent', 'qm_manager', 'qm_approver', 'qm_admin')
                  AND g.rolname <> grp
    LOOP
        EXECUTE format('REVOKE %I FROM %I', old, l.login);
    END LOOP;
    IF NOT pg_catalog.pg_has_role(l.login, grp, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', grp, l.login);
    END IF;
    UPDATE qm_logins.desk_login SET role = user_set_role.role, changed_at = clock_timestamp(), changed_by = session_user
     WHERE id = l.id;
    INSERT INTO qm_logins.login_event (login, change, detail) VALUES (l.login, 'role changed', l.role || ' to ' || role);
END
$$;

CREATE FUNCTION qm_logins.user_set_enabled(login text, enabled boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l qm_logins.desk_login%ROWTYPE;
BEGIN
    PERFORM qm_logins.require_admin(CASE WHEN enabled THEN 'enable logins' ELSE 'disable logins' END);
    l := qm_logins.target(login);
    IF l.login = session_user THEN
        RAISE EXCEPTION 'Another admin must disable or enable your own login.' USING ERRCODE = 'QM005';
    END IF;
    EXECUTE format('ALTER ROLE %I %s', l.login, CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
    UPDATE qm_logins.desk_login SET enabled = user_set_enabled.enabled, changed_at = clock_timestamp(),
                                    changed_by = session_user
     WHERE id = l.id;
    INSERT INTO qm_logins.login_event (login, change) VALUES (l.login, CASE WHEN enabled THEN 'enabled' ELSE 'disabled' END);
    IF NOT enabled THEN
        -- A leaver's open sessions end now, not whenever they next disconnect.
        PERFORM pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity WHERE usename = l.login;
    END IF;
END
$$;

CREATE FUNCTION qm_logins.user_reset_password(login text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l qm_logins.desk_login%ROWTYPE;
BEGIN
    PERFORM qm_logins.require_admin('reset passwords');
    PERFORM qm_logins.check_verifier(verifier);
    l := qm_logins.target(login);
    EXECUTE format('ALTER ROLE %I PASSWORD %L', l.login, verifier);
    UPDATE qm_logins.desk_login SET password_set_at = clock_timestamp(), changed_at = clock_timestamp(),
                                    changed_by = session_user
     WHERE id = l.id;
    INSERT INTO qm_logins.login_event (login, change) VALUES (l.login, 'password reset');
END
$$;

-- Everything in the schema belongs to qm_user_manager, which only these functions act as.
-- Admins may call the four functions and read the two tables, nothing else.
ALTER SCHEMA qm_logins OWNER TO qm_user_manager;
ALTER TABLE qm_logins.desk_login OWNER TO qm_user_manager;
ALTER TABLE qm_logins.login_event OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.require_admin(text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.check_role(text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.check_verifier(text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.target(text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.user_add(text, text, text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.user_set_role(text, text) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.user_set_enabled(text, boolean) OWNER TO qm_user_manager;
ALTER FUNCTION qm_logins.user_reset_password(text, text) OWNER TO qm_user_manager;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA qm_logins FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA qm_logins FROM PUBLIC;
GRANT USAGE ON SCHEMA qm_logins TO qm_admin;
GRANT SELECT ON qm_logins.desk_login, qm_logins.login_event TO qm_admin;
GRANT EXECUTE ON FUNCTION qm_logins.user_add(text, text, text), qm_logins.user_set_role(text, text),
    qm_logins.user_set_enabled(text, boolean), qm_logins.user_reset_password(text, text) TO qm_admin;

-- ---------------------------------------------------------------------------------------
-- Every function pins its search_path: the catalog first, the register's schema, temporary
-- objects last (where they cannot stand in for a table the function names). Nothing is
-- executable by PUBLIC; what the desk needs is granted to its roles.

DO $$
DECLARE
    f    regprocedure;
    kind "char";
BEGIN
    FOR f, kind IN SELECT p.oid::regprocedure, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = 'public'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                         AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        IF kind = 'a' THEN  -- an aggregate: its functions are pinned themselves
            EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        ELSE
            EXECUTE format('ALTER ROUTINE %s SET search_path = pg_catalog, public, pg_temp', f);
            EXECUTE format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', f);
        END IF;
    END LOOP;
END
$$;

-- Each wait for a row lock inside a desk operation ends after 3 seconds with "busy".
ALTER FUNCTION desk_issue(text, text, text[], text, text, int) SET lock_timeout = '3s';
ALTER FUNCTION desk_return(text, text, text, int) SET lock_timeout = '3s';
ALTER FUNCTION desk_swap(text, text, text, int) SET lock_timeout = '3s';
ALTER FUNCTION desk_report_lost(text, boolean, text, int) SET lock_timeout = '3s';
ALTER FUNCTION desk_move(text, device_status, text, int) SET lock_timeout = '3s';
ALTER FUNCTION desk_hold(text, boolean, text, int) SET lock_timeout = '3s';

GRANT EXECUTE ON FUNCTION desk_issue(text, text, text[], text, text, int), desk_return(text, text, text, int),
    desk_swap(text, text, text, int), desk_report_lost(text, boolean, text, int),
    desk_move(text, device_status, text, int), desk_hold(text, boolean, text, int) TO qm_agent;
-- CHECK constraints call imei_is_valid as whoever writes the row.
GRANT EXECUTE ON FUNCTION imei_is_valid(text) TO qm_manager;
