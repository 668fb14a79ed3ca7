using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Unico.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunEstimateAndNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SecondsLeft",
                table: "runs",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Notes",
                table: "runs");

            migrationBuilder.DropColumn(
                name: "SecondsLeft",
                table: "runs");
        }
    }
}
