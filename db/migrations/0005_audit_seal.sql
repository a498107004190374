-- The audit chain is sealed at commit, not at the first write. Until now every audited write
-- took the chain's lock and held it to commit, so one long transaction (a CSV import) made every
-- desk in the force wait for it. Now a transaction's events wait in audit_pending and a deferred
-- trigger moves them onto the chain, in order and hashed, as the transaction commits: the lock
-- covers only that moment. Desk operations no longer take the chain lock up front.

CREATE TABLE audit_pending (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txid       bigint NOT NULL DEFAULT txid_current(),
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text NOT NULL DEFAULT session_user,
    action     text NOT NULL,
    entity     text NOT NULL,
    entity_id  bigint,
    before     jsonb,
    after      jsonb
);
CREATE INDEX audit_pending_txid_idx ON audit_pending (txid, seq);
REVOKE ALL ON audit_pending FROM PUBLIC;

-- Queues the events of one statement (called by the audit triggers).
CREATE OR REPLACE FUNCTION audit_append(p_action text, p_entity text, p_rows jsonb[], p_before jsonb[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO audit_pending (action, entity, entity_id, before, after)
    SELECT p_action, p_entity, (coalesce(p_rows[n], p_before[n]) ->> 'id')::bigint,
           CASE WHEN p_action = 'insert' THEN NULL ELSE p_before[n] END,
           CASE WHEN p_action = 'delete' THEN NULL ELSE p_rows[n] END
      FROM generate_subscripts(coalesce(p_rows, p_before), 1) AS n
     ORDER BY n;
END
$$;

-- At commit: the first firing moves this transaction's events onto the chain; the rest find
-- nothing left to do.
CREATE FUNCTION audit_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    last_id   bigint;
    last_hash bytea;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_pending WHERE txid = txid_current()) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7312001);
    SELECT id, hash INTO last_id, last_hash FROM audit_event ORDER BY id DESC LIMIT 1;
    last_id := coalesce(last_id, 0);
    last_hash := coalesce(last_hash, '\x00'::bytea);
    WITH moved AS (
        DELETE FROM audit_pending WHERE txid = txid_current() RETURNING *
    ), numbered AS (
        SELECT last_id + row_number() OVER (ORDER BY seq) AS id, at, actor, action, entity, entity_id, before, after
          FROM moved
    ), chained AS (
        SELECT numbered.*,
               audit_chain(last_hash, audit_event_content(id, at, actor, action, entity, entity_id, before, after))
                   OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hash
          FROM numbered
    )
    INSERT INTO audit_event (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
    SELECT id, at, actor, action, entity, entity_id, before, after,
           coalesce(lag(hash) OVER (ORDER BY id), last_hash), hash
      FROM chained;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION audit_seal() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER audit_seal AFTER INSERT ON audit_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_seal();

-- Desk operations lock only the device rows they change.
CREATE OR REPLACE FUNCTION lock_device(key text, expected_version int) RETURNS device
LANGUAGE plpgsql AS $$
DECLARE
    d device%ROWTYPE;
BEGIN
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
