-- The watcher's flags, newest first (GET /insights/flags): audit events by action and time.
CREATE INDEX "audit_events_action_created_at_idx" ON "audit_events"("action", "created_at");
