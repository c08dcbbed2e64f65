using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AudienceAndBroadcasts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Broadcast",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: true),
                    TemplateName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TemplateLanguage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AudienceJson = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    VariablesJson = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScheduledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PreparedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CanceledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CanceledBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExpectedRecipients = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedSkipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Recipients = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedNotOptedIn = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedInvalidPhone = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedDuplicate = table.Column<int>(type: "INTEGER", nullable: false),
                    SkippedMissingValue = table.Column<int>(type: "INTEGER", nullable: false),
                    CursorPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CursorCustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    LastQueuedPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Broadcast", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CustomerGroup",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerGroup", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GroupMember",
                columns: table => new
                {
                    GroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GroupMember", x => new { x.GroupId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_GroupMember_CustomerGroup_GroupId",
                        column: x => x.GroupId,
                        principalTable: "CustomerGroup",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GroupMember_Customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_BroadcastId_ToPhone",
                table: "WhatsAppMessage",
                columns: new[] { "BroadcastId", "ToPhone" },
                unique: true,
                filter: "\"BroadcastId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_EventType_Id",
                table: "WhatsAppMessage",
                columns: new[] { "EventType", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_Status_Id",
                table: "WhatsAppMessage",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppMessage_TemplateId_Id",
                table: "WhatsAppMessage",
                columns: new[] { "TemplateId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Broadcast_CreatedAt",
                table: "Broadcast",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Broadcast_Status_Id",
                table: "Broadcast",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerGroup_NormalizedName",
                table: "CustomerGroup",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GroupMember_CustomerId_GroupId",
                table: "GroupMember",
                columns: new[] { "CustomerId", "GroupId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Broadcast");

            migrationBuilder.DropTable(
                name: "GroupMember");

            migrationBuilder.DropTable(
                name: "CustomerGroup");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppMessage_BroadcastId_ToPhone",
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
        }
    }
}
