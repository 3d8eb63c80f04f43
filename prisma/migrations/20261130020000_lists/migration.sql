-- AlterTable
ALTER TABLE "work_items" ADD COLUMN "closed_at" TIMESTAMPTZ(3);

-- Items closed before the column existed: the time of their work_item.closed event.
UPDATE "work_items" AS w SET "closed_at" = e."created_at"
FROM "audit_events" AS e
WHERE e."work_item_id" = w."id" AND e."action" = 'work_item.closed';

-- CreateIndex
CREATE INDEX "work_items_created_at_id_idx" ON "work_items"("created_at", "id");
