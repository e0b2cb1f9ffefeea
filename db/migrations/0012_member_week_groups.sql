CREATE TABLE "member_week_groups" (
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"week_start" date NOT NULL,
	"category_group" text NOT NULL,
	"seconds" bigint NOT NULL,
	"entry_count" integer NOT NULL,
	"after_hours_seconds" bigint NOT NULL,
	"weekend_seconds" bigint NOT NULL,
	CONSTRAINT "member_week_groups_pk" PRIMARY KEY("member_id","week_start","category_group")
);
--> statement-breakpoint
ALTER TABLE "member_week_groups" ADD CONSTRAINT "member_week_groups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_week_groups" ADD CONSTRAINT "member_week_groups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_week_groups_organization_id_week_start_idx" ON "member_week_groups" USING btree ("organization_id","week_start");--> statement-breakpoint
-- Existing rollups summed per category group, as weeklyGroupsSql sums them (rollups.ts).
INSERT INTO "member_week_groups" ("organization_id", "member_id", "week_start", "category_group", "seconds", "entry_count", "after_hours_seconds", "weekend_seconds")
SELECT r."organization_id", r."member_id", r."week_start", c."group", sum(r."seconds"), sum(r."entry_count"), sum(r."after_hours_seconds"), sum(r."weekend_seconds")
FROM "weekly_rollups" r JOIN "categories" c ON c."id" = r."category_id"
GROUP BY 1, 2, 3, 4;
