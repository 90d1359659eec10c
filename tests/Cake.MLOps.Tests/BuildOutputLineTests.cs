using MLOps.Engine.Diagnostics;
using Xunit;

namespace Cake.MLOps.Tests;

public sealed class BuildOutputLineTests
{
    [Fact]
    public void A_canonical_msbuild_error_keeps_its_code_file_line_and_column()
    {
        var diagnostic = BuildOutputLine.TryParse("data/train.csv(2066,18): warning MLOPS1030: Column 'total_charges' has the value '-3.7'. [/m/Churn.mlproj]");

        Assert.Equal(new Diagnostic("MLOPS1030", Severity.Warning, "Column 'total_charges' has the value '-3.7'.", "data/train.csv", 2066, 18), diagnostic);
    }

    [Fact]
    public void A_project_level_error_has_a_file_but_no_line()
    {
        var diagnostic = BuildOutputLine.TryParse("/m/Churn.mlproj : error MLOPS3101: Gate 'auc >= 0.99' failed: 0.83 is below 0.99. [/m/Churn.mlproj]");

        Assert.Equal(new Diagnostic("MLOPS3101", Severity.Error, "Gate 'auc >= 0.99' failed: 0.83 is below 0.99.", "/m/Churn.mlproj"), diagnostic);
    }

    [Fact]
    public void Other_lines_are_not_diagnostics() => Assert.Null(BuildOutputLine.TryParse("  Churn: training, because it has not been built yet."));
}
