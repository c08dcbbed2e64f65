using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MessagingTierReadAt",
                table: "WhatsAppProviders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CostSource",
                table: "WhatsAppMessage",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PriceReadAt",
                table: "WhatsAppMessage",
                type: "TEXT",
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
