-- CreateTable
CREATE TABLE "OutboundJob" (
    "key" TEXT NOT NULL,
    "debtorId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "aboutDateIso" TEXT NOT NULL,
    "forDateIso" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboundJob_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ContactAttempt" (
    "id" TEXT NOT NULL,
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
    "attemptedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundPause" (
    "scope" TEXT NOT NULL,
    "debtorId" TEXT,
    "pausedAt" TIMESTAMP(3) NOT NULL,
    "pausedBy" TEXT,

    CONSTRAINT "OutboundPause_pkey" PRIMARY KEY ("scope")
);

-- CreateIndex
CREATE INDEX "OutboundJob_status_dueAt_idx" ON "OutboundJob"("status", "dueAt");

-- CreateIndex
CREATE INDEX "OutboundJob_debtorId_idx" ON "OutboundJob"("debtorId");

-- CreateIndex
CREATE INDEX "ContactAttempt_debtorId_attemptedAt_idx" ON "ContactAttempt"("debtorId", "attemptedAt");

-- CreateIndex
CREATE INDEX "ContactAttempt_jobKey_idx" ON "ContactAttempt"("jobKey");
