using System.Globalization;

namespace Unico.Web.Hosting;

/// <summary>How this process's Hangfire server is named (Hangfire adds a unique suffix): machine, role and process id, so a run's <c>workers</c> say where its jobs ran.</summary>
public static class HangfireServers
{
    /// <summary>The name, e.g. <c>lab-3-worker-4121</c>.</summary>
    public static string Name(HostRole role) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName.ToLowerInvariant()}-{role.Name()}-{Environment.ProcessId}");

    /// <summary>The server a job runs on, as a run's <c>workers</c> list it (this process's name outside Hangfire).</summary>
    public static string Of(Hangfire.Server.PerformContext? context) =>
        context?.ServerId is { } server ? Display(server) : Name(HostRole.All);

    /// <summary>The server name without Hangfire's suffix (its ids are <c>NAME:PID:GUID</c>; a name holds no colon).</summary>
    public static string Display(string serverId)
    {
        ArgumentNullException.ThrowIfNull(serverId);
        var colon = serverId.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? serverId[..colon] : serverId;
    }
}
