-- Modify "coops" table
ALTER TABLE "coops" ADD COLUMN "public_profile" boolean NOT NULL DEFAULT false, ADD COLUMN "public_services" character varying NULL, ADD COLUMN "public_contact_email" character varying NULL, ADD COLUMN "public_website" character varying NULL;
-- Modify "networks" table
ALTER TABLE "networks" ADD COLUMN "public_directory" boolean NOT NULL DEFAULT false;
-- Modify "persons" table
ALTER TABLE "persons" ADD COLUMN "public_name" boolean NOT NULL DEFAULT false, ADD COLUMN "public_city" boolean NOT NULL DEFAULT false, ADD COLUMN "public_skills" boolean NOT NULL DEFAULT false, ADD COLUMN "public_availability" boolean NOT NULL DEFAULT false, ADD COLUMN "public_coops" boolean NOT NULL DEFAULT false;
