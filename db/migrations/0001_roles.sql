-- The group roles of DESIGN.md §5. Roles belong to the whole cluster, so each is created only
-- when missing. None can log in; each desk user's own login is made a member of one of them.
-- Higher roles include the lower ones: viewer ⊂ agent ⊂ manager ⊂ approver ⊂ admin.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['qm_viewer', 'qm_agent', 'qm_manager', 'qm_approver', 'qm_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT', r);
        END IF;
    END LOOP;
END
$$;

GRANT qm_viewer TO qm_agent;
GRANT qm_agent TO qm_manager;
GRANT qm_manager TO qm_approver;
GRANT qm_approver TO qm_admin;

-- Nothing for PUBLIC: a login that is in no qm_ role sees nothing of the register.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO qm_viewer;
GRANT SELECT ON schema_migrations TO qm_viewer;
