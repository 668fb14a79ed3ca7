using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Unico.Engine;

namespace Unico.Web.Api;

/// <summary>/healthz body: overall status and each check's status and description.</summary>
public static class HealthJson
{
    /// <summary>Writes the report as JSON.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            var check = new JsonObject { ["status"] = EnumNames.Of(entry.Status), ["description"] = entry.Description };
            foreach (var (key, value) in entry.Data) check[key] = JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            checks[name] = check;
        }
        var body = new JsonObject { ["status"] = EnumNames.Of(report.Status), ["checks"] = checks };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
