using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planwerk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeliveryConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Attempts made before the console kept headers have none ("[]").
            migrationBuilder.AddColumn<Guid>(
                name: "RedeliveryOf",
                table: "WebhookDeliveries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestHeaders",
                table: "WebhookAttempts",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ResponseHeaders",
                table: "WebhookAttempts",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RedeliveryOf",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "RequestHeaders",
                table: "WebhookAttempts");

            migrationBuilder.DropColumn(
                name: "ResponseHeaders",
                table: "WebhookAttempts");
        }
    }
}
