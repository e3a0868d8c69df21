-- CreateTable
CREATE TABLE "ChannelAuthEntry" (
    "namespace" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelAuthEntry_pkey" PRIMARY KEY ("namespace","key")
);
