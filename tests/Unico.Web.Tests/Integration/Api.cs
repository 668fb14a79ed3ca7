using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Unico.Web.Tests.Integration;

/// <summary>HTTP helpers over the app's API.</summary>
public static class Api
{
    /// <summary>POSTs a config; returns the status and the parsed body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(HttpClient client, string config)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new StringContent(config, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/runs", UriKind.Relative), content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body);
    }

    /// <summary>GET /api/runs/{id}.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, long id)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/runs/{id}", UriKind.Relative));
    }

    /// <summary>Polls the run until its status satisfies <paramref name="done"/>.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, long id, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(done);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await RunAsync(client, id);
            if (done(run)) return run;
            if (DateTime.UtcNow > until) throw new TimeoutException($"run {id} still {run.GetProperty("status").GetString()} after {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for a final state.</summary>
    public static Task<JsonElement> WaitFinishedAsync(HttpClient client, long id, TimeSpan? timeout = null) =>
        WaitAsync(client, id, r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled", timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>Polls /healthz until it answers 200 (the Hangfire server registers shortly after start).</summary>
    public static async Task<JsonElement> WaitForHealthAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var i = 0; ; i++)
        {
            using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK || i > 100) return await response.Content.ReadFromJsonAsync<JsonElement>();
            await Task.Delay(100);
        }
    }
}
