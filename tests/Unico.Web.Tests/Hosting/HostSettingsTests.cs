using Unico.Engine;
using Unico.Web.Hosting;

namespace Unico.Web.Tests.Hosting;

/// <summary>Settings spell providers and roles by the engine's naming table.</summary>
public sealed class HostSettingsTests
{
    [Fact]
    public void Providers_and_roles_read_back_from_the_names_they_are_written_with()
    {
        Assert.All(Enum.GetValues<StorageProvider>(), p => Assert.Equal(p, HostSettings.Provider(p.Name())));
        Assert.All(Enum.GetValues<HostRole>(), r => Assert.Equal(r, HostSettings.Role(r.Name())));
        Assert.Equal(["sqlite", "postgres"], Enum.GetValues<StorageProvider>().Select(p => p.Name()));
        Assert.Equal(EnumNames.All<HostRole>(), Enum.GetValues<HostRole>().Select(r => r.Name()));
    }

    [Fact]
    public void Settings_are_read_in_any_case_with_postgresql_for_postgres_and_unknown_names_refused_naming_the_setting()
    {
        Assert.Equal(StorageProvider.Postgres, HostSettings.Provider(" PostgreSQL "));
        Assert.Equal(StorageProvider.Postgres, HostSettings.Provider("Postgres"));
        Assert.Equal(StorageProvider.Sqlite, HostSettings.Provider(null));
        Assert.Equal(HostRole.Worker, HostSettings.Role("WORKER"));
        Assert.Equal(HostRole.All, HostSettings.Role(""));
        Assert.Contains("Unico:Storage:Provider", Assert.Throws<InvalidOperationException>(() => HostSettings.Provider("mysql")).Message, StringComparison.Ordinal);
        Assert.Contains("Unico:Role", Assert.Throws<InvalidOperationException>(() => HostSettings.Role("1")).Message, StringComparison.Ordinal);
    }
}
