namespace Unico.Web.Tests.Integration;

/// <summary>Tests that start the whole app run one at a time (two cores; each run uses them all).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppTests
{
    /// <summary>Collection name.</summary>
    public const string Name = "app";
}
