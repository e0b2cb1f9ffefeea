CREATE TYPE "public"."import_format" AS ENUM('toggl', 'clockify', 'harvest', 'generic', 'proofwork');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('ready', 'queued', 'running', 'done', 'failed', 'cancelled', 'undone');--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"requested_by_member_id" uuid,
	"file_name" text NOT NULL,
	"file_size" bigint NOT NULL,
	"storage_key" text,
	"detected_format" "import_format" NOT NULL,
	"format" "import_format" NOT NULL,
	"status" "import_status" DEFAULT 'ready' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"analysis" jsonb NOT NULL,
	"mapping" jsonb,
	"report" jsonb,
	"error" text,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	"undone_by_member_id" uuid,
	"file_expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "imports_progress_check" CHECK ("imports"."progress" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "import_row" integer;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "import_key" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "origin_id" uuid;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "origin_source" "entry_source";--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "origin_edited" boolean;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_requested_by_member_id_members_id_fk" FOREIGN KEY ("requested_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_undone_by_member_id_members_id_fk" FOREIGN KEY ("undone_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_organization_id_created_at_idx" ON "imports" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "imports_status_idx" ON "imports" USING btree ("status") WHERE "imports"."status" in ('queued', 'running');--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "time_entries_organization_id_import_key_idx" ON "time_entries" USING btree ("organization_id","import_key") WHERE "time_entries"."import_key" is not null;--> statement-breakpoint
CREATE INDEX "time_entries_deliverable_id_idx" ON "time_entries" USING btree ("deliverable_id") WHERE "time_entries"."deliverable_id" is not null;--> statement-breakpoint
CREATE INDEX "time_entries_import_id_idx" ON "time_entries" USING btree ("import_id") WHERE "time_entries"."import_id" is not null;