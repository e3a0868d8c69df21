-- AlterTable
ALTER TABLE "ContactAttempt" ADD COLUMN     "providerMessageId" TEXT,
ADD COLUMN     "statusAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "ContactAttempt_providerMessageId_idx" ON "ContactAttempt"("providerMessageId");
