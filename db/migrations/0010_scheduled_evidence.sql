CREATE TABLE "evidence_schedule_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"schedule_id" uuid NOT NULL,
	"period" text NOT NULL,
	"recipient" text NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"share_link_id" uuid,
	"unsubscribe_token_hash" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_member_id" uuid,
	"cadence" text NOT NULL,
	"recipients" text[] NOT NULL,
	"locale" "locale" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_period" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_schedules_cadence_check" CHECK ("evidence_schedules"."cadence" in ('monthly', 'quarterly'))
);
--> statement-breakpoint
ALTER TABLE "evidence_schedule_sends" ADD CONSTRAINT "evidence_schedule_sends_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_schedule_sends" ADD CONSTRAINT "evidence_schedule_sends_schedule_id_evidence_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."evidence_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_schedule_sends" ADD CONSTRAINT "evidence_schedule_sends_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_schedules" ADD CONSTRAINT "evidence_schedules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_schedules" ADD CONSTRAINT "evidence_schedules_created_by_member_id_members_id_fk" FOREIGN KEY ("created_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_schedule_sends_once_idx" ON "evidence_schedule_sends" USING btree ("schedule_id","period","recipient");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_schedule_sends_unsubscribe_idx" ON "evidence_schedule_sends" USING btree ("unsubscribe_token_hash");--> statement-breakpoint
CREATE INDEX "evidence_schedule_sends_organization_id_idx" ON "evidence_schedule_sends" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "evidence_schedules_organization_id_idx" ON "evidence_schedules" USING btree ("organization_id");