using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LateColumnsIndexedWhereSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage",
                column: "AcceptedAt",
                filter: "\"AcceptedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage",
                columns: new[] { "EventType", "Id" },
                filter: "\"EventType\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage",
                columns: new[] { "ProviderMessageId", "ProviderId" },
                filter: "\"ProviderMessageId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_AcceptedAt",
                table: "WhatsAppMessage",
                column: "AcceptedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage",
                columns: new[] { "EventType", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage",
                columns: new[] { "ProviderMessageId", "ProviderId" });
        }
    }
}
