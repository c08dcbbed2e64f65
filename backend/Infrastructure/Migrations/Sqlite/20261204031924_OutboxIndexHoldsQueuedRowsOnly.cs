using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxIndexHoldsQueuedRowsOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_Status_NextAttemptAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_Status_NextAttemptAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "Status", "NextAttemptAt", "Id" },
                filter: "\"Status\" = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_Status_NextAttemptAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_Status_NextAttemptAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "Status", "NextAttemptAt", "Id" });
        }
    }
}
