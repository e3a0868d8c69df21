-- CreateTable
CREATE TABLE "OutboundJob" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "debtorId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "aboutDateIso" TEXT NOT NULL,
    "forDateIso" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ContactAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobKey" TEXT NOT NULL,
    "debtorId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "rulesVersion" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "localDateIso" TEXT NOT NULL,
    "attemptedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboundPause" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "debtorId" TEXT,
    "pausedAt" DATETIME NOT NULL,
    "pausedBy" TEXT
);

-- CreateIndex
CREATE INDEX "OutboundJob_status_dueAt_idx" ON "OutboundJob"("status", "dueAt");

-- CreateIndex
CREATE INDEX "OutboundJob_debtorId_idx" ON "OutboundJob"("debtorId");

-- CreateIndex
CREATE INDEX "ContactAttempt_debtorId_attemptedAt_idx" ON "ContactAttempt"("debtorId", "attemptedAt");

-- CreateIndex
CREATE INDEX "ContactAttempt_jobKey_idx" ON "ContactAttempt"("jobKey");
