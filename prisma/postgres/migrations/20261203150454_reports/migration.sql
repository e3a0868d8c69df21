-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "conversationId" TEXT;

-- AlterTable
ALTER TABLE "PaymentPromise" ADD COLUMN     "conversationId" TEXT,
ADD COLUMN     "decidedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "nluFallback" BOOLEAN NOT NULL DEFAULT false;

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
CREATE INDEX "Message_createdAt_author_idx" ON "Message"("createdAt", "author");

-- CreateIndex
CREATE INDEX "Handoff_queuedAt_idx" ON "Handoff"("queuedAt");

-- CreateIndex
CREATE INDEX "ContactAttempt_attemptedAt_idx" ON "ContactAttempt"("attemptedAt");
