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

/// <summary>The one naming table of <see cref="StorageProvider"/> and <see cref="HostRole"/> (settings spell them in lower case).</summary>
public static class HostSettings
{
    /// <summary>The provider a setting names; throws naming the setting and the choices.</summary>
    public static StorageProvider Provider(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StorageProvider.Sqlite,
        "postgres" or "postgresql" => StorageProvider.Postgres,
        _ => throw new InvalidOperationException($"Unico:Storage:Provider: '{text}' is not a storage provider (expected sqlite or postgres)"),
    };

    /// <summary>The role a setting names; throws naming the setting and the choices.</summary>
    public static HostRole Role(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => HostRole.All,
        "web" => HostRole.Web,
        "worker" => HostRole.Worker,
        _ => throw new InvalidOperationException($"Unico:Role: '{text}' is not a role (expected all, web or worker)"),
    };

    /// <summary>The setting's spelling.</summary>
    public static string Name(this StorageProvider provider) => provider == StorageProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>The setting's spelling.</summary>
    public static string Name(this HostRole role) => role switch
    {
        HostRole.Web => "web",
        HostRole.Worker => "worker",
        _ => "all",
    };

    /// <summary>True when the role runs a Hangfire server.</summary>
    public static bool RunsJobs(this HostRole role) => role != HostRole.Web;

    /// <summary>True when the role serves the UI and the API.</summary>
    public static bool ServesPages(this HostRole role) => role != HostRole.Worker;
}
