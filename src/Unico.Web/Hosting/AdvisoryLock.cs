using Npgsql;

namespace Unico.Web.Hosting;

/// <summary>
/// A PostgreSQL session advisory lock, held on a connection of its own until disposed: processes
/// that start together on one database take turns at schema work (migrations, Hangfire's install).
/// </summary>
internal sealed class AdvisoryLock : IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits for the lock <paramref name="key"/> and holds it.</summary>
    public static AdvisoryLock Take(string connectionString, long key)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection);
            take.ExecuteNonQuery();
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Releases it (explicitly: a pooled connection may outlive this object's use of it).</summary>
    public void Dispose()
    {
        using (_connection)
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({_key})", _connection);
            release.ExecuteNonQuery();
        }
    }
}
