using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsApp.Api.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BroadcastSkips : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BroadcastSkip",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BroadcastId = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Missing = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BroadcastSkip", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BroadcastSkip_Broadcast_BroadcastId",
                        column: x => x.BroadcastId,
                        principalTable: "Broadcast",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BroadcastSkip_Customer_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customer",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BroadcastSkip_BroadcastId_Id",
                table: "BroadcastSkip",
                columns: new[] { "BroadcastId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BroadcastSkip_BroadcastId_Reason_Id",
                table: "BroadcastSkip",
                columns: new[] { "BroadcastId", "Reason", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BroadcastSkip_CustomerId",
                table: "BroadcastSkip",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BroadcastSkip");
        }
    }
}
