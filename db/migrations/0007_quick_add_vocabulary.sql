CREATE TABLE "quick_add_aliases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"phrase" text NOT NULL,
	"phrase_key" text NOT NULL,
	"kind" text NOT NULL,
	"category_id" uuid,
	"brand_id" uuid,
	"platform" "platform",
	"source" text NOT NULL,
	"corrections" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quick_add_aliases_target_check" CHECK (("quick_add_aliases"."kind" = 'category' and "quick_add_aliases"."category_id" is not null and "quick_add_aliases"."brand_id" is null and "quick_add_aliases"."platform" is null)
     or ("quick_add_aliases"."kind" = 'brand' and "quick_add_aliases"."brand_id" is not null and "quick_add_aliases"."category_id" is null and "quick_add_aliases"."platform" is null)
     or ("quick_add_aliases"."kind" = 'platform' and "quick_add_aliases"."platform" is not null and "quick_add_aliases"."category_id" is null and "quick_add_aliases"."brand_id" is null)),
	CONSTRAINT "quick_add_aliases_source_check" CHECK ("quick_add_aliases"."source" in ('learned', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "quick_add_corrections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"member_id" uuid,
	"phrase" text NOT NULL,
	"phrase_key" text NOT NULL,
	"kind" text NOT NULL,
	"category_id" uuid,
	"brand_id" uuid,
	"platform" "platform",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quick_add_corrections_target_check" CHECK (("quick_add_corrections"."kind" = 'category' and "quick_add_corrections"."category_id" is not null and "quick_add_corrections"."brand_id" is null and "quick_add_corrections"."platform" is null)
     or ("quick_add_corrections"."kind" = 'brand' and "quick_add_corrections"."brand_id" is not null and "quick_add_corrections"."category_id" is null and "quick_add_corrections"."platform" is null)
     or ("quick_add_corrections"."kind" = 'platform' and "quick_add_corrections"."platform" is not null and "quick_add_corrections"."category_id" is null and "quick_add_corrections"."brand_id" is null))
);
--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "aliases" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "brands" ADD COLUMN "proposed_by_member_id" uuid;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "alias_learn_threshold" smallint DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "quick_add_aliases" ADD CONSTRAINT "quick_add_aliases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_aliases" ADD CONSTRAINT "quick_add_aliases_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_aliases" ADD CONSTRAINT "quick_add_aliases_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_corrections" ADD CONSTRAINT "quick_add_corrections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_corrections" ADD CONSTRAINT "quick_add_corrections_entry_id_time_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."time_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_corrections" ADD CONSTRAINT "quick_add_corrections_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_corrections" ADD CONSTRAINT "quick_add_corrections_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_add_corrections" ADD CONSTRAINT "quick_add_corrections_brand_id_brands_id_fk" FOREIGN KEY ("brand_id") REFERENCES "public"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quick_add_aliases_organization_id_kind_phrase_key_idx" ON "quick_add_aliases" USING btree ("organization_id","kind","phrase_key");--> statement-breakpoint
CREATE UNIQUE INDEX "quick_add_corrections_entry_id_kind_phrase_key_idx" ON "quick_add_corrections" USING btree ("entry_id","kind","phrase_key");--> statement-breakpoint
CREATE INDEX "quick_add_corrections_organization_id_kind_phrase_key_idx" ON "quick_add_corrections" USING btree ("organization_id","kind","phrase_key");--> statement-breakpoint
ALTER TABLE "brands" ADD CONSTRAINT "brands_proposed_by_member_id_members_id_fk" FOREIGN KEY ("proposed_by_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_alias_learn_threshold_check" CHECK ("organizations"."alias_learn_threshold" between 0 and 20);