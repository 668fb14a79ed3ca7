namespace Unico.Engine.Optimization;

/// <summary>
/// Per-thread scratch buffers, so that an acquisition function can be evaluated from several
/// threads at once without allocating per call. Each caller owns its [ThreadStatic] slot; a
/// buffer is only grown, and every user overwrites what it reads.
/// </summary>
internal static class Scratch
{
    /// <summary>The slot's buffer, grown to at least <paramref name="length"/>.</summary>
    public static double[] Get(ref double[]? slot, int length)
    {
        if (slot is null || slot.Length < length)
        {
            slot = new double[Math.Max(length, 1)];
        }

        return slot;
    }
}
