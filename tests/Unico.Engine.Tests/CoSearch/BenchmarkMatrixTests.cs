using Unico.Engine.CoSearch;

namespace Unico.Engine.Tests.CoSearch;

public sealed class BenchmarkMatrixTests
{
    private const string Matrix = """
        {
          "name": "m",
          "spaces": ["eyeriss-like", "simba-like"],
          "splits": [
            { "name": "a", "training": ["AlexNet", "VGG16"], "held_out": ["ResNet-18"] },
            { "name": "b", "training": ["BERT-base"], "held_out": ["AlexNet"], "budget": { "mapping_evaluations": 90000 } }
          ],
          "full_budget": 180,
          "budget": { "mapping_evaluations": 60000 },
          "seeds": [1, 2],
          "algorithms": [
            { "name": "unico", "algorithm": "unico", "settings": { "batch_size": 4 } },
            { "name": "hasco", "algorithm": "hasco" }
          ]
        }
        """;

    [Fact]
    public void Every_space_meets_every_split_with_the_same_contestants_and_seeds()
    {
        var m = BenchmarkMatrix.ParseConfig(Matrix);
        Assert.Equal("m", m.Name);
        Assert.Equal(["eyeriss-like / a", "eyeriss-like / b", "simba-like / a", "simba-like / b"], m.Cells.Select(c => c.Name));
        Assert.All(m.Cells, c => Assert.Equal([1UL, 2], c.Comparison.Seeds));
        Assert.All(m.Cells, c => Assert.Equal(["unico", "hasco"], c.Comparison.Entries.Select(e => e.Name)));
        Assert.All(m.Cells, c => Assert.Equal(180, c.Comparison.Base.Settings.FullBudget));
        var b = m.Cells.Single(c => c.Name == "simba-like / b");
        Assert.Equal("simba-like", b.Comparison.Base.Space);
        Assert.Equal(["BERT-base"], b.Comparison.Base.TrainingWorkloads);
        Assert.Equal(["AlexNet"], b.Comparison.Base.HeldOutWorkloads);
        Assert.Equal(90000, b.Comparison.Base.Budget.MappingEvaluations);
        Assert.Equal(60000, m.Cells[0].Comparison.Base.Budget.MappingEvaluations);
        Assert.Equal(Path.Combine("simba-like", "b"), b.RelativeDirectory);
    }

    [Fact]
    public void The_repositorys_matrix_has_four_spaces_one_from_a_timeloop_architecture_three_splits_and_five_seeds()
    {
        var m = BenchmarkMatrix.ReadConfig(Path.Combine(TestPaths.RepoRoot, "examples", "matrix"));
        Assert.Equal(4, m.Cells.Select(c => c.Space).Distinct().Count());
        Assert.Contains(m.Cells, c => c.Space == "ws-regs" && File.Exists(c.Comparison.Base.Space));
        Assert.Equal(3, m.Cells.Select(c => c.Split.Name).Distinct().Count());
        Assert.All(m.Cells, c => Assert.Equal(5, c.Comparison.Seeds.Count));
        Assert.Contains(m.Cells, c => c.Space == "output-stationary-vector" && File.Exists(c.Comparison.Base.Space));
        Assert.All(m.Cells, c => Assert.True(c.Split.Training.Count >= 2, "every split trains on two networks, so cross-validation has folds"));
    }

    [Theory]
    [InlineData("\"spaces\": [\"eyeriss-like\", \"simba-like\"]", "\"spaces\": []", "spaces")]
    [InlineData("\"spaces\": [\"eyeriss-like\", \"simba-like\"]", "\"spaces\": [\"eyeriss-like\", \"eyeriss-like\"]", "spaces[1]")]
    [InlineData("{ \"name\": \"a\",", "{ \"name\": \"b\",", "splits[1].name")]
    [InlineData("{ \"name\": \"a\",", "{ \"label\": \"a\",", "splits[0].label")]
    [InlineData("\"training\": [\"AlexNet\", \"VGG16\"]", "\"training\": []", "splits[0].training")]
    [InlineData("\"name\": \"m\",", "\"name\": \"m\", \"space\": \"eyeriss-like\",", "space")]
    [InlineData("\"full_budget\": 180", "\"full_budget\": 0", "full_budget")]
    public void Errors_name_the_key_at_fault(string find, string replace, string field)
    {
        var e = Assert.Throws<UnicoInputException>(() => BenchmarkMatrix.ParseConfig(Matrix.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Equal(field, e.Field);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void A_directory_without_a_matrix_file_is_an_error()
    {
        var dir = Directory.CreateTempSubdirectory("unico-matrix-").FullName;
        try
        {
            var e = Assert.Throws<UnicoInputException>(() => BenchmarkMatrix.ReadConfig(dir));
            Assert.Contains("matrix.json", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
