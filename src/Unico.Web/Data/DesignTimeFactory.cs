using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Unico.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<UnicoDbContext>
{
    /// <inheritdoc/>
    public UnicoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<UnicoDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
