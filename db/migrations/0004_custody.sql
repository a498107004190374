-- The custody desk: who holds which device since when, every hand-over with its receipt, and
-- the desk's operations as functions the database itself checks. Agents have no UPDATE right
-- on device: the only way for them to change a device's status is through these functions,
-- which enforce the lifecycle, the one-phone-one-tablet rule, legal holds and roles. Each call
-- is one transaction; the device row is locked first, so two desks acting on one device at
-- once get one success and one plain-words refusal.

CREATE SEQUENCE receipt_no_seq;

CREATE TABLE custody (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id         bigint NOT NULL REFERENCES device (id),
    person_id         bigint NOT NULL REFERENCES person (id),
    issued_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    issued_by         text NOT NULL DEFAULT session_user,
    issue_receipt     text NOT NULL UNIQUE,
    accessories       text[] NOT NULL DEFAULT '{}',
    issue_note        text NOT NULL DEFAULT '',
    override_reason   text,
    returned_at       timestamptz,
    returned_by       text,
    closed_as         text CHECK (closed_as IN ('returned', 'swapped', 'lost', 'stolen')),
    return_condition  text CHECK (return_condition IN ('good', 'damaged', 'faulty', 'incomplete')),
    return_receipt    text UNIQUE,
    return_note       text,
    CONSTRAINT custody_closed_whole CHECK ((returned_at IS NULL) = (returned_by IS NULL)
                                           AND (returned_at IS NULL) = (closed_as IS NULL)),
    CONSTRAINT custody_return_after_issue CHECK (returned_at >= issued_at)
);
-- At most one open custody record per device.
CREATE UNIQUE INDEX custody_open_device_key ON custody (device_id) WHERE returned_at IS NULL;
CREATE INDEX custody_device_idx ON custody (device_id, issued_at);
CREATE INDEX custody_person_idx ON custody (person_id, issued_at);

CREATE TABLE swap (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    old_custody_id    bigint NOT NULL UNIQUE REFERENCES custody (id),
    new_custody_id    bigint NOT NULL UNIQUE REFERENCES custody (id),
    reason            text NOT NULL CHECK (length(btrim(reason)) > 0),
    receipt           text NOT NULL UNIQUE,
    at                timestamptz NOT NULL DEFAULT clock_timestamp(),
    by_login          text NOT NULL DEFAULT session_user
);

-- Times in custody, the timeline and the outbox are clock_timestamp(): the moment the operation
-- ran, after its locks. now() is the transaction's start, and a desk queued behind another
-- would stamp a time earlier than what it waited for.

-- The device's timeline: every desk operation, in words.
CREATE TABLE device_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   bigint NOT NULL REFERENCES device (id),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text NOT NULL DEFAULT session_user,
    kind        text NOT NULL,
    from_status device_status,
    to_status   device_status,
    person_id   bigint REFERENCES person (id),
    receipt     text,
    detail      text NOT NULL DEFAULT ''
);
CREATE INDEX device_event_device_idx ON device_event (device_id, at);
CREATE INDEX device_event_person_idx ON device_event (person_id);

-- MDM commands (the outbox); sending them is the MDM issue's work.
CREATE TABLE mdm_command (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id     bigint NOT NULL REFERENCES device (id),
    action        text NOT NULL CHECK (action IN ('remote_lock', 'wipe', 'retire', 'sync')),
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('awaiting_approval', 'queued', 'sent', 'done', 'failed', 'rejected', 'cancelled')),
    reason        text NOT NULL DEFAULT '',
    requested_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    requested_by  text NOT NULL DEFAULT session_user
);
CREATE INDEX mdm_command_device_idx ON mdm_command (device_id);
CREATE INDEX mdm_command_state_idx ON mdm_command (state) WHERE state IN ('awaiting_approval', 'queued');

SELECT audit_table('custody');
SELECT audit_table('swap');
SELECT audit_table('device_event');
SELECT audit_table('mdm_command');

