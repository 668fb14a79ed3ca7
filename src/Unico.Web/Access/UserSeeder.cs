using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Unico.Web.Access;

/// <summary>
/// Creates the accounts of <see cref="AuthOptions.Users"/> that do not exist yet (an existing
/// account keeps its password), and puts admins in the admin role. A password Identity refuses
/// stops the app with the reason: a configured account nobody can use is a mistake to fix now.
/// </summary>
public sealed class UserSeeder(IServiceProvider services, IOptions<AuthOptions> options) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Users.Count == 0) return;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Schemes.AdminRole).ConfigureAwait(false))
            Check(await roles.CreateAsync(new IdentityRole(Schemes.AdminRole)).ConfigureAwait(false), "the admin role");
        for (var i = 0; i < options.Value.Users.Count; i++)
        {
            var wanted = options.Value.Users[i];
            var where = $"{AuthOptions.Section}:Users:{i}";
            if (string.IsNullOrWhiteSpace(wanted.UserName)) throw new InvalidOperationException($"{where}: UserName is empty");
            var user = await users.FindByNameAsync(wanted.UserName).ConfigureAwait(false);
            if (user is null)
            {
                user = new IdentityUser(wanted.UserName);
                Check(await users.CreateAsync(user, wanted.Password).ConfigureAwait(false), where);
            }
            if (wanted.Admin && !await users.IsInRoleAsync(user, Schemes.AdminRole).ConfigureAwait(false))
                Check(await users.AddToRoleAsync(user, Schemes.AdminRole).ConfigureAwait(false), where);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Check(IdentityResult result, string where)
    {
        if (!result.Succeeded) throw new InvalidOperationException($"{where}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
