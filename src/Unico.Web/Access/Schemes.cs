namespace Unico.Web.Access;

/// <summary>Names of the app's authentication schemes and its one role.</summary>
public static class Schemes
{
    /// <summary>Chooses one of the others per request (<see cref="AccessExtensions"/>).</summary>
    public const string Unico = "Unico";

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c> against <see cref="AuthOptions.ApiKeys"/>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The single local user of an open installation.</summary>
    public const string Local = "Local";

    /// <summary>The cookie an OpenID Connect sign-in leaves.</summary>
    public const string OidcCookie = "OidcCookie";

    /// <summary>The OpenID Connect handler.</summary>
    public const string Oidc = "Oidc";

    /// <summary>The role that may cancel and delete anyone's runs and open the Hangfire dashboard.</summary>
    public const string AdminRole = "admin";
}
