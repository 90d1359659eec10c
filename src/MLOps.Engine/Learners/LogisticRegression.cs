using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLOps.Runtime;

namespace MLOps.Engine.Learners;

/// <summary>What a binary logistic regression fit produced.</summary>
public sealed record LogisticFit(double Intercept, double[] Weights, MinimizeResult Solver);

/// <summary>
/// Binary logistic regression with an L2 penalty on the weights (not the intercept), minimizing
/// <c>Σ logloss(yᵢ, σ(b + w·xᵢ)) + (L2/2)·‖w‖²</c> — scikit-learn's objective with <c>C = 1/L2</c> —
/// by L-BFGS on the objective divided by the row count (same optimum, better-scaled tolerance), preconditioned by
/// the Hessian at the start (<see cref="LogisticPreconditioner"/>).
/// </summary>
public static class LogisticRegression
{
    private const int Block = 1024;

    /// <summary>Fits on a row-major matrix <paramref name="x"/> (rows × <paramref name="width"/>) and 0/1 labels.</summary>
    public static LogisticFit Fit(double[] x, int width, double[] y, double l2, int maxIterations, double tolerance)
    {
        var columns = Enumerable.Range(0, width).Select(j => new double[y.Length]).ToArray();
        for (var r = 0; r < y.Length; r++)
            for (var j = 0; j < width; j++) columns[j][r] = x[r * width + j];
        return Fit(columns, y, l2, maxIterations, tolerance);
    }

    /// <summary>
    /// Fits on features given one array per feature (<paramref name="columns"/>, each as long as
    /// <paramref name="y"/>), the layout the objective streams: a block of rows is a slice of every column.
    /// </summary>
    public static LogisticFit Fit(double[][] columns, double[] y, double l2, int maxIterations, double tolerance, CancellationToken cancel = default)
    {
        var rows = y.Length;
        var width = columns.Length;
        var positives = y.Sum();
        var start = new double[width + 1];
        // Start from the intercept-only optimum; weights at zero.
        start[width] = Math.Log(Math.Max(positives, 0.5) / Math.Max(rows - positives, 0.5));
        var scale = 1.0 / rows;

        // Rows are cut into a fixed number of chunks whatever the thread count; chunk sums are added in chunk order,
        // so the fit is bit-for-bit the same on any machine.
        var chunks = Math.Clamp(rows / 4096, 1, 64);
        var chunkLoss = new double[chunks];
        var chunkGradient = new double[chunks * (width + 1)];

        double Objective(ReadOnlySpan<double> parameters, Span<double> gradient)
        {
            var current = parameters.ToArray();
            Parallel.For(0, chunks, c =>
            {
                var end = (int)((long)rows * (c + 1) / chunks);
                chunkLoss[c] = Chunk(columns, y, current, (int)((long)rows * c / chunks), end, chunkGradient.AsSpan(c * (width + 1), width + 1));
            });
            gradient.Clear();
            double total = 0;
            for (var c = 0; c < chunks; c++)
            {
                total += chunkLoss[c];
                VectorMath.AddScaled(gradient, 1, chunkGradient.AsSpan(c * (width + 1), width + 1));
            }
            var weights = parameters[..width];
            var penalty = VectorMath.Dot(weights, weights);
            VectorMath.AddScaled(gradient[..width], l2, weights);
            for (var j = 0; j <= width; j++) gradient[j] *= scale;
            return (total + l2 / 2 * penalty) * scale;
        }

        var preconditioner = LogisticPreconditioner.At(columns, rows, start[width], l2 * scale);
        var result = Lbfgs.Minimize(Objective, start, maxIterations, tolerance, cancel, preconditioner);
        return new LogisticFit(result.X[width], result.X[..width], result);
    }

    /// <summary>
    /// The loss of rows [<paramref name="start"/>, <paramref name="end"/>) and their gradient, a block of rows at a
    /// time: the block's scores feature by feature (z += wⱼ·xⱼ), every row's loss and residual at once
    /// (<see cref="LogisticTerms"/>), then each feature's gradient as one dot product with the residuals, while the
    /// block is still in cache. Sums run in a fixed order of four lanes, so the bits do not depend on the machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Chunk(double[][] columns, double[] y, double[] parameters, int start, int end, Span<double> gradient)
    {
        var width = columns.Length;
        gradient.Clear();
        double loss = 0;
        Span<double> z = stackalloc double[Block];
        Span<double> terms = stackalloc double[Block];
        Span<double> residuals = stackalloc double[Block];
        for (; start < end; start += Block)
        {
            var count = Math.Min(Block, end - start);
            var scores = z[..count];
            Scores(columns, parameters, start, scores);
            LogisticTerms.Compute(scores, y.AsSpan(start, count), terms[..count], residuals[..count]);
            for (var i = 0; i < count; i++)
            {
                loss += terms[i];
                gradient[width] += residuals[i];
            }
            for (var j = 0; j < width; j++) gradient[j] += VectorMath.Dot(columns[j].AsSpan(start, count), residuals[..count]);
        }
        return loss;
    }

    /// <summary>
    /// b + Σⱼ wⱼ·xⱼ for the rows from <paramref name="start"/>, four rows to a register: every feature's value is loaded
    /// once and the sum stays in the register, summed in feature order in every lane and in the scalar tail alike.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scores(double[][] columns, double[] parameters, int start, Span<double> scores)
    {
        var width = columns.Length;
        var b = parameters[width];
        var v = 0;
        for (; v + Vector256<double>.Count <= scores.Length; v += Vector256<double>.Count)
        {
            var sum = Vector256.Create(b);
            for (var j = 0; j < width; j++)
                sum += Vector256.Create(parameters[j]) * Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(columns[j]), (nuint)(start + v));
            sum.CopyTo(scores[v..]);
        }
        for (; v < scores.Length; v++)
        {
            var sum = b;
            for (var j = 0; j < width; j++) sum += parameters[j] * columns[j][start + v];
            scores[v] = sum;
        }
    }
}
