using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Unico.Web.Access;

/// <summary>
/// Whether requests must be signed in: yes when any API key, account or OpenID Connect provider is
/// configured, when <see cref="AuthOptions.RequireSignIn"/> is set, or when the server listens on
/// any address that is not loopback (<c>0.0.0.0</c>, <c>*</c>, a LAN address); otherwise the app is
/// open to the single local user, as <c>dotnet run</c> starts it.
/// </summary>
public sealed class AccessMode(IOptions<AuthOptions> options, IServer server)
{
    private bool? _required;

    /// <summary>True when anonymous requests get 401 (pages: the sign-in page).</summary>
    public bool SignInRequired => _required ??= options.Value.RequireSignIn || options.Value.AnyCredentials || !ListensOnLoopbackOnly(Addresses());

    /// <summary>The addresses the server listens on (known once it has started; none for an in-memory test server).</summary>
    public IReadOnlyCollection<string> Addresses() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses is { } a ? [.. a] : [];

    /// <summary>True when every address is a loopback one (<c>localhost</c>, 127.x, ::1).</summary>
    public static bool ListensOnLoopbackOnly(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.All(IsLoopback);
    }

    private static bool IsLoopback(string address)
    {
        // "http://*:80" and "http://+:80" are not valid URIs; neither is loopback.
        if (!Uri.TryCreate(address.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
