using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// <see cref="ProjectValues"/>, the one place a project's properties and items become a <see cref="ModelSpec"/> (for the
/// build's PrepareModelPipeline task and for <c>mlops status</c>/<c>diff</c>): every setting of the spec comes from a
/// value it names, so a front end that asks for <see cref="ProjectValues.PropertyNames"/> and
/// <see cref="ProjectValues.ItemTypes"/> misses none.
/// </summary>
public sealed class ProjectValuesTests
{
    private static readonly string Project = Path.Combine(Path.GetTempPath(), "mlops-spec", "Churn.mlproj");

    private static ProjectValues Values(Func<string, string> property, Func<string, IReadOnlyList<ProjectItem>> items) => new(Project,
        ProjectValues.PropertyNames.ToDictionary(name => name, property),
        ProjectValues.ItemTypes.ToDictionary(type => type, items));

    [Fact]
    public void Every_setting_of_the_spec_comes_from_a_named_property_or_item()
    {
        var unset = Values(_ => "", _ => []).ToSpec();
        var set = Values(
            name => name switch { "ModelMaxDiagnosticsPerCode" => "7", _ => name + "-value" },
            type => [new ProjectItem(type + ".csv", new Dictionary<string, string> { ["Value"] = "1", ["Minimum"] = "0.5" })]).ToSpec();

        var same = typeof(ModelSpec).GetProperties()
            .Where(p => p.Name != nameof(ModelSpec.ProjectFile) && p.GetMethod!.IsPublic)
            .Where(p => JsonSerializer.Serialize(p.GetValue(unset)) == JsonSerializer.Serialize(p.GetValue(set)))
            .Select(p => p.Name);
        Assert.Empty(same);
        Assert.Equal(7, set.MaxDiagnosticsPerCode);
        Assert.Equal([KeyValuePair.Create("TrainerParameter.csv", "1")], set.TrainerParameters);
        Assert.Equal("0.5", Assert.Single(set.Gates).Metadata["Minimum"]);
        Assert.Equal(["GateOverrideGates-value"], set.GateOverrideGates);
        Assert.Equal(new ModelCache("ModelCacheSource-value", "PackageId-value", set.BaselinePackage!.PackagesFolder, "ModelFeedTimeout-value"), set.Cache);
    }

    [Fact]
    public void Blank_values_are_unset_and_take_the_defaults()
    {
        var spec = Values(_ => "  ", _ => []).ToSpec();

        Assert.Equal("Churn", spec.Name);
        Assert.Null(spec.TrainerCommand);
        Assert.Null(spec.BaselinePackage);
        Assert.Null(spec.Cache);
        Assert.Null(spec.GateOverrideReason);
        Assert.Empty(spec.GateOverrideGates);
        Assert.Equal(ModelDefaults.GateCorrection, spec.GateCorrection);
        Assert.Equal(DiagnosticBag.DefaultMaxPerCode, spec.MaxDiagnosticsPerCode);
        Assert.Equal(Path.GetDirectoryName(Project), spec.Outputs.ModelPath);
    }

    [Fact]
    public void A_cache_needs_the_package_id_it_looks_up()
    {
        var spec = Values(name => name == "ModelCacheSource" ? "https://feed.example/v3/index.json" : "", _ => []).ToSpec();
        Assert.Null(spec.Cache);
    }
}
