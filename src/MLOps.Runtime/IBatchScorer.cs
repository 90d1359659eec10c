namespace MLOps.Runtime;

/// <summary>A way to score many rows through every tree, chosen once per model by what the trees and the processor allow.</summary>
internal interface IBatchScorer
{
    /// <summary>Adds every tree's leaf to each row's sum, as <see cref="TreeEnsemble.SumBatch"/> does.</summary>
    void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes);
}
