-- AlterTable: a person's capacity (most open tasks at once) and an away period.
ALTER TABLE "directory_people" ADD COLUMN "capacity" INTEGER,
ADD COLUMN "away_from" TIMESTAMPTZ(3),
ADD COLUMN "away_until" TIMESTAMPTZ(3);
