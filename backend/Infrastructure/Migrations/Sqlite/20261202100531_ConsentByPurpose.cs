using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConsentByPurpose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "MarketingOptIn",
                table: "Customer",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "ConsentRecord",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                // Every record before purposes existed was about service messages.
                defaultValue: "Service");

            migrationBuilder.AddColumn<int>(
                name: "SkippedNoMarketingConsent",
                table: "Broadcast",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MarketingOptIn",
                table: "Customer");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "ConsentRecord");

            migrationBuilder.DropColumn(
                name: "SkippedNoMarketingConsent",
                table: "Broadcast");
        }
    }
}
