using System.Globalization;
using System.Text.RegularExpressions;
using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Every output of a build (reports, model files, messages) is the same on a machine whose culture writes 0,5 and
/// 1.000 (de-DE) as on an invariant one: numbers are formatted invariantly, so outputs stay byte-identical anywhere.
/// </summary>
public sealed class ReportCultureTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-culture-{Guid.NewGuid():N}");

    private ModelSpec Spec()
    {
        Directory.CreateDirectory(_output);
        var contract = Path.Combine(_output, "churn.schema.json");
        ContractFile.Write(contract, ContractInference.Infer([Fixtures.File("churn_train.csv")], new DiagnosticBag())!);
        return new ModelSpec
        {
            Name = "T",
            ProjectFile = "T.mlproj",
            LabelColumn = "churned",
            TrainingData = [Fixtures.File("churn_train.csv")],
            EvaluationData = [Fixtures.File("churn_test.csv")],
            ReferenceData = [Fixtures.File("churn_current_drifted.csv")],
            DataSchema = new Data.DataFile(contract, "churn.schema.json"),
            ExcludeColumns = ["customer_id"],
            Gates = [new GateItem("auc", new Dictionary<string, string> { ["Minimum"] = "0.5" })],
            Slices = [new GateItem("region", new Dictionary<string, string> { ["MinimumRows"] = "50" })],
            FairnessGates = [new GateItem("gender", new Dictionary<string, string> { ["Metric"] = "demographic_parity_difference", ["Maximum"] = "0.5" })],
            Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
                Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
        };
    }

    /// <summary>Builds under <paramref name="culture"/>: every output file's text and every message.</summary>
    private SortedDictionary<string, string> Build(string culture)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var spec = Spec();
            var fingerprint = Fingerprint.Compute(spec);
            var steps = new[] { ModelBuild.Validate(spec), ModelBuild.Train(spec, fingerprint), ModelBuild.Evaluate(spec, fingerprint), ModelBuild.Gate(spec, fingerprint) };
            Assert.Equal(culture, CultureInfo.CurrentCulture.Name); // the steps give the caller's culture back
            var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(_output).Where(f => !f.EndsWith(".fingerprint.json", StringComparison.Ordinal)))
                outputs[Path.GetFileName(file)] = File.ReadAllText(file);
            // Times differ from run to run; written invariantly (0.32 s), they are left out. A 0,32 s is not, and differs.
            outputs["messages"] = Regex.Replace(string.Join("\n", steps.SelectMany(s => s.Messages.Concat(s.Diagnostics.Select(d => d.ToString())))), @"\b\d+\.\d+ s\b", "(time)");
            return outputs;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public void Outputs_and_messages_under_a_german_culture_are_the_invariant_ones()
    {
        var invariant = Build("");
        var german = Build("de-DE");

        Assert.Contains("T.report.md", invariant.Keys);
        Assert.True(invariant.ContainsKey("T.report.html"), invariant["messages"]);
        Assert.Contains("T.validation.md", invariant.Keys);
        Assert.Equal(invariant.Keys, german.Keys);
        var differences = invariant.Where(o => o.Value != german[o.Key]).Select(o => $"{o.Key} differs under de-DE:\n{FirstDifference(o.Value, german[o.Key])}");
        Assert.Empty(differences);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at]) at++;
        string Around(string s) => s.Substring(Math.Max(0, at - 80), Math.Min(s.Length - Math.Max(0, at - 80), 160));
        return $"invariant: …{Around(expected)}…\nde-DE:     …{Around(actual)}…";
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
