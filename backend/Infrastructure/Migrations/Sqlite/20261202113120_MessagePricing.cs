using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessagePricing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Billable",
                table: "WhatsAppMessage",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Cost",
                table: "WhatsAppMessage",
                type: "TEXT",
                precision: 18,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CostCurrency",
                table: "WhatsAppMessage",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PricingCategory",
                table: "WhatsAppMessage",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Billable",
                table: "EarlyStatusReport",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Price",
                table: "EarlyStatusReport",
                type: "TEXT",
                precision: 18,
                scale: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PriceCurrency",
                table: "EarlyStatusReport",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PricingCategory",
                table: "EarlyStatusReport",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Billable",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "Cost",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "CostCurrency",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "PricingCategory",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "Billable",
                table: "EarlyStatusReport");

            migrationBuilder.DropColumn(
                name: "Price",
                table: "EarlyStatusReport");

            migrationBuilder.DropColumn(
                name: "PriceCurrency",
                table: "EarlyStatusReport");

            migrationBuilder.DropColumn(
                name: "PricingCategory",
                table: "EarlyStatusReport");
        }
    }
}
