CREATE TABLE "notification_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"member_id" uuid,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"at_minutes" smallint,
	"after_hours" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_settings_organization_id_member_id_kind_key" UNIQUE NULLS NOT DISTINCT("organization_id","member_id","kind"),
	CONSTRAINT "notification_settings_at_minutes_check" CHECK ("notification_settings"."at_minutes" between 0 and 1439),
	CONSTRAINT "notification_settings_after_hours_check" CHECK ("notification_settings"."after_hours" between 1 and 24)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"mail_status" text DEFAULT 'pending' NOT NULL,
	"mail_attempts" smallint DEFAULT 0 NOT NULL,
	"mail_claimed_at" timestamp with time zone,
	"mailed_at" timestamp with time zone,
	"unsubscribe_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_member_id_kind_dedupe_key_idx" ON "notifications" USING btree ("member_id","kind","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_organization_id_member_id_created_at_idx" ON "notifications" USING btree ("organization_id","member_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_mail_status_idx" ON "notifications" USING btree ("mail_status") WHERE "notifications"."mail_status" in ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_unsubscribe_token_hash_idx" ON "notifications" USING btree ("unsubscribe_token_hash");