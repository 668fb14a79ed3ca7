namespace Unico.Engine.Optimization;

/// <summary>An acquisition function over GP input features; larger is better.</summary>
internal interface IAcquisitionFunction
{
    /// <summary>Value at a feature vector (see <see cref="SearchSpace.ToFeatures"/>).</summary>
    double Evaluate(ReadOnlySpan<double> features);
}

/// <summary>Quasi-random standard normal base samples for the candidate's own randomness.</summary>
internal static class QmcNormals
{
    /// <summary>
    /// S x M standard normals from a scrambled Sobol sequence (inverse-CDF transform), falling back
    /// to pseudo-random normals when M exceeds the Sobol table. Fixed by the seed.
    /// </summary>
    public static double[] Create(int samples, int dimension, ulong seed)
    {
        var w = new double[samples * dimension];
        if (dimension <= SobolSequence.MaxDimension)
        {
            var sobol = new SobolSequence(dimension, scramble: true, seed: seed);
            var u = new double[dimension];
            for (var s = 0; s < samples; s++)
            {
                sobol.Next(u);
                for (var j = 0; j < dimension; j++)
                {
                    // Centre the 32-bit cell so that u is never 0.
                    var p = Math.Clamp(u[j] + 0.5 / 4294967296.0, 1e-12, 1.0 - 1e-12);
                    w[s * dimension + j] = StandardNormal.InvCdf(p);
                }
            }
        }
        else
        {
            var rng = new Prng(seed);
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = rng.NextGaussian();
            }
        }

        return w;
    }
}
