using MLOps.Engine.Learners;
using Xunit;

namespace MLOps.Engine.Tests;

public class LogisticTermsTests
{
    [Fact]
    public void Loss_and_residual_equal_the_library_functions_to_a_few_ulps()
    {
        var random = new Random(8);
        var z = Enumerable.Range(0, 100_003).Select(i => i switch
        {
            0 => 0.0,
            1 => -800.0,
            2 => 800.0,
            3 => 1e-300,
            _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 3)),
        }).ToArray();
        var y = z.Select((_, i) => (double)(i % 2)).ToArray();
        var loss = new double[z.Length];
        var residual = new double[z.Length];
        LogisticTerms.Compute(z, y, loss, residual);
        for (var i = 0; i < z.Length; i++)
        {
            var e = Math.Exp(-Math.Abs(z[i]));
            var expectedLoss = Math.Max(z[i], 0) + Math.Log(1 + e) - y[i] * z[i];
            var expectedResidual = (z[i] >= 0 ? 1 : e) / (1 + e) - y[i];
            // The loss subtracts y·z from about z, so both sides carry an error of an ulp of |z|.
            Assert.True(Math.Abs(loss[i] - expectedLoss) <= 1e-15 * Math.Max(1, Math.Abs(z[i])), $"loss at z = {z[i]}: {loss[i]} vs {expectedLoss}");
            // σ − 1 cancels as well.
            Assert.True(Math.Abs(residual[i] - expectedResidual) <= 1e-15 * (Math.Abs(expectedResidual) + y[i]) + 1e-307, $"residual at z = {z[i]}: {residual[i]} vs {expectedResidual}");
        }
    }

    [Fact]
    public void A_row_gets_the_same_bits_wherever_it_stands_in_a_block()
    {
        double[] z = [0.3, -2.5, 7.25, -0.001, 12.0, -40.0, 0.0];
        double[] y = [1, 0, 1, 0, 1, 0, 1];
        var whole = (new double[7], new double[7]);
        LogisticTerms.Compute(z, y, whole.Item1, whole.Item2);
        for (var i = 0; i < z.Length; i++)
        {
            var one = (new double[1], new double[1]);
            LogisticTerms.Compute(z.AsSpan(i, 1), y.AsSpan(i, 1), one.Item1, one.Item2);
            Assert.Equal(whole.Item1[i], one.Item1[0]);
            Assert.Equal(whole.Item2[i], one.Item2[0]);
        }
    }
}
