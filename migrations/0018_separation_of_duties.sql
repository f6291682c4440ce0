ALTER TABLE "users" ADD COLUMN "staff_since" timestamp with time zone;--> statement-breakpoint
-- Accounts that are staff already count as staff since they were created.
UPDATE "users" SET "staff_since" = "created_at" WHERE 'staff' = ANY ("roles");--> statement-breakpoint
-- Kept by the database, so no code path (admin page, CLI, SQL) can grant staff without it moving.
CREATE FUNCTION users_staff_since() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT ('staff' = ANY (NEW.roles)) THEN
		NEW.staff_since := NULL;
	ELSIF TG_OP = 'INSERT' THEN
		NEW.staff_since := now();
	ELSIF NOT ('staff' = ANY (OLD.roles)) THEN
		NEW.staff_since := now();
	ELSE
		NEW.staff_since := OLD.staff_since;
	END IF;
	RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER users_staff_since BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_staff_since();
