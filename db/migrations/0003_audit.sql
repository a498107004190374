-- The audit record: one event for every insert, update and delete on the register's tables,
-- written in the same transaction by the database itself, with the actor taken from
-- session_user (never from the client). Append-only and hash-chained: each event's hash covers
-- the previous event's hash, so `qmctl audit verify` finds an edited, deleted or reordered
-- event even when a superuser bypassed the guards below.

CREATE TABLE audit_event (
    id         bigint PRIMARY KEY,            -- gapless, assigned under the chain lock
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'bulk load')),
    entity     text NOT NULL,
    entity_id  bigint,
    before     jsonb,
    after      jsonb,
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL
);
CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id);

-- What one event's hash covers, in a fixed text form.
CREATE FUNCTION audit_event_content(id bigint, at timestamptz, actor text, action text, entity text,
                                    entity_id bigint, before jsonb, after jsonb)
RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT convert_to(concat_ws(chr(31), id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                              actor, action, entity, coalesce(entity_id::text, ''),
                              coalesce(before::text, ''), coalesce(after::text, '')), 'UTF8')
$$;

-- Running hash over events in id order: state is the previous event's hash.
CREATE FUNCTION audit_chain_step(state bytea, start bytea, content bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sha256(coalesce(state, start) || content)
$$;
CREATE AGGREGATE audit_chain(bytea, bytea) (SFUNC = audit_chain_step, STYPE = bytea);

-- Appends the events of one statement (rows of the transition tables) to the chain. Writers
-- serialise on one advisory lock until they commit, so the chain has a single order.
CREATE FUNCTION audit_append(p_action text, p_entity text, p_rows jsonb[], p_before jsonb[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    last_id   bigint;
    last_hash bytea;
    stamp     timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(7312001);
    stamp := clock_timestamp();  -- after the lock, so times rise with ids along the chain
    SELECT id, hash INTO last_id, last_hash FROM audit_event ORDER BY id DESC LIMIT 1;
    last_id := coalesce(last_id, 0);
    last_hash := coalesce(last_hash, '\x00'::bytea);
    INSERT INTO audit_event (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
    SELECT id, stamp, session_user, p_action, p_entity, entity_id, before, after,
           coalesce(lag(hash) OVER (ORDER BY id), last_hash), hash
      FROM (SELECT id, entity_id, before, after,
                   audit_chain(last_hash, audit_event_content(id, stamp, session_user, p_action, p_entity,
                                                             entity_id, before, after))
                       OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hash
              FROM (SELECT last_id + n AS id,
                           (coalesce(p_rows[n], p_before[n]) ->> 'id')::bigint AS entity_id,
                           CASE WHEN p_action = 'insert' THEN NULL ELSE p_before[n] END AS before,
                           CASE WHEN p_action = 'delete' THEN NULL ELSE p_rows[n] END AS after
                      FROM generate_subscripts(coalesce(p_rows, p_before), 1) AS n) numbered) chained;
END
$$;
REVOKE ALL ON FUNCTION audit_append(text, text, jsonb[], jsonb[]) FROM PUBLIC;

-- One statement-level trigger function for every audited table.
CREATE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    after_rows  jsonb[];
    before_rows jsonb[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(to_jsonb(n) ORDER BY (to_jsonb(n) ->> 'id')::bigint) INTO after_rows FROM new_rows n;
        IF after_rows IS NOT NULL THEN PERFORM audit_append('insert', TG_TABLE_NAME, after_rows, NULL); END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(to_jsonb(n) ORDER BY (to_jsonb(n) ->> 'id')::bigint),
               array_agg(to_jsonb(o) ORDER BY (to_jsonb(n) ->> 'id')::bigint)
          INTO after_rows, before_rows
          FROM new_rows n JOIN old_rows o ON (to_jsonb(o) ->> 'id') = (to_jsonb(n) ->> 'id');
        IF after_rows IS NOT NULL THEN PERFORM audit_append('update', TG_TABLE_NAME, after_rows, before_rows); END IF;
    ELSE
        SELECT array_agg(to_jsonb(o) ORDER BY (to_jsonb(o) ->> 'id')::bigint) INTO before_rows FROM old_rows o;
        IF before_rows IS NOT NULL THEN PERFORM audit_append('delete', TG_TABLE_NAME, NULL, before_rows); END IF;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION audit_statement() FROM PUBLIC;

-- Adds the three audit triggers to a table (used here and by later migrations).
CREATE FUNCTION audit_table(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION audit_statement()', t);
    EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows'
                   ' NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_statement()', t);
    EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION audit_statement()', t);
END
$$;
REVOKE ALL ON FUNCTION audit_table(regclass) FROM PUBLIC;
SELECT audit_table('command_unit');
SELECT audit_table('device_model');
SELECT audit_table('person');
SELECT audit_table('device');

-- Append-only: refused for everyone, the owner included. Only a superuser can get round it
-- (session_replication_role), and the hash chain then shows what was done.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit record is append-only: events cannot be changed or removed.'
        USING ERRCODE = 'QM005';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE ALL ON audit_event FROM PUBLIC;
GRANT SELECT ON audit_event TO qm_viewer;
-- Nobody truncates the register either (TRUNCATE fires no row triggers, so no audit).
REVOKE TRUNCATE ON command_unit, device_model, person, device, device_imei FROM PUBLIC;
