using Npgsql;
using Unico.Web.Hosting;

namespace Unico.Web.Tests.Integration;

/// <summary>
/// The PostgreSQL server the tests run the app on: the throwaway cluster <c>test.sh</c> starts
/// (its address in <c>UNICO_TEST_POSTGRES</c>). Each test gets a database of its own.
/// </summary>
internal static class TestPostgres
{
    /// <summary>The variable test.sh sets.</summary>
    public const string Variable = "UNICO_TEST_POSTGRES";

    /// <summary>The storage providers every provider-independent test runs on.</summary>
    public static TheoryData<StorageProvider> Providers() => new() { StorageProvider.Sqlite, StorageProvider.Postgres };

    /// <summary>The server's connection string (to its maintenance database).</summary>
    public static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s
        : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster (or point {Variable} at one, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres)");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "unico_test_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE {name}";
        create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, MaxPoolSize = 40 }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/> (closing its connections).</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        drop.ExecuteNonQuery();
    }
}
