using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planwerk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetiredSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RetiredSecrets",
                table: "Webhooks",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "[]");

            // The secret of a rotation still in its overlap keeps signing until its end, as before.
            migrationBuilder.Sql("""
                UPDATE "Webhooks" SET "RetiredSecrets" = '[{"Secret":"' || "PreviousSecret" || '","Until":"' || strftime('%Y-%m-%dT%H:%M:%SZ', "PreviousSecretExpiresAt") || '"}]' WHERE "PreviousSecret" IS NOT NULL AND "PreviousSecretExpiresAt" IS NOT NULL
                """);

            // SQLite (3.35+) drops a column in place; EF's DropColumn would rebuild the table with
            // PRAGMA foreign_keys = 0, which cannot run inside the migration's transaction.
            migrationBuilder.Sql("""ALTER TABLE "Webhooks" DROP COLUMN "PreviousSecret";""");
            migrationBuilder.Sql("""ALTER TABLE "Webhooks" DROP COLUMN "PreviousSecretExpiresAt";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RetiredSecrets",
                table: "Webhooks");

            migrationBuilder.AddColumn<string>(
                name: "PreviousSecret",
                table: "Webhooks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PreviousSecretExpiresAt",
                table: "Webhooks",
                type: "TEXT",
                nullable: true);
        }
    }
}
