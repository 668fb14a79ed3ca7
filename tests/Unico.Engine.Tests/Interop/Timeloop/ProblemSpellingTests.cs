using Unico.Engine.Interop.Timeloop;

namespace Unico.Engine.Tests.Interop.Timeloop;

/// <summary>Timeloop problem files in the wild write data_spaces and data-spaces (read_write and read-write).</summary>
public sealed class ProblemSpellingTests
{
    private const string Problem = """
        problem:
          shape:
            name: CNN-Layer
            dimensions: [ C, M, R, S, N, P, Q ]
            coefficients:
            - name: Wstride
              default: 1
            - name: Hstride
              default: 1
            - name: Wdilation
              default: 1
            - name: Hdilation
              default: 1
            DATA:
            - name: Weights
              projection:
              - [ [C] ]
              - [ [M] ]
              - [ [R] ]
              - [ [S] ]
            - name: Inputs
              projection:
              - [ [N] ]
              - [ [C] ]
              - [ [R, Wdilation], [P, Wstride] ]
              - [ [S, Hdilation], [Q, Hstride] ]
            - name: Outputs
              projection:
              - [ [N] ]
              - [ [M] ]
              - [ [Q] ]
              - [ [P] ]
              RW: true
          instance: { C: 16, M: 32, R: 3, S: 3, N: 1, P: 8, Q: 8 }
        """;

    [Theory]
    [InlineData("data_spaces", "read_write")]
    [InlineData("data-spaces", "read-write")]
    public void Both_spellings_read_as_the_same_problem(string dataSpaces, string readWrite)
    {
        var problem = TimeloopProblemReader.Parse(Problem.Replace("DATA", dataSpaces, StringComparison.Ordinal).Replace("RW", readWrite, StringComparison.Ordinal));

        Assert.Equal(["Weights", "Inputs", "Outputs"], problem.Shape.DataSpaces.Select(d => d.Name));
        Assert.True(problem.Shape.DataSpaces[2].ReadWrite);
        Assert.False(problem.Shape.DataSpaces[0].ReadWrite);
        Assert.Equal([16, 32, 3, 3, 1, 8, 8], problem.Bounds.ToArray());
    }

    [Fact]
    public void Both_spellings_at_once_are_refused_naming_the_key()
    {
        var yaml = Problem.Replace("DATA", "data_spaces", StringComparison.Ordinal).Replace("RW", "read_write", StringComparison.Ordinal)
            .Replace("  instance:", "    data-spaces: []\n  instance:", StringComparison.Ordinal);

        var e = Assert.Throws<UnicoInputException>(() => TimeloopProblemReader.Parse(yaml, "problem.yaml"));

        Assert.Contains("'data_spaces' and 'data-spaces' are the same key", e.Message, StringComparison.Ordinal);
        Assert.Equal("problem.yaml", e.File);
        Assert.NotNull(e.Line);
    }
}
