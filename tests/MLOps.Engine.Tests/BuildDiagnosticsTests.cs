using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The diagnostics file: each step replaces its own section; a failed step drops the sections of the steps it stopped.</summary>
public sealed class BuildDiagnosticsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mlops-diagnostics-{Guid.NewGuid():N}");
    private string FilePath => Path.Combine(_folder, "bin", "T.diagnostics.json");
    private string ProjectFile => Path.Combine(_folder, "T.mlproj");

    [Fact]
    public void A_step_replaces_only_its_own_section()
    {
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Validate, [new Diagnostic("MLOPS1030", Severity.Warning, "below", "data/train.csv", 5, 3)], ProjectFile);
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Gate, [new Diagnostic("MLOPS3101", Severity.Error, "failed")], ProjectFile);
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Gate, [new Diagnostic("MLOPS3108", Severity.Warning, "inconclusive")], ProjectFile);

        var recorded = BuildDiagnostics.TryRead(FilePath)!;

        Assert.Equal([BuildStep.Validate, BuildStep.Gate], recorded.Steps.Select(s => s.Step));
        Assert.Equal(["MLOPS1030", "MLOPS3108"], recorded.All.Select(d => d.Code));
        Assert.Equal(new RecordedDiagnostic("MLOPS1030", Severity.Warning, "data/train.csv", 5, 3, "below"), recorded.All.First());
        Assert.Equal("T.mlproj", recorded.All.Last().File); // no file: the project
        Assert.False(recorded.FailedBeforeGate);
    }

    [Fact]
    public void A_step_with_errors_removes_the_sections_of_later_steps()
    {
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Train, [new Diagnostic("MLOPS2007", Severity.Warning, "not converged")], ProjectFile);
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Gate, [], ProjectFile);
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Validate, [new Diagnostic("MLOPS1010", Severity.Error, "3x4", "data/train.csv", 2, 11)], ProjectFile);

        var recorded = BuildDiagnostics.TryRead(FilePath)!;

        Assert.Equal([BuildStep.Validate], recorded.Steps.Select(s => s.Step));
        Assert.True(recorded.FailedBeforeGate);
    }

    [Fact]
    public void A_skipped_step_keeps_its_section_unless_a_failed_run_wrote_it()
    {
        BuildDiagnostics.Record(FilePath, "T", BuildStep.Train, [new Diagnostic("MLOPS2007", Severity.Warning, "not converged")], ProjectFile);
        BuildDiagnostics.Skipped(FilePath, BuildStep.Train);
        Assert.Single(BuildDiagnostics.TryRead(FilePath)!.All);

        BuildDiagnostics.Record(FilePath, "T", BuildStep.Validate, [new Diagnostic("MLOPS1010", Severity.Error, "3x4", "data/train.csv", 2, 11)], ProjectFile);
        BuildDiagnostics.Skipped(FilePath, BuildStep.Validate); // the data was put back: the outputs are the last good build's

        Assert.Empty(BuildDiagnostics.TryRead(FilePath)!.Steps);
    }

    [Fact]
    public void Files_outside_the_project_folder_keep_their_full_path_and_an_unreadable_file_starts_afresh()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "not json");
        var outside = Path.Combine(Path.GetTempPath(), "elsewhere.csv");

        BuildDiagnostics.Record(FilePath, "T", BuildStep.Validate, [new Diagnostic("MLOPS1001", Severity.Error, "missing", outside)], ProjectFile);

        Assert.Equal(outside, BuildDiagnostics.TryRead(FilePath)!.All.Single().File);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
