using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstanceHeartbeats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedBy",
                table: "WhatsAppMessage",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedBy",
                table: "Broadcast",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AppInstance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppInstance", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppInstance_LastSeenAt",
                table: "AppInstance",
                column: "LastSeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppInstance");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "Broadcast");
        }
    }
}
