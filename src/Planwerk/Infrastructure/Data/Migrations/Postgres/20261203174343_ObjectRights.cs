using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planwerk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ObjectRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Teams_CloudId_Name",
                table: "Teams");

            migrationBuilder.CreateTable(
                name: "ObjectRights",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CloudId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReferenceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uuid", nullable: true),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    CanEdit = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ObjectRights", x => x.Id);
                    table.CheckConstraint("CK_ObjectRights_OneHolder", "(\"EmployeeId\" IS NULL) <> (\"TeamId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_ObjectRights_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ObjectRights_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Team names become unique per cloud: a duplicate made by a race before this index gets its id's start appended.
            migrationBuilder.Sql("""
                UPDATE "Teams" AS t SET "Name" = left(t."Name", 80) || ' (' || left(t."Id"::text, 8) || ')' WHERE EXISTS (SELECT 1 FROM "Teams" AS o WHERE o."CloudId" = t."CloudId" AND o."Name" = t."Name" AND o."Id" < t."Id")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Teams_CloudId_Name",
                table: "Teams",
                columns: new[] { "CloudId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObjectRights_CloudId",
                table: "ObjectRights",
                column: "CloudId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectRights_CloudId_ReferenceId_EmployeeId",
                table: "ObjectRights",
                columns: new[] { "CloudId", "ReferenceId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObjectRights_CloudId_ReferenceId_TeamId",
                table: "ObjectRights",
                columns: new[] { "CloudId", "ReferenceId", "TeamId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ObjectRights_EmployeeId",
                table: "ObjectRights",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_ObjectRights_TeamId",
                table: "ObjectRights",
                column: "TeamId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ObjectRights");

            migrationBuilder.DropIndex(
                name: "IX_Teams_CloudId_Name",
                table: "Teams");

            migrationBuilder.CreateIndex(
                name: "IX_Teams_CloudId_Name",
                table: "Teams",
                columns: new[] { "CloudId", "Name" });
        }
    }
}
