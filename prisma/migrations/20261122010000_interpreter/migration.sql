-- AlterEnum
ALTER TYPE "task_kind" ADD VALUE 'handoff';

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "work_item_id" UUID NOT NULL,
    "step_path" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'message',
    "channel" TEXT NOT NULL DEFAULT 'in_app',
    "recipient" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_idempotency_key_key" ON "notifications"("idempotency_key");

-- CreateIndex
CREATE INDEX "notifications_status_created_at_idx" ON "notifications"("status", "created_at");

-- CreateIndex
CREATE INDEX "notifications_work_item_id_idx" ON "notifications"("work_item_id");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_work_item_id_fkey" FOREIGN KEY ("work_item_id") REFERENCES "work_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
