namespace Unico.Engine.Optimization;

/// <summary>Latin hypercube sampling in [0, 1)^d: one point per stratum in every dimension.</summary>
public static class LatinHypercube
{
    /// <summary>Draws <paramref name="count"/> points; each dimension's strata are shuffled independently.</summary>
    public static double[][] Sample(int count, int dimension, Prng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentNullException.ThrowIfNull(rng);
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            points[i] = new double[dimension];
        }

        var perm = new int[count];
        for (var d = 0; d < dimension; d++)
        {
            for (var i = 0; i < count; i++)
            {
                perm[i] = i;
            }

            rng.Shuffle<int>(perm);
            for (var i = 0; i < count; i++)
            {
                points[i][d] = (perm[i] + rng.NextDouble()) / count;
            }
        }

        return points;
    }
}
