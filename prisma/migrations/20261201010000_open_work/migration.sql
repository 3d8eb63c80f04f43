-- Insights over 100,000s of rows: the at-risk list and the watcher read the open tasks with a
-- due time, and the open work items.
CREATE INDEX "tasks_status_due_at_idx" ON "tasks"("status", "due_at");
CREATE INDEX "work_items_closed_at_idx" ON "work_items"("closed_at");
