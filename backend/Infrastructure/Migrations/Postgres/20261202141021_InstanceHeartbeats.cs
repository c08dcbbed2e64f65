using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimedBy",
                table: "Broadcast",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AppInstance",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
