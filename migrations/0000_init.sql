CREATE TABLE "city" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Tokyo' NOT NULL,
	"currency" text DEFAULT 'JPY' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "city_single_row" CHECK ("city"."id" = 1),
	CONSTRAINT "city_currency_iso4217" CHECK ("city"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name_ja" text NOT NULL,
	"name_en" text NOT NULL,
	"city_wide" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "districts_slug_unique" UNIQUE("slug"),
	CONSTRAINT "districts_slug_format" CHECK ("districts"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
