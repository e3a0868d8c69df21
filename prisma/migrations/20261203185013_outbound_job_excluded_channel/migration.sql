-- AlterTable
ALTER TABLE "OutboundJob" ADD COLUMN "excludedChannel" TEXT;
