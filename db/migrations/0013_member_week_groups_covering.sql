-- The team overview reads a range of member_week_groups by (organization, week) and sums its
-- figures: the index now carries them, so the read never visits the table (an index-only scan).
-- Same name and key as before; drizzle's index builder has no INCLUDE, so it is written here.
DROP INDEX IF EXISTS "member_week_groups_organization_id_week_start_idx";--> statement-breakpoint
CREATE INDEX "member_week_groups_organization_id_week_start_idx" ON "member_week_groups" USING btree ("organization_id","week_start") INCLUDE ("member_id","category_group","seconds","after_hours_seconds","weekend_seconds");
