using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SentLogFiltersIndexedInItsOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_CustomerId_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_Status_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_TemplateId_Id",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_CustomerId_CreatedAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "CustomerId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_EventType_CreatedAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "EventType", "CreatedAt", "Id" },
                filter: "\"EventType\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_Status_CreatedAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_TemplateId_CreatedAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "TemplateId", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_CustomerId_CreatedAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_EventType_CreatedAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_Status_CreatedAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_TemplateId_CreatedAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_CustomerId_Id",
                table: "WhatsAppMessage",
                columns: new[] { "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage",
                columns: new[] { "EventType", "Id" },
                filter: "\"EventType\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_Status_Id",
                table: "WhatsAppMessage",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_TemplateId_Id",
                table: "WhatsAppMessage",
                columns: new[] { "TemplateId", "Id" });
        }
    }
}
