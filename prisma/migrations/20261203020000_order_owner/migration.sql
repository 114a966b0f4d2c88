-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "owner_hash" TEXT;
