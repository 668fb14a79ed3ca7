namespace Unico.Engine.Optimization;

/// <summary>The prior on the kernel length scales.</summary>
public enum LengthscalePrior
{
    /// <summary>Gamma(shape, rate) with <see cref="GaussianProcessOptions.LengthscaleShape"/> and <see cref="GaussianProcessOptions.LengthscaleRate"/>.</summary>
    Gamma,

    /// <summary>
    /// LogNormal(sqrt2 + ln(d)/2, sqrt3): BoTorch's current dimension-scaled default (Hvarfner et
    /// al. 2024), much weaker than Gamma(3, 6) and favouring longer length scales as d grows.
    /// </summary>
    DimensionScaledLogNormal,
}

/// <summary>
/// Settings of Gaussian-process hyperparameter fitting. Priors are Gamma(shape, rate) on the
/// length scales, the output scale and the noise variance (the defaults are BoTorch's classic
/// SingleTaskGP priors: length scale Gamma(3, 6), output scale Gamma(2, 0.15), noise Gamma(1.1, 0.05)),
/// evaluated on the hyperparameter values in standardized-output units.
/// </summary>
public sealed class GaussianProcessOptions
{
    /// <summary>Number of L-BFGS runs, started from the best screened initial hyperparameters.</summary>
    public int Restarts { get; init; } = 2;

    /// <summary>Random hyperparameter draws screened (objective only) to pick the L-BFGS starts.</summary>
    public int ScreenedCandidates { get; init; } = 8;

    /// <summary>L-BFGS iteration cap per run.</summary>
    public int MaxIterations { get; init; } = 60;

    /// <summary>Which length-scale prior to use.</summary>
    public LengthscalePrior LengthscalePrior { get; init; } = LengthscalePrior.Gamma;

    /// <summary>Gamma prior shape of every length scale.</summary>
    public double LengthscaleShape { get; init; } = 3.0;

    /// <summary>Gamma prior rate of every length scale.</summary>
    public double LengthscaleRate { get; init; } = 6.0;

    /// <summary>Gamma prior shape of the output scale (signal variance).</summary>
    public double OutputscaleShape { get; init; } = 2.0;

    /// <summary>Gamma prior rate of the output scale.</summary>
    public double OutputscaleRate { get; init; } = 0.15;

    /// <summary>Gamma prior shape of the noise variance.</summary>
    public double NoiseShape { get; init; } = 1.1;

    /// <summary>Gamma prior rate of the noise variance.</summary>
    public double NoiseRate { get; init; } = 0.05;

    /// <summary>Lower bound of the noise variance (standardized units); the fit works on noise - MinNoise.</summary>
    public double MinNoise { get; init; } = 1e-6;

    /// <summary>Default options.</summary>
    public static GaussianProcessOptions Default { get; } = new();
}
