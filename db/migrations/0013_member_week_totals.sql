CREATE TABLE "member_week_totals" (
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"seconds" bigint NOT NULL,
	"after_hours_seconds" bigint NOT NULL,
	"weekend_seconds" bigint NOT NULL,
	"content_seconds" bigint,
	"community_seconds" bigint,
	"insight_seconds" bigint,
	"growth_seconds" bigint,
	"coordination_seconds" bigint,
	CONSTRAINT "member_week_totals_pk" PRIMARY KEY("member_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "member_week_totals" ADD CONSTRAINT "member_week_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_week_totals" ADD CONSTRAINT "member_week_totals_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The index carries every figure (drizzle's index builder has no INCLUDE): the reads are index-only.
CREATE INDEX "member_week_totals_organization_id_week_start_idx" ON "member_week_totals" USING btree ("organization_id","week_start") INCLUDE ("member_id","seconds","after_hours_seconds","weekend_seconds","content_seconds","community_seconds","insight_seconds","growth_seconds","coordination_seconds");--> statement-breakpoint
-- Existing groups summed and pivoted, as weekTotalsSql does (rollups.ts).
INSERT INTO "member_week_totals" SELECT "organization_id", "member_id", "week_start",
  sum("seconds"), sum("after_hours_seconds"), sum("weekend_seconds"),
  sum("seconds") FILTER (WHERE "category_group" = 'content'), sum("seconds") FILTER (WHERE "category_group" = 'community'),
  sum("seconds") FILTER (WHERE "category_group" = 'insight'), sum("seconds") FILTER (WHERE "category_group" = 'growth'),
  sum("seconds") FILTER (WHERE "category_group" = 'coordination')
FROM "member_week_groups" GROUP BY 1, 2, 3;