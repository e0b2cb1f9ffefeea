ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_category_id_categories_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_brand_id_brands_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_deliverable_id_deliverables_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_created_by_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entries" DROP CONSTRAINT "time_entries_import_id_imports_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entry_events" DROP CONSTRAINT "time_entry_events_organization_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entry_events" DROP CONSTRAINT "time_entry_events_time_entry_id_time_entries_id_fk";
--> statement-breakpoint
ALTER TABLE "time_entry_events" DROP CONSTRAINT "time_entry_events_actor_member_id_members_id_fk";
--> statement-breakpoint
-- Time entries and their events carry no foreign keys (each check cost about as much as the row's
-- own insert). Their references are checked by the rules under the member's lock; the other side
-- is kept here, where it costs nothing per entry written.
-- A row that an entry (or an entry's event) names is never deleted while its organization exists:
-- categories and brands are archived, members removed, imports undone. The organization's own
-- deletion passes (its entries go in the same statement, see below).
CREATE FUNCTION proofwork_keep_entry_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target text;
  named boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = OLD.organization_id) THEN
    RETURN OLD;
  END IF;
  FOREACH target IN ARRAY TG_ARGV LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE organization_id = $1 AND %I = $2)',
                   split_part(target, '.', 1), split_part(target, '.', 2))
      INTO named USING OLD.organization_id, OLD.id;
    IF named THEN
      RAISE EXCEPTION '% % is named by %', TG_TABLE_NAME, OLD.id, target
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
    END IF;
  END LOOP;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER members_keep_entry_reference BEFORE DELETE ON members FOR EACH ROW
  EXECUTE FUNCTION proofwork_keep_entry_reference('time_entries.member_id', 'time_entries.created_by_member_id',
                                                  'time_entry_events.actor_member_id');
--> statement-breakpoint
CREATE TRIGGER categories_keep_entry_reference BEFORE DELETE ON categories FOR EACH ROW
  EXECUTE FUNCTION proofwork_keep_entry_reference('time_entries.category_id');
--> statement-breakpoint
CREATE TRIGGER brands_keep_entry_reference BEFORE DELETE ON brands FOR EACH ROW
  EXECUTE FUNCTION proofwork_keep_entry_reference('time_entries.brand_id');
--> statement-breakpoint
CREATE TRIGGER deliverables_keep_entry_reference BEFORE DELETE ON deliverables FOR EACH ROW
  EXECUTE FUNCTION proofwork_keep_entry_reference('time_entries.deliverable_id');
--> statement-breakpoint
CREATE TRIGGER imports_keep_entry_reference BEFORE DELETE ON imports FOR EACH ROW
  EXECUTE FUNCTION proofwork_keep_entry_reference('time_entries.import_id');
--> statement-breakpoint
-- What the cascades did: an organization's deletion deletes its entries, an entry's its events
-- (once per statement, from the deleted rows).
CREATE FUNCTION proofwork_delete_organization_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM time_entries e USING gone g WHERE e.organization_id = g.id;
  DELETE FROM time_entry_events v USING gone g WHERE v.organization_id = g.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_delete_entries AFTER DELETE ON organizations REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION proofwork_delete_organization_entries();
--> statement-breakpoint
CREATE FUNCTION proofwork_delete_entry_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM time_entry_events v USING gone g
  WHERE v.organization_id = g.organization_id AND v.time_entry_id = g.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER time_entries_delete_events AFTER DELETE ON time_entries REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION proofwork_delete_entry_events();
