using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TemplateLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "QualityRating",
                table: "WhatsAppTemplate",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "Broadcast",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedByTemplateStatus",
                table: "Broadcast",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PausedReason",
                table: "Broadcast",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "AutomationSetting",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedByTemplateStatus",
                table: "AutomationSetting",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PausedReason",
                table: "AutomationSetting",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QualityRating",
                table: "WhatsAppTemplate");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "Broadcast");

            migrationBuilder.DropColumn(
                name: "PausedByTemplateStatus",
                table: "Broadcast");

            migrationBuilder.DropColumn(
                name: "PausedReason",
                table: "Broadcast");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "AutomationSetting");

            migrationBuilder.DropColumn(
                name: "PausedByTemplateStatus",
                table: "AutomationSetting");

            migrationBuilder.DropColumn(
                name: "PausedReason",
                table: "AutomationSetting");
        }
    }
}
