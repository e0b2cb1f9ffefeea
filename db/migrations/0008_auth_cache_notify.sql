-- Every API process keeps sessions and memberships in memory for a few seconds; a change to any
-- of them, whoever makes it (sign-out, a revoked session, a new password, a role changed, a member
-- removed, organization settings), tells every process at commit to forget what it holds.
CREATE FUNCTION proofwork_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('proofwork_auth_changed', 'u:' || OLD.user_id);
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('proofwork_auth_changed', 'u:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'members' THEN
    PERFORM pg_notify('proofwork_auth_changed', 'm:' || OLD.organization_id || ':' || OLD.user_id);
  ELSIF TG_TABLE_NAME = 'organizations' THEN
    PERFORM pg_notify('proofwork_auth_changed', 'o:' || OLD.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION proofwork_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION proofwork_auth_changed();
--> statement-breakpoint
CREATE TRIGGER members_auth_changed AFTER UPDATE OR DELETE ON members FOR EACH ROW EXECUTE FUNCTION proofwork_auth_changed();
--> statement-breakpoint
CREATE TRIGGER organizations_auth_changed AFTER UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION proofwork_auth_changed();
