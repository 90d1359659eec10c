using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>A model project's options: parsed once, every bad value a coded error, every default from one place.</summary>
public sealed class OptionsTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-options-{Guid.NewGuid():N}");

    private ModelSpec Spec() => new()
    {
        Name = "T",
        ProjectFile = "T.mlproj",
        LabelColumn = "churned",
        TrainingData = [Fixtures.File("dirty/crlf_bom.csv")],
        Gates = [new GateItem("auc", new Dictionary<string, string> { ["Minimum"] = "0.1" })],
        Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
            Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
    };

    [Fact]
    public void A_bad_seed_is_an_error_in_the_gate_step_too_not_a_silent_zero()
    {
        var spec = Spec();
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);

        var result = ModelBuild.Gate(spec with { Seed = "forty-two" }, fingerprint);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidSeed && d.Message.Contains("'forty-two'"));
        Assert.False(File.Exists(spec.Outputs.GateResultPath));
    }

    [Fact]
    public void A_spec_that_sets_nothing_gets_the_documented_defaults()
    {
        var spec = Spec();

        Assert.Equal("42", spec.Seed);
        Assert.Equal("Holm", spec.GateCorrection);
        Assert.Equal("2000", spec.GateResamples);
        Assert.Equal(ModelDefaults.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.Seed);
    }

    [Fact]
    public void The_msbuild_props_default_what_the_engine_defaults()
    {
        var props = File.ReadAllText(Path.Combine(DocumentationTests.Root, "src", "MLOps.Build", "build", "MLOps.Build.props"));

        Assert.Contains($">{ModelDefaults.Seed}</Seed>", props);
        Assert.Contains($">{ModelDefaults.GateCorrection}</ModelGateCorrection>", props);
        Assert.Contains($">{ModelDefaults.GateResamples}</ModelGateResamples>", props);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
