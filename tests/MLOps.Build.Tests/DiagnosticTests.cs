using Xunit;

namespace MLOps.Build.Tests;

/// <summary>Bad input fails the build with a coded error that says what and where, and loses nothing already built.</summary>
public class DiagnosticTests
{
    [Fact]
    public void Non_numeric_value_fails_with_code_file_line_and_column_and_keeps_the_previous_model()
    {
        using var project = new ModelProject().WithChurnProject();
        Assert.True(project.Build().Succeeded);
        var goodModel = File.ReadAllBytes(project.ModelPath);
        project.EditData("train.csv", "C01000000,34,", "C01000000,3x4,");

        var result = project.Build();

        Assert.False(result.Succeeded, result.Output);
        Assert.Contains("data/train.csv(2,11): error MLOPS1010: Column 'tenure_months' holds numbers", result.Output);
        Assert.Contains("'3x4'", result.Output);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
        Assert.Equal(goodModel, File.ReadAllBytes(project.ModelPath));

        project.EditData("train.csv", "C01000000,3x4,", "C01000000,34,");
        var fixedBuild = project.Build();
        Assert.True(fixedBuild.Succeeded, fixedBuild.ToString());
    }

    [Fact]
    public void Many_bad_values_are_capped_with_a_count()
    {
        using var project = new ModelProject().WithChurnProject("<ModelMaxDiagnosticsPerCode>3</ModelMaxDiagnosticsPerCode>");
        var lines = File.ReadAllLines(project.DataPath("train.csv"));
        for (var i = 1; i <= 10; i++)
        {
            var fields = lines[i].Split(',');
            fields[2] = "n/a";
            lines[i] = string.Join(',', fields);
        }
        File.WriteAllLines(project.DataPath("train.csv"), lines);

        var result = project.Build();

        Assert.False(result.Succeeded);
        Assert.Contains("7 more MLOPS1010 errors not shown (10 in all)", result.Output);
    }

    [Theory]
    [InlineData("<LabelColumn>churned</LabelColumn>", "data/missing.csv", "error MLOPS1001")]
    [InlineData("<LabelColumn>churn</LabelColumn>", "data/train.csv", "error MLOPS1014: LabelColumn 'churn' is not a column")]
    [InlineData("", "data/train.csv", "error MLOPS1013: LabelColumn is not set")]
    [InlineData("<LabelColumn>churned</LabelColumn><Trainer>Forest</Trainer>", "data/train.csv", "error MLOPS2002: Trainer 'Forest' is not a trainer")]
    public void Project_mistakes_have_their_own_codes(string properties, string trainingData, string expected)
    {
        using var project = new ModelProject().WithProject($"""
              <PropertyGroup>{properties}</PropertyGroup>
              <ItemGroup><TrainingData Include="{trainingData}" /></ItemGroup>
            """);

        var result = project.Build();

        Assert.False(result.Succeeded, result.Output);
        Assert.Contains(expected, result.Output);
    }

    [Fact]
    public void Unknown_trainer_parameter_is_an_error_that_suggests_the_right_name()
    {
        using var project = new ModelProject().WithChurnProject(extraItems: """<TrainerParameter Include="l2" Value="1" />""");

        var result = project.Build();

        Assert.False(result.Succeeded);
        Assert.Contains("error MLOPS2004: Trainer 'LogisticRegression' has no parameter 'l2'. Did you mean 'L2'?", result.Output);
    }

    [Fact]
    public void Label_with_one_class_and_empty_file_have_their_own_codes()
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
              <ItemGroup><TrainingData Include="data/one_class.csv" /></ItemGroup>
            """);
        File.WriteAllLines(project.DataPath("one_class.csv"), ["tenure,churned", .. Enumerable.Range(0, 30).Select(i => $"{i},false")]);
        var oneClass = project.Build();
        File.WriteAllText(project.DataPath("one_class.csv"), "");
        var empty = project.Build();

        Assert.Contains("error MLOPS1016", oneClass.Output);
        Assert.Contains("data/one_class.csv : error MLOPS1002", empty.Output.Replace("data/one_class.csv: error", "data/one_class.csv : error"));
    }
}
