-- Schema version 13: the receipts the officer signs, and a code that proves a paper receipt
-- matches the register (issue 10).
--
--  * Every receipt carries a verification code: an HMAC-SHA-256 of the receipt's content as the
--    register holds it, keyed with a secret only the register's owner can read. A desk can ask
--    the register for the code of a receipt that exists; nobody can make a code for a receipt
--    the register does not hold, or for content it does not hold (a name, a device or a
--    condition changed on the paper).
--  * Several devices handed to one officer in one sitting go on one receipt: the desk issues
--    the first device, then each further one with desk_issue_more(), in the same transaction.
--  * A loss or theft report now has a receipt number too (it records the incident reference).

-- The key, as the two padded halves HMAC uses (RFC 2104), so computing a code is two SHA-256
-- calls. 256 bits from three random UUIDs (gen_random_uuid() draws on the server's strong
-- random source). It never leaves the database: not audited, not readable by any desk role.
CREATE TABLE qm_internal.receipt_key (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    inner_key  bytea NOT NULL CHECK (length(inner_key) = 64),
    outer_key  bytea NOT NULL CHECK (length(outer_key) = 64),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
REVOKE ALL ON qm_internal.receipt_key FROM PUBLIC;

DO $$
DECLARE
    padded bytea := sha256(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text
                                          || gen_random_uuid()::text, '-', ''), 'hex'))
                    || decode(repeat('00', 32), 'hex');
    inner_key bytea := padded;
    outer_key bytea := padded;