-- Status "issued" and an open custody record go together, whoever writes (checked at commit,
-- so an operation may change both in either order, and judged on the rows as they are then).
CREATE FUNCTION require_custody_agrees(device_id bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d      device%ROWTYPE;
    open_n int;
BEGIN
    SELECT * INTO d FROM device WHERE id = device_id;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT count(*) INTO open_n FROM custody c WHERE c.device_id = d.id AND c.returned_at IS NULL;
    IF (d.status = 'issued') <> (open_n = 1) THEN
        RAISE EXCEPTION 'Device % would be % with % open custody record(s); status and custody must agree.',
            d.asset_tag, replace(d.status::text, '_', ' '), open_n USING ERRCODE = 'QM004';
    END IF;
END
$$;
CREATE FUNCTION custody_consistency() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM require_custody_agrees(NEW.device_id);
    RETURN NULL;
END
$$;
CREATE FUNCTION device_status_consistency() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM require_custody_agrees(NEW.id);
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER custody_consistent AFTER INSERT OR UPDATE ON custody
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION custody_consistency();
-- Only rows that touch "issued" can break the rule; a bulk load of stock queues nothing.
CREATE CONSTRAINT TRIGGER device_status_consistent AFTER INSERT ON device
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'issued')
    EXECUTE FUNCTION device_status_consistency();
CREATE CONSTRAINT TRIGGER device_status_change_consistent AFTER UPDATE OF status ON device
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status = 'issued' OR NEW.status = 'issued')
    EXECUTE FUNCTION device_status_consistency();

-- ---------------------------------------------------------------------------------------
-- Helpers for the operations.

