namespace Unico.Web.Security;

/// <summary>
/// Cross-origin access to the API: closed unless the operator lists origins in
/// <c>Unico:Cors:Origins</c> (e.g. <c>https://tools.example.org</c>). Listed origins may call the API
/// with a bearer key (no cookies: credentials are not allowed cross-origin); pages are never shared.
/// </summary>
public static class ApiCors
{
    /// <summary>Configuration key of the allowed origins.</summary>
    public const string OriginsKey = "Unico:Cors:Origins";

    private const string Policy = "api";

    /// <summary>Registers the policy; returns the test the request rules use to let a listed origin through.</summary>
    public static Func<string, bool> AddApiCors(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var origins = builder.Configuration.GetSection(OriginsKey).Get<string[]>() ?? [];
        builder.Services.AddCors(o => o.AddPolicy(Policy, p => p.WithOrigins(origins)
            .WithHeaders("Authorization", "Content-Type").WithMethods("GET", "POST", "DELETE").SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        var allowed = origins.Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return origin => allowed.Contains(origin);
    }

    /// <summary>Answers preflights and adds CORS headers on /api only.</summary>
    public static void UseApiCors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseCors(Policy));
}
