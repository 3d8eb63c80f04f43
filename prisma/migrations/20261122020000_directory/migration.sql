-- CreateTable
CREATE TABLE "directory_groups" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "last_assigned" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "directory_members" (
    "group_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_members_pkey" PRIMARY KEY ("group_id","email")
);

-- CreateTable
CREATE TABLE "directory_changes" (
    "id" BIGSERIAL NOT NULL,
    "group_id" UUID NOT NULL,
    "changed_by" TEXT NOT NULL,
    "added" JSONB NOT NULL DEFAULT '[]',
    "removed" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_assignments" (
    "idempotency_key" TEXT NOT NULL,
    "group_id" UUID NOT NULL,
    "strategy" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_assignments_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "directory_groups_kind_name_key" ON "directory_groups"("kind", "name");

-- CreateIndex
CREATE INDEX "directory_members_email_idx" ON "directory_members"("email");

-- CreateIndex
CREATE INDEX "directory_changes_group_id_created_at_idx" ON "directory_changes"("group_id", "created_at");

-- AddForeignKey
ALTER TABLE "directory_members" ADD CONSTRAINT "directory_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "directory_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "directory_changes" ADD CONSTRAINT "directory_changes_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "directory_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_assignments" ADD CONSTRAINT "team_assignments_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "directory_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
