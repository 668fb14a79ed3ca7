using Unico.Engine;

namespace Unico.Web.Hosting;

/// <summary>Where the app keeps its data.</summary>
public enum StorageProvider
{
    /// <summary>SQLite files under the data directory; one process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by any number of web and worker processes.</summary>
    Postgres,
}

/// <summary>What one process of the app does.</summary>
public enum HostRole
{
    /// <summary>UI, API and a Hangfire server (the single-machine default).</summary>
    All,

    /// <summary>UI and API; jobs run on workers.</summary>
    Web,

    /// <summary>A Hangfire server and /healthz only.</summary>
    Worker,
}

/// <summary>How settings spell <see cref="StorageProvider"/> and <see cref="HostRole"/>: by their <see cref="EnumNames"/> names, in any case (and "postgresql" for postgres).</summary>
public static class HostSettings
{
    /// <summary>The provider a setting names; throws naming the setting and the choices.</summary>
    public static StorageProvider Provider(string? text) =>
        string.IsNullOrWhiteSpace(text) ? StorageProvider.Sqlite
        : EnumNames.TryParse<StorageProvider>(text.Trim(), out var provider) ? provider
        : string.Equals(text.Trim(), "postgresql", StringComparison.OrdinalIgnoreCase) ? StorageProvider.Postgres // the product's full name
        : throw new InvalidOperationException($"Unico:Storage:Provider: '{text}' is not a storage provider (expected {string.Join(" or ", EnumNames.All<StorageProvider>())})");

    /// <summary>The role a setting names; throws naming the setting and the choices.</summary>
    public static HostRole Role(string? text) =>
        string.IsNullOrWhiteSpace(text) ? HostRole.All
        : EnumNames.TryParse<HostRole>(text.Trim(), out var role) ? role
        : throw new InvalidOperationException($"Unico:Role: '{text}' is not a role (expected all, web or worker)");

    /// <summary>The setting's spelling.</summary>
    public static string Name(this StorageProvider provider) => EnumNames.Of(provider);

    /// <summary>The setting's spelling.</summary>
    public static string Name(this HostRole role) => EnumNames.Of(role);

    /// <summary>True when the role runs a Hangfire server.</summary>
    public static bool RunsJobs(this HostRole role) => role != HostRole.Web;

    /// <summary>True when the role serves the UI and the API.</summary>
    public static bool ServesPages(this HostRole role) => role != HostRole.Worker;
}