BEGIN
    FOR i IN 0..63 LOOP
        inner_key := set_byte(inner_key, i, get_byte(padded, i) # 54);  -- 0x36
        outer_key := set_byte(outer_key, i, get_byte(padded, i) # 92);  -- 0x5c
    END LOOP;
    INSERT INTO qm_internal.receipt_key (inner_key, outer_key) VALUES (inner_key, outer_key);
END
$$;

-- One sitting's devices share their issue receipt. Only the register's functions write custody
-- rows, and desk_issue_more() adds a row to a receipt only for the same person in the same
-- transaction.
ALTER TABLE custody DROP CONSTRAINT custody_issue_receipt_key;
CREATE INDEX custody_issue_receipt_idx ON custody (issue_receipt);

-- What a receipt is: "issue", "return", "swap", "loss", or NULL when the register has no such
-- receipt.
CREATE FUNCTION receipt_kind(receipt text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM swap s WHERE s.receipt = receipt_kind.receipt) THEN
        RETURN 'swap';
    END IF;
    IF EXISTS (SELECT 1 FROM custody c WHERE c.issue_receipt = receipt_kind.receipt) THEN
        RETURN 'issue';
    END IF;
    RETURN (SELECT CASE WHEN c.closed_as IN ('lost', 'stolen') THEN 'loss' ELSE 'return' END
              FROM custody c WHERE c.return_receipt = receipt_kind.receipt LIMIT 1);
END
$$;

-- The receipt's content in one canonical text, the message the code is made from: the number,
-- the kind, the time to the second (UTC), the officer's staff number, and each device with its
-- hardware identifiers (tag, serial, IMEIs: not the phone number, which changes with a SIM),
-- accessories and condition, in asset-tag order, then the swap's reason or the incident
-- reference. NULL when there is no such receipt.
CREATE FUNCTION receipt_content(receipt text) RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    kind  text := receipt_kind(receipt);
    head  text;
    lines text;
    tail  text := '';
BEGIN
    IF kind IS NULL THEN
        RETURN NULL;
    END IF;
    WITH part AS (
        SELECT CASE WHEN c.issue_receipt = receipt_content.receipt THEN 'out' ELSE 'in' END AS way,
               CASE WHEN c.issue_receipt = receipt_content.receipt THEN c.issued_at ELSE c.returned_at END AS at,
               c.*
          FROM custody c
         WHERE c.issue_receipt = receipt_content.receipt OR c.return_receipt = receipt_content.receipt
    )
    SELECT 'receipt ' || receipt_content.receipt || chr(10) || 'kind ' || kind || chr(10)
               || 'at ' || to_char(min(part.at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || chr(10)
               || 'officer ' || min(p.staff_no) || chr(10),
           string_agg(concat_ws(' ', 'device', part.way, d.asset_tag, d.serial, coalesce(d.imei, '-'),
                                coalesce(d.imei2, '-'),
                                'accessories', array_to_string(part.accessories, '|'),
                                'condition', coalesce(CASE WHEN part.way = 'in' THEN part.return_condition END, '-'),
                                'closed', coalesce(CASE WHEN part.way = 'in' THEN part.closed_as END, '-')),
                      chr(10) ORDER BY part.way DESC, d.asset_tag)
      INTO head, lines
      FROM part JOIN device d ON d.id = part.device_id JOIN person p ON p.id = part.person_id;
    IF kind = 'swap' THEN
        tail := chr(10) || 'reason ' || (SELECT s.reason FROM swap s WHERE s.receipt = receipt_content.receipt);
    ELSIF kind = 'loss' THEN
        tail := chr(10) || 'reference ' || coalesce((SELECT c.return_note FROM custody c
                                                      WHERE c.return_receipt = receipt_content.receipt LIMIT 1), '');
    END IF;
    RETURN head || lines || tail;
END
$$;

-- The receipt's verification code, as printed: twelve hex digits in three groups
-- ("3F2A-09BC-771E"), the first 48 bits of HMAC-SHA-256(key, content). NULL when there is no
-- such receipt. Desks ask for it to print a receipt and to verify a paper one.
CREATE FUNCTION receipt_code(receipt text) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
DECLARE
    content text;
    k       qm_internal.receipt_key%ROWTYPE;
    mac     text;
BEGIN
    PERFORM require_clean_text('Receipt', receipt, 40);
    content := receipt_content(receipt);
    IF content IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO k FROM qm_internal.receipt_key;
    mac := upper(encode(substring(sha256(k.outer_key || sha256(k.inner_key || convert_to(content, 'UTF8'))) FROM 1 FOR 6),
                        'hex'));
    RETURN substr(mac, 1, 4) || '-' || substr(mac, 5, 4) || '-' || substr(mac, 9, 4);
END
$$;
GRANT EXECUTE ON FUNCTION receipt_kind(text), receipt_content(text), receipt_code(text) TO qm_viewer;

-- A further device for the officer on the receipt this transaction's desk_issue() opened: the
-- same checks as desk_issue(), and the receipt must be one this very transaction wrote, for the
-- same person (so no desk can add a device to another sitting's receipt, or to its own later).
CREATE FUNCTION desk_issue_more(receipt text, device_key text, staff_no text, accessories text[] DEFAULT '{}',
                                note text DEFAULT '', override_reason text DEFAULT NULL,
                                expected_version int DEFAULT NULL)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    d      device%ROWTYPE;
    p      person%ROWTYPE;
    holder bigint;
    why    text;
BEGIN
    PERFORM require_role('qm_agent', 'issue devices');
    PERFORM require_clean_text('Receipt', receipt, 40);
    PERFORM require_clean_text('Device', device_key, 100);
    PERFORM require_clean_text('Staff number', staff_no, 40);
    PERFORM require_accessories(accessories);
    PERFORM require_clean_text('Note', note, 1000, true);
    PERFORM require_clean_text('Override reason', override_reason, 500);
    SELECT c.person_id INTO holder FROM custody c
     WHERE c.issue_receipt = desk_issue_more.receipt AND c.xmin = pg_current_xact_id()::xid
       AND NOT EXISTS (SELECT 1 FROM swap s WHERE s.receipt = desk_issue_more.receipt)
     LIMIT 1;
    IF holder IS NULL THEN
        RAISE EXCEPTION 'Receipt % is not this sitting''s: a device joins a receipt only in the same hand-over, right after the first device was issued on it.',
            receipt USING ERRCODE = 'QM004';
    END IF;
    d := lock_device(device_key, expected_version);
    why := not_free_sentence(d);
    IF why IS NOT NULL THEN RAISE EXCEPTION '%.', why USING ERRCODE = 'QM004'; END IF;
    p := open_person(staff_no);
    IF p.id <> holder THEN
        RAISE EXCEPTION 'Receipt % is for someone else; one receipt lists one person''s devices.', receipt
            USING ERRCODE = 'QM004';
    END IF;
    PERFORM custody_open(d, p, receipt, accessories, note, override_reason, false);
    RETURN receipt;
END
$$;
REVOKE ALL ON FUNCTION desk_issue_more(text, text, text, text[], text, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION desk_issue_more(text, text, text, text[], text, text, int) TO qm_agent;

-- A loss or theft report gets a receipt number, like every other hand-over: the officer signs
-- that the device is gone, with the incident reference.
CREATE OR REPLACE FUNCTION desk_report_lost(device_key text, stolen boolean DEFAULT false, reference text DEFAULT '',
                                            expected_version int DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET lock_timeout = '3s' AS $$
DECLARE
    d       device%ROWTYPE;
    c       custody%ROWTYPE;
    next    device_status := CASE WHEN stolen THEN 'stolen' ELSE 'lost' END;
    receipt text;
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
    receipt := new_receipt_no();
    c := custody_close(d, next::text, NULL, receipt, nullif(reference, ''));
    UPDATE device SET status = next WHERE id = d.id;
    INSERT INTO device_event (device_id, kind, from_status, to_status, person_id, receipt, detail)
    VALUES (d.id, 'report ' || next, 'issued', next, c.person_id, receipt,
            CASE WHEN coalesce(reference, '') <> '' THEN 'incident ' || reference ELSE 'no incident reference' END);
    INSERT INTO mdm_command (device_id, action, reason)
    VALUES (d.id, 'remote_lock', 'Reported ' || next::text || coalesce(': ' || nullif(reference, ''), ''))
    RETURNING id INTO command;
    RETURN command;
END
$$;
