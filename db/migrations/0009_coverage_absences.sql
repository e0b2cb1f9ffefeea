CREATE TYPE "public"."absence_kind" AS ENUM('holiday', 'sick', 'training', 'unpaid', 'other');--> statement-breakpoint
CREATE TABLE "absences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	"kind" "absence_kind" NOT NULL,
	"half_day" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by_member_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "absences_note_check" CHECK (length("absences"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "public_holidays" (
	"organization_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "public_holidays_pk" PRIMARY KEY("organization_id","local_date")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "tracks_time" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "holiday_country" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "holiday_region" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "coverage_threshold_percent" smallint DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absences" ADD CONSTRAINT "absences_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_holidays" ADD CONSTRAINT "public_holidays_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "absences_member_id_local_date_idx" ON "absences" USING btree ("member_id","local_date");--> statement-breakpoint
CREATE INDEX "absences_organization_id_local_date_idx" ON "absences" USING btree ("organization_id","local_date");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_coverage_threshold_check" CHECK ("organizations"."coverage_threshold_percent" between 1 and 100);