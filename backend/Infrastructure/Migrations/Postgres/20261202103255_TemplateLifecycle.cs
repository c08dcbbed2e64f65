using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
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
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "Broadcast",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedByTemplateStatus",
                table: "Broadcast",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PausedReason",
                table: "Broadcast",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "AutomationSetting",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PausedByTemplateStatus",
                table: "AutomationSetting",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PausedReason",
                table: "AutomationSetting",
                type: "character varying(1000)",
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
