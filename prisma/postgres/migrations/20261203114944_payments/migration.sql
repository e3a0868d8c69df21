-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "creditMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Agreement" ADD COLUMN     "lumpSumPaidMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Installment" ADD COLUMN     "paidMinor" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "creditMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'payment',
ADD COLUMN     "linkId" TEXT,
ADD COLUMN     "providerPaymentId" TEXT,
ADD COLUMN     "receiptAt" TIMESTAMP(3),
ADD COLUMN     "reversedAt" TIMESTAMP(3),
ADD COLUMN     "reversesPaymentId" TEXT;

-- AlterTable
ALTER TABLE "PaymentClaim" ADD COLUMN     "matchedPaymentId" TEXT;

-- CreateTable
CREATE TABLE "PaymentApplication" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "agreementId" TEXT,
    "sequence" INTEGER,
    "amountMinor" BIGINT NOT NULL,

    CONSTRAINT "PaymentApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentLink" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnmatchedPayment" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "paidOnIso" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "matchedPaymentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnmatchedPayment_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE UNIQUE INDEX "Payment_reversesPaymentId_key" ON "Payment"("reversesPaymentId");

-- CreateIndex
CREATE INDEX "Payment_providerPaymentId_idx" ON "Payment"("providerPaymentId");

-- CreateIndex
CREATE INDEX "Payment_receiptAt_createdAt_idx" ON "Payment"("receiptAt", "createdAt");

-- AddForeignKey
ALTER TABLE "PaymentApplication" ADD CONSTRAINT "PaymentApplication_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentLink" ADD CONSTRAINT "PaymentLink_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