-- Short rank for messages: "PC 210001 Ann O'Brien".
CREATE FUNCTION rank_short(rank text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE rank
    WHEN 'Police Constable' THEN 'PC' WHEN 'Sergeant' THEN 'PS' WHEN 'Inspector' THEN 'Insp'
    WHEN 'Chief Inspector' THEN 'CI' WHEN 'Superintendent' THEN 'Supt'
    WHEN 'Chief Superintendent' THEN 'Ch Supt' WHEN 'Detective Constable' THEN 'DC'
    WHEN 'Detective Sergeant' THEN 'DS' WHEN 'Special Constable' THEN 'SC'
    WHEN 'Police Community Support Officer' THEN 'PCSO' ELSE '' END
$$;

CREATE FUNCTION person_label(p person) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT btrim(concat_ws(' ', nullif(rank_short(p.rank), ''), p.staff_no, p.name))
$$;

-- "10:42" today, else "3 Mar 2026 10:42" (London time, as the desk reads a clock).
CREATE FUNCTION desk_time(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN (t AT TIME ZONE 'Europe/London')::date = (now() AT TIME ZONE 'Europe/London')::date
              THEN to_char(t AT TIME ZONE 'Europe/London', 'HH24:MI')
              ELSE to_char(t AT TIME ZONE 'Europe/London', 'FMDD Mon YYYY HH24:MI') END
$$;

CREATE FUNCTION find_device_id(key text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT id FROM device
   WHERE asset_tag = upper(btrim(key)) OR serial = upper(btrim(key))
      OR imei = regexp_replace(key, '[[:space:]-]', '', 'g') OR imei2 = regexp_replace(key, '[[:space:]-]', '', 'g')
      OR mdm_id = btrim(key)
   ORDER BY (asset_tag = upper(btrim(key))) DESC LIMIT 1
$$;

CREATE FUNCTION new_receipt_no() RETURNS text LANGUAGE sql AS $$
  SELECT 'R' || to_char(now() AT TIME ZONE 'Europe/London', 'YYYY') || '-' || lpad(nextval('receipt_no_seq')::text, 6, '0')
$$;

-- Locks and returns the device for an operation, or refuses in words. The audit chain lock is
-- taken first so that two operations never wait on each other in opposite orders.
CREATE FUNCTION lock_device(key text, expected_version int) RETURNS device
LANGUAGE plpgsql AS $$
DECLARE
    d device%ROWTYPE;
BEGIN
    PERFORM pg_advisory_xact_lock(7312001);
    SELECT * INTO d FROM device WHERE id = find_device_id(key) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No device in the register has the asset tag, serial, IMEI or MDM id ''%''.', key
            USING ERRCODE = 'QM003';
    END IF;
    IF expected_version IS NOT NULL AND d.version <> expected_version THEN
        RAISE EXCEPTION 'Device % was changed by someone else since you looked at it; look again and retry.',
            d.asset_tag USING ERRCODE = 'QM004';
    END IF;
    RETURN d;
END
$$;

CREATE FUNCTION require_role(role_name text, what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_has_role(session_user, role_name, 'USAGE') THEN
        RAISE EXCEPTION 'Only % % or above may %; login ''%'' may not.',
            CASE WHEN role_name IN ('qm_agent', 'qm_approver', 'qm_admin') THEN 'an' ELSE 'a' END,
            replace(role_name, 'qm_', ''), what, session_user USING ERRCODE = 'QM005';
    END IF;
END
$$;

-- Why a device is not free to issue, in words, or NULL.
CREATE FUNCTION holder_sentence(d device) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT d.asset_tag || ' is already issued to ' || person_label(p) || ' since ' || desk_time(c.issued_at)
    FROM custody c JOIN person p ON p.id = c.person_id
   WHERE c.device_id = d.id AND c.returned_at IS NULL
$$;

CREATE FUNCTION not_free_sentence(d device) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN d.status = 'issued' THEN coalesce(holder_sentence(d), d.asset_tag || ' is already issued')
    WHEN d.legal_hold THEN d.asset_tag || ' is under legal hold (' || d.hold_reason || ') and cannot be issued'
    WHEN d.status <> 'in_stock' THEN d.asset_tag || ' is ' || replace(d.status::text, '_', ' ') || ', not in stock'
  END
$$;

CREATE FUNCTION open_person(staff text) RETURNS person LANGUAGE plpgsql AS $$
DECLARE
    p person%ROWTYPE;
BEGIN
    SELECT * INTO p FROM person WHERE staff_no = upper(btrim(staff)) FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No person in the register has staff number ''%''.', staff USING ERRCODE = 'QM003';
    END IF;
    IF NOT p.active THEN
        RAISE EXCEPTION '% has left (a leaver) and cannot be issued devices.', person_label(p) USING ERRCODE = 'QM004';
    END IF;
    RETURN p;
END
$$;

-- Issues d to p (both locked by the caller). Returns the new custody row.
CREATE FUNCTION custody_open(d device, p person, receipt text, accessories text[], note text,
                             override_reason text, skip_kind_rule boolean) RETURNS custody
LANGUAGE plpgsql AS $$
DECLARE
    device_kind text;
    already     text;
    c       custody%ROWTYPE;
BEGIN
    SELECT m.kind INTO device_kind FROM device_model m WHERE m.id = d.model_id;
    IF NOT skip_kind_rule THEN
        SELECT string_agg(x.asset_tag, ', ') INTO already
          FROM custody h JOIN device x ON x.id = h.device_id JOIN device_model m ON m.id = x.model_id
         WHERE h.person_id = p.id AND h.returned_at IS NULL AND m.kind = device_kind;
        IF already IS NOT NULL THEN
            IF coalesce(btrim(override_reason), '') = '' THEN
                RAISE EXCEPTION '% already holds a % (%); a manager can override with a reason.',
                    person_label(p), device_kind, already USING ERRCODE = 'QM004';
            END IF;
            PERFORM require_role('qm_manager', 'issue a second ' || device_kind || ' to one person');
        END IF;
    END IF;
    INSERT INTO custody (device_id, person_id, issue_receipt, accessories, issue_note, override_reason)
    VALUES (d.id, p.id, receipt, coalesce(accessories, '{}'), coalesce(note, ''), nullif(btrim(override_reason), ''))
    RETURNING * INTO c;
    UPDATE device SET status = 'issued', unit_id = coalesce(p.unit_id, unit_id) WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (d.id, 'issue', d.status, 'issued', p.id, receipt,
            concat_ws('; ', CASE WHEN cardinality(accessories) > 0 THEN 'with ' || array_to_string(accessories, ', ') END,
                      nullif(note, ''), CASE WHEN nullif(btrim(override_reason), '') IS NOT NULL
                                             THEN 'override: ' || override_reason END));
    RETURN c;
END
$$;

-- Closes d's open custody record; returns it (NULL when none).
CREATE FUNCTION custody_close(d device, closed_as text, condition text, receipt text, note text)
RETURNS custody LANGUAGE plpgsql AS $$
DECLARE
    c custody%ROWTYPE;
BEGIN
    UPDATE custody SET returned_at = clock_timestamp(), returned_by = session_user, closed_as = custody_close.closed_as,
                       return_condition = condition, return_receipt = receipt, return_note = note
     WHERE device_id = d.id AND returned_at IS NULL
    RETURNING * INTO c;
    RETURN c;
END
$$;

-- ---------------------------------------------------------------------------------------
-- The desk's operations. Each returns the receipt number (hand-overs) or the device's new
-- status, and refuses with SQLSTATE QM003 (bad input), QM004 (in the way) or QM005 (role).

CREATE FUNCTION desk_issue(device_key text, staff_no text, accessories text[] DEFAULT '{}', note text DEFAULT '',
                           override_reason text DEFAULT NULL, expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d       device%ROWTYPE;
    p       person%ROWTYPE;
    receipt text := new_receipt_no();
    why     text;
BEGIN
    PERFORM require_role('qm_agent', 'issue devices');
    d := lock_device(device_key, expected_version);
    why := not_free_sentence(d);
    IF why IS NOT NULL THEN RAISE EXCEPTION '%.', why USING ERRCODE = 'QM004'; END IF;
    p := open_person(staff_no);
    PERFORM custody_open(d, p, receipt, accessories, note, override_reason, false);
    RETURN receipt;
END
$$;

CREATE FUNCTION desk_return(device_key text, condition text DEFAULT 'good', note text DEFAULT '',
                            expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d       device%ROWTYPE;
    c       custody%ROWTYPE;
    receipt text := new_receipt_no();
    next    device_status;
BEGIN
    PERFORM require_role('qm_agent', 'take devices back');
    IF condition NOT IN ('good', 'damaged', 'faulty', 'incomplete') THEN
        RAISE EXCEPTION 'Condition ''%'' is not one of good, damaged, faulty or incomplete.', condition
            USING ERRCODE = 'QM003';
    END IF;
    d := lock_device(device_key, expected_version);
    IF d.status <> 'issued' THEN
        RAISE EXCEPTION '% is not issued (it is %); there is nothing to return.', d.asset_tag,
            replace(d.status::text, '_', ' ') USING ERRCODE = 'QM004';
    END IF;
    c := custody_close(d, 'returned', condition, receipt, nullif(note, ''));
    -- Damaged or faulty kit goes to repair, not back on the shelf.
    next := CASE WHEN condition IN ('damaged', 'faulty') THEN 'in_repair' ELSE 'in_stock' END;
    UPDATE device SET status = next, condition = desk_return.condition WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (d.id, 'return', 'issued', next, c.person_id, receipt, concat_ws('; ', 'condition ' || condition, nullif(note, '')));
    RETURN receipt;
END
$$;

CREATE FUNCTION desk_swap(old_key text, new_key text, reason text, expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_d   device%ROWTYPE;
    new_d   device%ROWTYPE;
    old_c   custody%ROWTYPE;
    new_c   custody%ROWTYPE;
    p       person%ROWTYPE;
    receipt text := new_receipt_no();
    why     text;
BEGIN
    PERFORM require_role('qm_agent', 'swap devices');
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

CREATE FUNCTION desk_report_lost(device_key text, stolen boolean DEFAULT false, reference text DEFAULT '',
                                 expected_version int DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d       device%ROWTYPE;
    c       custody%ROWTYPE;
    next    device_status := CASE WHEN stolen THEN 'stolen' ELSE 'lost' END;
    command bigint;
BEGIN
    PERFORM require_role('qm_agent', 'report devices lost or stolen');
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
CREATE FUNCTION desk_move(device_key text, target device_status, note text DEFAULT '',
                          expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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

CREATE FUNCTION desk_hold(device_key text, hold boolean, reason text DEFAULT '', expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d device%ROWTYPE;
BEGIN
    PERFORM require_role('qm_manager', CASE WHEN hold THEN 'place legal holds' ELSE 'release legal holds' END);
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


-- Privileges: read for viewers; operations for agents (the functions check finer roles).
REVOKE ALL ON custody, swap, device_event, mdm_command FROM PUBLIC;
GRANT SELECT ON custody, swap, device_event, mdm_command TO qm_viewer;
REVOKE ALL ON FUNCTION desk_issue(text, text, text[], text, text, int), desk_return(text, text, text, int),
    desk_swap(text, text, text, int), desk_report_lost(text, boolean, text, int),
    desk_move(text, device_status, text, int), desk_hold(text, boolean, text, int), custody_consistency(), device_status_consistency(),
    lock_device(text, int), open_person(text), new_receipt_no(),
    custody_open(device, person, text, text[], text, text, boolean), custody_close(device, text, text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk_issue(text, text, text[], text, text, int), desk_return(text, text, text, int),
    desk_swap(text, text, text, int), desk_report_lost(text, boolean, text, int),
    desk_move(text, device_status, text, int), desk_hold(text, boolean, text, int) TO qm_agent;
