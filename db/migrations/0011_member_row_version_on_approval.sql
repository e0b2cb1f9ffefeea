-- A new entry is written by one statement that takes the member's lock itself (insertEntryAtOnce).
-- Its checks read the statement's snapshot, taken before the lock was granted, so anything they
-- must not miss that commits under the member's lock gives the member's row a new version: the
-- statement compares the version it locked with the one its snapshot holds and, when they differ,
-- writes nothing and the general path (lock first, then read) decides. A member removed or moved to
-- another zone already updates the row; a week approved does it here.
CREATE FUNCTION proofwork_week_approved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE members SET time_zone = time_zone WHERE id = NEW.member_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER week_approvals_member_version AFTER INSERT OR UPDATE OF status ON week_approvals FOR EACH ROW
  WHEN (NEW.status = 'approved') EXECUTE FUNCTION proofwork_week_approved();
--> statement-breakpoint
-- That update changes nothing a session cache holds: tell the API processes only of real changes.
DROP TRIGGER members_auth_changed ON members;
--> statement-breakpoint
CREATE TRIGGER members_auth_changed AFTER UPDATE ON members FOR EACH ROW
  WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION proofwork_auth_changed();
--> statement-breakpoint
CREATE TRIGGER members_auth_removed AFTER DELETE ON members FOR EACH ROW EXECUTE FUNCTION proofwork_auth_changed();
