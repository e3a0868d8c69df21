-- DropIndex
DROP INDEX "Message_createdAt_author_idx";

-- DropIndex
DROP INDEX "ContactAttempt_attemptedAt_idx";

-- CreateIndex
CREATE INDEX "Message_conversationId_author_createdAt_nluFallback_idx" ON "Message"("conversationId", "author", "createdAt", "nluFallback");

-- CreateIndex
CREATE INDEX "Message_author_createdAt_conversationId_nluFallback_idx" ON "Message"("author", "createdAt", "conversationId", "nluFallback");

-- CreateIndex
CREATE INDEX "ContactAttempt_attemptedAt_kind_outcome_idx" ON "ContactAttempt"("attemptedAt", "kind", "outcome");
