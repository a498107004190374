-- The register: command units, device models, people and devices, with the invariants of
-- DESIGN.md §4 enforced here so they hold for anyone, psql included.

CREATE EXTENSION IF NOT EXISTS pg_trgm;  -- trigram indexes for the search work that follows

-- Luhn check of a 15-digit IMEI, written as one expression so the planner inlines it into
-- CHECK constraints (a loop or subquery costs ~10x more per row during bulk COPY).
CREATE FUNCTION imei_is_valid(text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT $1 ~ '^[0-9]{15}$' AND (
(ascii(substr($1,1,1))-48) +
    (2*(ascii(substr($1,2,1))-48) - 9*((((ascii(substr($1,2,1))-48))>4)::int)) +
    (ascii(substr($1,3,1))-48) +
    (2*(ascii(substr($1,4,1))-48) - 9*((((ascii(substr($1,4,1))-48))>4)::int)) +
    (ascii(substr($1,5,1))-48) +
    (2*(ascii(substr($1,6,1))-48) - 9*((((ascii(substr($1,6,1))-48))>4)::int)) +
    (ascii(substr($1,7,1))-48) +
    (2*(ascii(substr($1,8,1))-48) - 9*((((ascii(substr($1,8,1))-48))>4)::int)) +
    (ascii(substr($1,9,1))-48) +
    (2*(ascii(substr($1,10,1))-48) - 9*((((ascii(substr($1,10,1))-48))>4)::int)) +
    (ascii(substr($1,11,1))-48) +
    (2*(ascii(substr($1,12,1))-48) - 9*((((ascii(substr($1,12,1))-48))>4)::int)) +
    (ascii(substr($1,13,1))-48) +
    (2*(ascii(substr($1,14,1))-48) - 9*((((ascii(substr($1,14,1))-48))>4)::int)) +
    (ascii(substr($1,15,1))-48)
  ) % 10 = 0
$$;

CREATE TABLE command_unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text UNIQUE CHECK (code ~ '^[A-Z0-9]{2,8}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 2 AND 120 AND name = btrim(name)),
    kind        text NOT NULL DEFAULT 'bcu' CHECK (kind IN ('bcu', 'specialist', 'support', 'store')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX command_unit_name_key ON command_unit (lower(name));

CREATE TABLE device_model (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    manufacturer  text NOT NULL CHECK (length(manufacturer) BETWEEN 1 AND 60 AND manufacturer = btrim(manufacturer)),
    model         text NOT NULL CHECK (length(model) BETWEEN 1 AND 80 AND model = btrim(model)),
    kind          text NOT NULL DEFAULT 'phone' CHECK (kind IN ('phone', 'tablet')),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX device_model_name_key ON device_model (lower(manufacturer), lower(model));

CREATE TABLE person (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_no    text NOT NULL UNIQUE CHECK (staff_no ~ '^[A-Z0-9]{3,12}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
    rank        text CHECK (length(rank) <= 60),
    unit_id     bigint REFERENCES command_unit (id),
    email       text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    active      boolean NOT NULL DEFAULT true,
    left_on     date,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_unit_id_idx ON person (unit_id);
CREATE UNIQUE INDEX person_email_key ON person (lower(email));

CREATE TYPE device_status AS ENUM
    ('in_stock', 'issued', 'lost', 'stolen', 'in_repair', 'pending_wipe', 'wiped', 'retired');

CREATE TABLE device (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_tag       text NOT NULL UNIQUE CHECK (asset_tag ~ '^[A-Z0-9/-]{2,32}$'),
    serial          text NOT NULL UNIQUE CHECK (serial ~ '^[A-Z0-9./-]{4,40}$'),
    imei            text UNIQUE CHECK (imei_is_valid(imei)),
    imei2           text UNIQUE,
    model_id        bigint NOT NULL REFERENCES device_model (id),
    phone           text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    mdm_id          text UNIQUE CHECK (length(mdm_id) BETWEEN 1 AND 64),
    status          device_status NOT NULL DEFAULT 'in_stock',
    condition       text NOT NULL DEFAULT 'good' CHECK (condition IN ('good', 'damaged', 'faulty', 'incomplete')),
    legal_hold      boolean NOT NULL DEFAULT false,
    hold_reason     text,
    unit_id         bigint REFERENCES command_unit (id),
    purchased_on    date CHECK (purchased_on BETWEEN '1990-01-01' AND '2100-12-31'),
    warranty_until  date CHECK (warranty_until BETWEEN '1990-01-01' AND '2100-12-31'),
    cost_pence      bigint CHECK (cost_pence BETWEEN 0 AND 1000000000000),
    notes           text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT device_hold_has_reason CHECK (NOT legal_hold OR coalesce(length(btrim(hold_reason)), 0) > 0),
    -- A second IMEI needs a first one, and differs from it.
    CONSTRAINT device_imei2_check CHECK (imei2 IS NULL OR (imei IS NOT NULL AND imei_is_valid(imei2) AND imei2 <> imei)),
    CONSTRAINT device_warranty_after_purchase CHECK (warranty_until >= purchased_on)
);
CREATE INDEX device_model_id_idx ON device (model_id);
CREATE INDEX device_unit_id_idx ON device (unit_id);
-- Keyset orders for the console's list (every sort ends on the unique asset tag).
CREATE INDEX device_status_order_idx ON device (status, asset_tag);
CREATE INDEX device_imei_order_idx ON device ((coalesce(imei, '')), asset_tag);

-- The device lifecycle (DESIGN.md §4), the same table as model/lifecycle.cpp; a test keeps
-- the two in step.
CREATE TABLE status_transition (
    from_status  device_status NOT NULL,
    to_status    device_status NOT NULL,
    action       text NOT NULL,
    PRIMARY KEY (from_status, to_status),
    CHECK (from_status <> to_status)
);
INSERT INTO status_transition (from_status, to_status, action) VALUES
    ('in_stock', 'issued', 'issue'),
    ('issued', 'in_stock', 'return'),
    ('issued', 'lost', 'report lost'),
    ('issued', 'stolen', 'report stolen'),
    ('lost', 'in_stock', 'recovered'),
    ('stolen', 'in_stock', 'recovered'),
    ('in_repair', 'in_stock', 'back from repair'),
    ('pending_wipe', 'wiped', 'wiped'),
    ('wiped', 'in_stock', 'restock');
INSERT INTO status_transition (from_status, to_status, action)
SELECT s, 'in_repair', 'send to repair' FROM unnest(enum_range(NULL::device_status)) s
 WHERE s NOT IN ('in_repair', 'retired');
INSERT INTO status_transition (from_status, to_status, action)
SELECT s, 'pending_wipe', 'request wipe' FROM unnest(enum_range(NULL::device_status)) s
 WHERE s NOT IN ('pending_wipe', 'wiped', 'retired');
INSERT INTO status_transition (from_status, to_status, action)
SELECT s, 'retired', 'retire' FROM unnest(enum_range(NULL::device_status)) s
 WHERE s <> 'retired';

-- Errors raised by the register's own rules use SQLSTATE class QM: QM003 is bad input
-- (exit 3), QM004 a conflict with the register's state (exit 4). Their messages are written
-- for desk staff and shown as they are.
CREATE FUNCTION device_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id <> OLD.id THEN
            RAISE EXCEPTION 'A device''s internal id cannot change.' USING ERRCODE = 'QM003';
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
            IF NEW.legal_hold AND NEW.status IN ('issued', 'pending_wipe', 'wiped', 'retired') THEN
                RAISE EXCEPTION 'Device % is under legal hold: it cannot be issued, wiped or retired until the hold is released.',
                    OLD.asset_tag USING ERRCODE = 'QM004';
            END IF;
        END IF;
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
        NEW.created_at := OLD.created_at;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER device_guard BEFORE UPDATE ON device
    FOR EACH ROW EXECUTE FUNCTION device_guard();

-- Both SIM slots share one IMEI namespace: every IMEI in use has one row here, so the primary
-- key refuses a second device with it, even between concurrent transactions. Kept by
-- statement-level triggers over transition tables, so a million-row COPY pays one set-based
-- insert rather than a trigger call per row.
CREATE TABLE device_imei (
    imei       text PRIMARY KEY,
    device_id  bigint NOT NULL REFERENCES device (id) ON DELETE CASCADE
);
CREATE INDEX device_imei_device_id_idx ON device_imei (device_id);

CREATE FUNCTION device_imei_claim() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM device_imei i
         USING old_rows o JOIN new_rows n ON n.id = o.id
         WHERE i.device_id = o.id
           AND (o.imei IS DISTINCT FROM n.imei OR o.imei2 IS DISTINCT FROM n.imei2);
        INSERT INTO device_imei (imei, device_id)
        SELECT k, n.id
          FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(ARRAY[n.imei, n.imei2]) k
         WHERE k IS NOT NULL
           AND (o.imei IS DISTINCT FROM n.imei OR o.imei2 IS DISTINCT FROM n.imei2);
    ELSE
        INSERT INTO device_imei (imei, device_id)
        SELECT k, n.id FROM new_rows n, unnest(ARRAY[n.imei, n.imei2]) k WHERE k IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION device_imei_claim() FROM PUBLIC;
CREATE TRIGGER device_imei_insert AFTER INSERT ON device
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION device_imei_claim();
CREATE TRIGGER device_imei_update AFTER UPDATE ON device
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION device_imei_claim();

CREATE FUNCTION person_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
    RETURN NEW;
END
$$;
CREATE TRIGGER person_touch BEFORE UPDATE ON person
    FOR EACH ROW EXECUTE FUNCTION person_touch();

-- Least privilege: viewers read; managers maintain the register. Custody work for agents
-- comes with the custody desk.
REVOKE ALL ON command_unit, device_model, person, device, status_transition, device_imei FROM PUBLIC;
GRANT SELECT ON command_unit, device_model, person, device, status_transition, device_imei TO qm_viewer;
GRANT INSERT, UPDATE ON command_unit, device_model, person, device TO qm_manager;
