using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FailoverHealthThrottle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DailyMessagingLimit",
                table: "WhatsAppProviders",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsStandby",
                table: "WhatsAppProviders",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastErrorAt",
                table: "WhatsAppProviders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastErrorCode",
                table: "WhatsAppProviders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastErrorMessage",
                table: "WhatsAppProviders",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastSuccessAt",
                table: "WhatsAppProviders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProviderThrottleStates",
                columns: table => new
                {
                    ProviderId = table.Column<int>(type: "integer", nullable: false),
                    NextSlotTicks = table.Column<long>(type: "bigint", nullable: false),
                    PausedUntilTicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProviderThrottleStates", x => x.ProviderId);
                    table.ForeignKey(
                        name: "FK_ProviderThrottleStates_WhatsAppProviders_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "WhatsAppProviders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppProviders_SingleStandby",
                table: "WhatsAppProviders",
                column: "IsStandby",
                unique: true,
                filter: "\"IsStandby\" = TRUE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProviderThrottleStates");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppProviders_SingleStandby",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "DailyMessagingLimit",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "IsStandby",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "LastErrorAt",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "LastErrorCode",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "LastErrorMessage",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "LastSuccessAt",
                table: "WhatsAppProviders");
        }
    }
}
