using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TemplateComponents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Buttons",
                table: "WhatsAppTemplate",
                type: "TEXT",
                maxLength: 8000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Footer",
                table: "WhatsAppTemplate",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Header",
                table: "WhatsAppTemplate",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Buttons",
                table: "WhatsAppTemplate");

            migrationBuilder.DropColumn(
                name: "Footer",
                table: "WhatsAppTemplate");

            migrationBuilder.DropColumn(
                name: "Header",
                table: "WhatsAppTemplate");
        }
    }
}
