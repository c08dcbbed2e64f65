using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RateCard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RateCard",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RateCard", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RateCardPrice",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RateCardPrice", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RateCard",
                columns: new[] { "Id", "AsOf", "Label", "UpdatedAt", "UpdatedBy" },
                values: new object[] { 1, new DateOnly(2025, 7, 1), "EXAMPLE prices (illustrative, not a provider's rates) as of 2025-07-01: replace them with your provider's rate card", new DateTime(2025, 7, 1, 0, 0, 0, 0, DateTimeKind.Utc), null });

            migrationBuilder.InsertData(
                table: "RateCardPrice",
                columns: new[] { "Id", "Category", "Country", "Currency", "Price" },
                values: new object[,]
                {
                    { 1, "marketing", "*", "USD", 0.025m },
                    { 2, "utility", "*", "USD", 0.004m },
                    { 3, "authentication", "*", "USD", 0.004m },
                    { 4, "service", "*", "USD", 0m }
                });

            migrationBuilder.CreateIndex(
                name: "IX_RateCardPrice_Category_Country",
                table: "RateCardPrice",
                columns: new[] { "Category", "Country" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RateCard");

            migrationBuilder.DropTable(
                name: "RateCardPrice");
        }
    }
}
