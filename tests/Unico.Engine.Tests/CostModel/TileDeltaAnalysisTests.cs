using Unico.Engine.CostModel;

namespace Unico.Engine.Tests.CostModel;

/// <summary>
/// The closed-form fill count against an explicit walk: every configuration Timeloop visits
/// (first and one representative iteration per loop), the tile as an axis-aligned box, and the
/// delta rules applied step by step.
/// </summary>
public sealed class TileDeltaAnalysisTests
{
    [Fact]
    public void A_tile_sliding_one_word_per_step_costs_the_tile_once_then_one_word_per_step()
    {
        // Case 03: a 3-word input window under P16, the sweep repeated by K16 outside it.
        long[] translations = [1, 0];   // P moves W by 1; K does not move Inputs
        long[] factors = [16, 16];
        long[] extents = [3];
        Assert.Equal(288, TileDeltaAnalysis.Fills(translations, factors, extents, 3, new TileDeltaAnalysis.Scratch()));
    }

    [Fact]
    public void A_move_after_the_tile_stood_still_refetches_the_whole_tile()
    {
        // Eyeriss global buffer: Q2 steps by 112 rows of a 113-row tile, with an irrelevant M4 inside.
        long[] translations = [0, 0, 0, 112, 28, 0];   // (W, H) per loop: M, Q, P
        long[] factors = [4, 2, 8];
        long[] extents = [29, 113];
        Assert.Equal(16 * 29 * 113L, TileDeltaAnalysis.Fills(translations, factors, extents, 29 * 113, new TileDeltaAnalysis.Scratch()));
    }

    [Fact]
    public void A_loop_irrelevant_to_the_tensor_keeps_the_tile_resident()
    {
        long[] translations = [0];
        long[] factors = [1000];
        long[] extents = [7];
        Assert.Equal(7, TileDeltaAnalysis.Fills(translations, factors, extents, 7, new TileDeltaAnalysis.Scratch()));
    }

    [Fact]
    public void Closed_form_equals_explicit_walk_on_random_nests()
    {
        var random = new Random(12345);
        var scratch = new TileDeltaAnalysis.Scratch();
        for (var trial = 0; trial < 3000; trial++)
        {
            var axes = random.Next(1, 4);
            var loops = random.Next(1, 9);
            var extents = new long[axes];
            for (var a = 0; a < axes; a++) extents[a] = random.Next(1, 12);
            var translations = new long[loops * axes];
            var factors = new long[loops];
            for (var i = 0; i < loops; i++)
            {
                factors[i] = random.Next(2, 6);
                // Mostly single-axis moves, sometimes none, sometimes several.
                var kind = random.Next(4);
                if (kind == 0) continue;
                var axis = random.Next(axes);
                translations[i * axes + axis] = random.Next(1, 14);
                if (kind == 3) translations[i * axes + random.Next(axes)] += random.Next(1, 4);
            }
            var tile = extents.Aggregate(1L, (p, e) => p * e);
            var expected = ExplicitWalk(translations, factors, extents, tile);
            var actual = TileDeltaAnalysis.Fills(translations, factors, extents, tile, scratch);
            Assert.True(expected == actual, $"trial {trial}: explicit {expected}, closed form {actual}");
        }
    }

    // Visit configurations c in {0,1}^loops in loop-nest order (outermost loop most significant),
    // weight = product of (factor - 1) over loops at their representative iteration, and apply
    // Timeloop's rule to the boxes: subtract the previous box while the box keeps moving by the
    // translation of the first move after a reset; any other move refetches the whole box.
    private static long ExplicitWalk(long[] translations, long[] factors, long[] extents, long tile)
    {
        var loops = factors.Length;
        var axes = extents.Length;
        long total = 0;
        long[]? previous = null;
        long[]? reference = null;
        for (var c = 0; c < 1 << loops; c++)
        {
            long weight = 1;
            var position = new long[axes];
            for (var i = 0; i < loops; i++)
            {
                if ((c >> i & 1) == 0) continue;
                weight *= factors[i] - 1;
                for (var a = 0; a < axes; a++) position[a] += translations[i * axes + a];
            }
            long delta;
            if (previous is null)
            {
                delta = tile;
            }
            else
            {
                var move = Enumerable.Range(0, axes).Select(a => position[a] - previous[a]).ToArray();
                if (reference is null || reference.SequenceEqual(move))
                {
                    long overlap = 1;
                    for (var a = 0; a < axes; a++) overlap *= Math.Max(0, extents[a] - Math.Abs(move[a]));
                    delta = tile - overlap;
                    reference = move;
                }
                else
                {
                    delta = tile;
                    reference = null;
                }
            }
            total += weight * delta;
            previous = position;
        }
        return total;
    }
}
