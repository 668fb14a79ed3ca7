namespace Unico.Web.Access;

/// <summary>
/// Who may use the app (section <c>Unico:Auth</c>). With no key, user or provider configured and
/// the app listening on loopback addresses only, it is open to the one local user, who may do
/// everything; otherwise every request must be signed in (<see cref="AccessMode"/>).
/// </summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Unico:Auth";

    /// <summary>Keys the REST API accepts as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Dashboard accounts created at startup when missing (ASP.NET Core Identity, in the app's database).</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>An OpenID Connect provider to sign in with instead of the app's own accounts (used when its authority is set).</summary>
    public OpenIdConnectOptions OpenIdConnect { get; set; } = new();

    /// <summary>Require sign-in even on loopback with nothing configured (for a reverse proxy on the same host).</summary>
    public bool RequireSignIn { get; set; }

    /// <summary>True when any way of signing in is configured.</summary>
    public bool AnyCredentials => ApiKeys.Count > 0 || Users.Count > 0 || OpenIdConnect.Enabled;
}

/// <summary>One API key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who uses it (owner of the runs it creates, shown in logs); not secret.</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret (at least 16 characters).</summary>
    public string Key { get; set; } = "";

    /// <summary>May cancel and delete anyone's runs and see the Hangfire dashboard.</summary>
    public bool Admin { get; set; }
}

/// <summary>One dashboard account, created at startup if no account of that name exists (its password is then not changed).</summary>
public sealed class UserOptions
{
    /// <summary>Sign-in name.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Initial password (Identity's default rules: 8+ characters with upper, lower, digit and symbol).</summary>
    public string Password { get; set; } = "";

    /// <summary>Member of the admin role.</summary>
    public bool Admin { get; set; }
}

/// <summary>An OpenID Connect provider (authorization code flow).</summary>
public sealed class OpenIdConnectOptions
{
    /// <summary>The provider's issuer URL; empty disables OpenID Connect.</summary>
    public string Authority { get; set; } = "";

    /// <summary>This app's client id at the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>This app's client secret at the provider.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Subjects (<c>sub</c>) or e-mail addresses that are admins.</summary>
    public List<string> Admins { get; set; } = [];

    /// <summary>True when an authority is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
