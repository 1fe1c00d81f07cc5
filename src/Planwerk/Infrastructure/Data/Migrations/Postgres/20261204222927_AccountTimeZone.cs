using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planwerk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccountTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Accounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Accounts");
        }
    }
}
