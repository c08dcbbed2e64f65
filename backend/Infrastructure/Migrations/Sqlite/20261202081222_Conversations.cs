using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Conversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Body",
                table: "WhatsAppMessage",
                type: "TEXT",
                maxLength: 4096,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Conversation",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProfileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssigneeName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    LastInboundAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastActivityAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastPreview = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UnreadCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedMessage",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    FromPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProfileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    MetadataJson = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    ContextMessageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ReplyToMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedMessage", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReceivedMessage_Conversation_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_ToPhone_CreatedAt_Id",
                table: "WhatsAppMessage",
                columns: new[] { "ToPhone", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversation_AssigneeId_LastActivityAt_Id",
                table: "Conversation",
                columns: new[] { "AssigneeId", "LastActivityAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversation_CustomerId",
                table: "Conversation",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Conversation_LastActivityAt_Id",
                table: "Conversation",
                columns: new[] { "LastActivityAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversation_Phone",
                table: "Conversation",
                column: "Phone",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Conversation_Status_LastActivityAt_Id",
                table: "Conversation",
                columns: new[] { "Status", "LastActivityAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedMessage_ConversationId_SentAt_Id",
                table: "ReceivedMessage",
                columns: new[] { "ConversationId", "SentAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedMessage_ProviderType_ProviderMessageId",
                table: "ReceivedMessage",
                columns: new[] { "ProviderType", "ProviderMessageId" },
                unique: true,
                filter: "\"ProviderMessageId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReceivedMessage");

            migrationBuilder.DropTable(
                name: "Conversation");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_ToPhone_CreatedAt_Id",
                table: "WhatsAppMessage");

            migrationBuilder.DropColumn(
                name: "Body",
                table: "WhatsAppMessage");
        }
    }
}
