using System.Text.Json;
using System.Text.Json.Nodes;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Registry;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>ModelStatus: what `mlops status` says of a built model, computed as the build computes it.</summary>
public sealed class ModelStatusTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-status-{Guid.NewGuid():N}");

    private ModelSpec Spec(string l2) => new()
    {
        Name = "T",
        ProjectFile = "T.mlproj",
        LabelColumn = "benign",
        TrainingData = [Fixtures.File("breast_cancer.csv")],
        TrainerParameters = [KeyValuePair.Create("L2", l2)],
        Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
            Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
    };

    private static ModelSpec Built(ModelSpec spec)
    {
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);
        Assert.True(ModelBuild.Evaluate(spec, fingerprint).Succeeded);
        Assert.True(ModelBuild.Gate(spec, fingerprint).Succeeded);
        return spec;
    }

    private static ModelStatus Status(ModelSpec spec) => ModelStatus.CheckAsync(spec, new DiagnosticBag()).GetAwaiter().GetResult();

    [Fact]
    public void A_model_just_built_is_current_with_its_verdict()
    {
        var status = Status(Built(Spec("1")));

        Assert.True(status.Current, string.Join("\n", status.Reasons));
        Assert.True(status.Built);
        Assert.Equal(Reports.BuildVerdict.Passed, status.Verdict);
    }

    [Fact]
    public void A_changed_parameter_is_named_with_its_old_and_new_value_and_the_build_says_the_same()
    {
        Built(Spec("1"));
        var changed = Spec("10");

        Assert.Equal(["TrainerParameter L2 changed (1 → 10)"], Status(changed).Reasons);
        Assert.Equal("TrainerParameter L2 changed (1 → 10)", Fingerprint.Compute(changed).CompareWithRecorded(changed.Outputs).Reason);
    }

    [Fact]
    public void A_record_from_before_settings_were_kept_still_says_that_settings_changed()
    {
        var spec = Built(Spec("1"));
        var record = JsonNode.Parse(File.ReadAllText(spec.Outputs.FingerprintPath))!.AsObject();
        Assert.True(record.Remove("settings"));
        File.WriteAllText(spec.Outputs.FingerprintPath, record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        Assert.True(Status(spec).Current);
        Assert.Equal(["its settings or trainer parameters changed"], Status(Spec("10")).Reasons);
    }

    [Fact]
    public void A_missing_or_edited_output_and_a_model_never_built_are_reasons()
    {
        Assert.Equal(["it has not been built yet"], Status(Spec("1")).Reasons);
        var spec = Built(Spec("1"));
        File.Delete(spec.Outputs.ModelPath);
        File.AppendAllText(spec.Outputs.MetricsPath, " ");

        var reasons = Status(spec).Reasons;

        Assert.Contains("T.model.json is missing", reasons);
        Assert.Contains(reasons, r => r.StartsWith("T.metrics.json is not the file the build recorded", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
