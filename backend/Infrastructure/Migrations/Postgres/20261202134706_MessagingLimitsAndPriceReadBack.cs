using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MessagingLimitsAndPriceReadBack : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MessagingTier",
                table: "WhatsAppProviders",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MessagingTierReadAt",
                table: "WhatsAppProviders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CostSource",
                table: "WhatsAppMessage",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PriceReadAt",
                table: "WhatsAppMessage",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage",
                column: "AcceptedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "MessagingTier",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "MessagingTierReadAt",
                table: "WhatsAppProviders");

            migrationBuilder.DropColumn(
                name: "CostSource",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "PriceReadAt",
                table: "WhatsAppMessage");
        }
    }
}
