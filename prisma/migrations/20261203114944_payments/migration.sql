-- AlterTable
ALTER TABLE "PaymentClaim" ADD COLUMN "matchedPaymentId" TEXT;

-- CreateTable
CREATE TABLE "PaymentApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paymentId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "agreementId" TEXT,
    "sequence" INTEGER,
    "amountMinor" BIGINT NOT NULL,
    CONSTRAINT "PaymentApplication_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaymentLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "agreementId" TEXT,
    "promiseId" TEXT,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerRef" TEXT,
    "url" TEXT,
    "conversationId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PaymentLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnmatchedPayment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "paidOnIso" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "matchedPaymentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "externalRef" TEXT NOT NULL,
    "debtorId" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "originalAmountMinor" BIGINT NOT NULL,
    "balanceMinor" BIGINT NOT NULL,
    "dueDateIso" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "activeAgreementId" TEXT,
    "creditMinor" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_debtorId_fkey" FOREIGN KEY ("debtorId") REFERENCES "Debtor" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("activeAgreementId", "balanceMinor", "createdAt", "currency", "debtorId", "dueDateIso", "externalRef", "id", "originalAmountMinor", "product", "status", "updatedAt") SELECT "activeAgreementId", "balanceMinor", "createdAt", "currency", "debtorId", "dueDateIso", "externalRef", "id", "originalAmountMinor", "product", "status", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE UNIQUE INDEX "Account_externalRef_key" ON "Account"("externalRef");
CREATE UNIQUE INDEX "Account_activeAgreementId_key" ON "Account"("activeAgreementId");
CREATE INDEX "Account_debtorId_idx" ON "Account"("debtorId");
CREATE TABLE "new_Agreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "debtorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "currency" TEXT NOT NULL,
    "balanceMinor" BIGINT NOT NULL,
    "agreedAmountMinor" BIGINT NOT NULL,
    "discountMinor" BIGINT NOT NULL,
    "downPaymentMinor" BIGINT NOT NULL,
    "downPaymentDueIso" TEXT,
    "lumpSumPaidMinor" BIGINT NOT NULL DEFAULT 0,
    "installmentCount" INTEGER NOT NULL,
    "createdByType" TEXT NOT NULL,
    "createdById" TEXT,
    "policyException" BOOLEAN NOT NULL DEFAULT false,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Agreement_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Agreement_debtorId_fkey" FOREIGN KEY ("debtorId") REFERENCES "Debtor" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Agreement" ("accountId", "agreedAmountMinor", "balanceMinor", "createdAt", "createdById", "createdByType", "currency", "debtorId", "discountMinor", "downPaymentDueIso", "downPaymentMinor", "id", "idempotencyKey", "installmentCount", "kind", "policyException", "requestHash", "status", "updatedAt") SELECT "accountId", "agreedAmountMinor", "balanceMinor", "createdAt", "createdById", "createdByType", "currency", "debtorId", "discountMinor", "downPaymentDueIso", "downPaymentMinor", "id", "idempotencyKey", "installmentCount", "kind", "policyException", "requestHash", "status", "updatedAt" FROM "Agreement";
DROP TABLE "Agreement";
ALTER TABLE "new_Agreement" RENAME TO "Agreement";
CREATE UNIQUE INDEX "Agreement_idempotencyKey_key" ON "Agreement"("idempotencyKey");
CREATE INDEX "Agreement_accountId_idx" ON "Agreement"("accountId");
CREATE INDEX "Agreement_debtorId_idx" ON "Agreement"("debtorId");
CREATE TABLE "new_Installment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "dueDateIso" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "paidMinor" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    CONSTRAINT "Installment_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Installment" ("agreementId", "amountMinor", "dueDateIso", "id", "sequence", "status") SELECT "agreementId", "amountMinor", "dueDateIso", "id", "sequence", "status" FROM "Installment";
DROP TABLE "Installment";
ALTER TABLE "new_Installment" RENAME TO "Installment";
CREATE UNIQUE INDEX "Installment_agreementId_sequence_key" ON "Installment"("agreementId", "sequence");
CREATE TABLE "new_Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "paidOnIso" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'payment',
    "reversesPaymentId" TEXT,
    "reversedAt" DATETIME,
    "providerPaymentId" TEXT,
    "linkId" TEXT,
    "creditMinor" BIGINT NOT NULL DEFAULT 0,
    "receiptAt" DATETIME,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Payment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Payment" ("accountId", "amountMinor", "createdAt", "currency", "id", "idempotencyKey", "paidOnIso", "requestHash", "source") SELECT "accountId", "amountMinor", "createdAt", "currency", "id", "idempotencyKey", "paidOnIso", "requestHash", "source" FROM "Payment";
DROP TABLE "Payment";
ALTER TABLE "new_Payment" RENAME TO "Payment";
CREATE UNIQUE INDEX "Payment_reversesPaymentId_key" ON "Payment"("reversesPaymentId");
CREATE UNIQUE INDEX "Payment_idempotencyKey_key" ON "Payment"("idempotencyKey");
CREATE INDEX "Payment_accountId_idx" ON "Payment"("accountId");
CREATE INDEX "Payment_providerPaymentId_idx" ON "Payment"("providerPaymentId");
CREATE INDEX "Payment_receiptAt_createdAt_idx" ON "Payment"("receiptAt", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PaymentApplication_paymentId_idx" ON "PaymentApplication"("paymentId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentLink_reference_key" ON "PaymentLink"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentLink_idempotencyKey_key" ON "PaymentLink"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PaymentLink_accountId_idx" ON "PaymentLink"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "UnmatchedPayment_externalId_key" ON "UnmatchedPayment"("externalId");

-- CreateIndex
CREATE INDEX "UnmatchedPayment_status_idx" ON "UnmatchedPayment"("status");
