-- AlterTable
ALTER TABLE "ContactAttempt" ADD COLUMN "providerMessageId" TEXT;
ALTER TABLE "ContactAttempt" ADD COLUMN "statusAt" DATETIME;

-- CreateIndex
CREATE INDEX "ContactAttempt_providerMessageId_idx" ON "ContactAttempt"("providerMessageId");
