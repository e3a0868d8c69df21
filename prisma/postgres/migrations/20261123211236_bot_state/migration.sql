-- CreateTable
CREATE TABLE "BotState" (
    "key" TEXT NOT NULL,
    "eTag" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BotState_pkey" PRIMARY KEY ("key")
);
