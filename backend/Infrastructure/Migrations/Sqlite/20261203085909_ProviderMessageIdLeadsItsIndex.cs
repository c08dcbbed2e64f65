using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProviderMessageIdLeadsItsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_ProviderId_ProviderMessageId",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage",
                columns: new[] { "ProviderMessageId", "ProviderId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_ProviderMessageId_ProviderId",
                table: "WhatsAppMessage");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_ProviderId_ProviderMessageId",
                table: "WhatsAppMessage",
                columns: new[] { "ProviderId", "ProviderMessageId" });
        }
    }
}
