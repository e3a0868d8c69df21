-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN "conversationId" TEXT;

-- AlterTable
ALTER TABLE "PaymentPromise" ADD COLUMN "conversationId" TEXT;
ALTER TABLE "PaymentPromise" ADD COLUMN "decidedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "agentId" TEXT,
    "text" TEXT NOT NULL,
    "activityId" TEXT,
    "nluFallback" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Message" ("activityId", "agentId", "author", "conversationId", "createdAt", "direction", "id", "text") SELECT "activityId", "agentId", "author", "conversationId", "createdAt", "direction", "id", "text" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");
CREATE INDEX "Message_createdAt_author_idx" ON "Message"("createdAt", "author");
CREATE UNIQUE INDEX "Message_conversationId_activityId_key" ON "Message"("conversationId", "activityId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Agreement_createdAt_idx" ON "Agreement"("createdAt");

-- CreateIndex
CREATE INDEX "Agreement_conversationId_idx" ON "Agreement"("conversationId");

-- CreateIndex
CREATE INDEX "PaymentPromise_createdAt_idx" ON "PaymentPromise"("createdAt");

-- CreateIndex
CREATE INDEX "PaymentPromise_decidedAt_idx" ON "PaymentPromise"("decidedAt");

-- CreateIndex
CREATE INDEX "PaymentPromise_conversationId_idx" ON "PaymentPromise"("conversationId");

-- CreateIndex
CREATE INDEX "Payment_paidOnIso_idx" ON "Payment"("paidOnIso");

-- CreateIndex
CREATE INDEX "PaymentLink_conversationId_idx" ON "PaymentLink"("conversationId");

-- CreateIndex
CREATE INDEX "ContactPreference_optedOutAt_idx" ON "ContactPreference"("optedOutAt");

-- CreateIndex
CREATE INDEX "Handoff_queuedAt_idx" ON "Handoff"("queuedAt");

-- CreateIndex
CREATE INDEX "ContactAttempt_attemptedAt_idx" ON "ContactAttempt"("attemptedAt");
