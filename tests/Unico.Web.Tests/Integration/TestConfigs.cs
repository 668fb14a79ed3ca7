namespace Unico.Web.Tests.Integration;

/// <summary>Run configs small enough for tests (AlexNet, tiny mapping budgets).</summary>
public static class TestConfigs
{
    /// <summary>A UNICO run of a few batches.</summary>
    public static string Tiny(long budget = 20000, string workload = "AlexNet", string space = "eyeriss-like", string name = "tiny") => $$"""
        {
          "name": "{{name}}",
          "workloads": { "training": ["{{workload}}"] },
          "space": "{{space}}",
          "objectives": ["latency", "energy", "area"],
          "algorithm": "unico",
          "settings": { "initial_points": 4, "batch_size": 4, "b0": 20, "full_budget": 180 },
          "budget": { "mapping_evaluations": {{budget}} },
          "seed": 1
        }
        """;
}
