using MLOps.Runtime;
using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Profiles count exactly: merging the profiles of parts gives the profile of the whole, in any grouping.</summary>
public sealed class ScoringProfileTests
{
    internal static readonly Model Churn = new(new ModelDocument
    {
        Format = ModelFormat.FormatName, FormatVersion = 1, Name = "Churn", Task = "BinaryClassification",
        Label = new LabelSpec("churned", InputTypes.Boolean, ["false", "true"]),
        Inputs =
        [
            new InputSpec { Name = "tenure_months", Type = InputTypes.Number, Center = 0, Scale = 1 },
            new InputSpec { Name = "senior", Type = InputTypes.Boolean, Center = 0, Scale = 1 },
            new InputSpec { Name = "contract", Type = InputTypes.Category, Levels = ["month-to-month", "one-year", "two-year"] },
        ],
        Predictor = new PredictorSpec(PredictorKinds.Linear, Links.Logit, -1, [0.05, 1, -1, 0.5, 1]),
        Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 42, "0", "f00d", 1),
    });

    private static readonly string[] Contracts = ["month-to-month", "one-year", "two-year", "weekly", null!];

    /// <summary>A reference layout from the first rows' quantiles, as the build makes one.</summary>
    internal static ScoringProfile Layout()
    {
        var tenure = Enumerable.Range(0, 200).Select(i => (double)(i * 7 % 73)).Order().ToArray();
        return ProfileLayout.Create(Churn.Document, ProfileKinds.Reference, _ => ProfileEdges.Quantiles(tenure), _ => ["month-to-month", "one-year"], []);
    }

    /// <summary>Profile of rows <paramref name="from"/> … <paramref name="to"/>−1 of a deterministic stream.</summary>
    internal static ScoringProfile ProfileOf(int from, int to, ScoringProfile? layout = null, bool labels = false)
    {
        var builder = new ProfileBuilder(layout ?? Layout());
        var row = Churn.CreateRow();
        for (var i = from; i < to; i++)
        {
            row.Clear();
            if (i % 11 != 0) row.Set("tenure_months", i * 13 % 97 - 5);
            if (i % 5 != 0) row.Set("senior", i % 3 == 0);
            row.Set("contract", Contracts[i % Contracts.Length]);
            builder.Add(row, Churn.Score(row), labels ? i % 2 : -1, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i));
        }
        return builder.ToProfile();
    }

    [Fact]
    public void The_profile_of_a_split_is_the_merge_of_the_profiles_of_its_parts()
    {
        var whole = ProfileOf(0, 1000);
        var merged = ScoringProfile.Merge([ProfileOf(0, 317), ProfileOf(317, 640), ProfileOf(640, 1000)]);

        Assert.Equal(Counts(whole), Counts(merged));
        AssertSameSums(whole, merged);
        Assert.Equal(1000, merged.Rows);
        Assert.Equal(1000 / 11 + 1, merged.Columns[0].Missing);
    }

    [Fact]
    public void Merging_is_associative_and_commutative()
    {
        ScoringProfile a = ProfileOf(0, 100), b = ProfileOf(100, 450), c = ProfileOf(450, 451);

        var left = ScoringProfile.Merge(ScoringProfile.Merge(a, b), c);
        foreach (var other in new[] { ScoringProfile.Merge(a, ScoringProfile.Merge(b, c)), ScoringProfile.Merge(ScoringProfile.Merge(c, a), b) })
        {
            Assert.Equal(Counts(left), Counts(other));
            AssertSameSums(left, other);
        }
    }

    [Fact]
    public void Category_values_the_reference_did_not_keep_count_as_other()
    {
        var contract = ProfileOf(0, 10).Columns[2];

        Assert.Equal(["month-to-month", "one-year"], contract.Categories!.Values);
        Assert.Equal([2L, 2L], contract.Categories.Counts);
        Assert.Equal(4, contract.Categories.Other); // two-year and weekly
        Assert.Equal(2, contract.Missing);
    }

    [Fact]
    public void A_profile_reads_back_as_written_byte_for_byte()
    {
        var profile = ProfileOf(0, 500, labels: true) with { Metrics = new Dictionary<string, double?> { ["auc"] = 0.75, ["f1"] = null } };
        var bytes = ProfileFormat.ToBytes(profile);

        var read = ProfileFormat.FromBytes(bytes, "churn.profile.json");

        Assert.Equal(bytes, ProfileFormat.ToBytes(read));
        Assert.Equal(1, read.Format);
        Assert.Equal(500, read.Predictions.Positives!.Sum() * 2);
    }

    [Fact]
    public void Profiles_on_different_edges_or_of_different_models_are_refused_with_the_reason()
    {
        var other = ProfileLayout.Create(Churn.Document, ProfileKinds.Reference, _ => [1.0, 2.0], _ => ["month-to-month", "one-year"], []);
        var edges = Assert.Throws<InvalidDataException>(() => ScoringProfile.Merge(ProfileOf(0, 10), ProfileOf(0, 10, other)));
        Assert.Contains("column 'tenure_months' has different bin edges", edges.Message);

        var retrained = ProfileOf(0, 10) with { Model = new ProfiledModel("Churn", "BinaryClassification", "beef") };
        var model = Assert.Throws<InvalidDataException>(() => ScoringProfile.Merge(ProfileOf(0, 10), retrained));
        Assert.Contains("fingerprint f00d", model.Message);
    }

    [Fact]
    public void A_newer_format_is_refused()
    {
        var bytes = ProfileFormat.ToBytes(ProfileOf(0, 3) with { Format = 2 });

        var error = Assert.Throws<InvalidDataException>(() => ProfileFormat.FromBytes(bytes, "x.profile.json"));
        Assert.Contains("x.profile.json has profile format 2", error.Message);
    }

    [Fact]
    public void Quantile_edges_put_about_the_same_number_of_values_in_each_bin()
    {
        var values = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();
        var edges = ProfileEdges.Quantiles(values);

        Assert.Equal(19, edges.Count);
        Assert.Equal(50, edges[0]);
        Assert.Equal(950, edges[^1]);
        Assert.Equal([0.0], ProfileEdges.Quantiles([0, 0, 0, 0, 1])); // a repeated value gets its own bin
    }

    [Fact]
    public void A_prediction_log_line_reads_back_into_the_same_row()
    {
        var row = Churn.CreateRow().Set("tenure_months", 7.5).Set("senior", true).Set("contract", "weekly");
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, PredictionLogFormat.Options))
            PredictionLogFormat.Write(writer, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), ProfiledModel.Of(Churn.Document, "1.4.0"),
                "order-7", Churn.Inputs, row.Numbers, row.Categories, [0.25]);

        var record = PredictionLogFormat.Parse(buffer.ToArray(), "log");
        var back = Churn.CreateRow();
        record.FillRow(back);

        Assert.Equal("""{"time":"2026-12-01T10:00:00Z","model":"Churn","version":"1.4.0","fingerprint":"f00d","key":"order-7","inputs":{"tenure_months":7.5,"senior":true,"contract":"weekly"},"score":0.25}""",
            System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(row.Numbers, back.Numbers);
        Assert.Equal(row.Categories, back.Categories);
        Assert.Equal(0.25, record.Score);
    }

    /// <summary>The profile as JSON without its floating-point sums: every count, min and max, which merge exactly.</summary>
    internal static string Counts(ScoringProfile profile) => System.Text.Encoding.UTF8.GetString(ProfileFormat.ToBytes(profile with
    {
        Columns = profile.Columns.Select(c => c with { Summary = c.Summary is { } s ? s with { Sum = 0, SumOfSquares = 0 } : null }).ToArray(),
        Predictions = profile.Predictions with { Summary = profile.Predictions.Summary! with { Sum = 0, SumOfSquares = 0 } },
    }));

    /// <summary>Sums equal up to floating-point rounding (they are added in another order).</summary>
    internal static void AssertSameSums(ScoringProfile expected, ScoringProfile actual)
    {
        var pairs = expected.Columns.Select(c => c.Summary).Append(expected.Predictions.Summary)
            .Zip(actual.Columns.Select(c => c.Summary).Append(actual.Predictions.Summary)).Where(p => p.First is not null);
        foreach (var (e, a) in pairs)
        {
            Assert.Equal(e!.Sum, a!.Sum, 1e-9 * Math.Max(1, Math.Abs(e.Sum)));
            Assert.Equal(e.SumOfSquares, a.SumOfSquares, 1e-9 * Math.Max(1, e.SumOfSquares));
        }
    }
}
