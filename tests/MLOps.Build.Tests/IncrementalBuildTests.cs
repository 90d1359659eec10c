using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A model retrains when, and only when, the content of its inputs changes.</summary>
public class IncrementalBuildTests
{
    private static ModelProject BuiltProject(string extraProperties = "", string extraItems = "")
    {
        var project = new ModelProject().WithChurnProject(extraProperties, extraItems);
        var first = project.Build();
        Assert.True(first.Succeeded && first.Trained, first.ToString());
        return project;
    }

    [Fact]
    public void Second_build_with_nothing_changed_does_not_retrain()
    {
        using var project = BuiltProject();
        var written = File.GetLastWriteTimeUtc(project.ModelPath);

        var second = project.Build();

        Assert.True(second.Succeeded, second.ToString());
        Assert.False(second.Trained, second.Output);
        Assert.Contains("Churn: model is up to date", second.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(project.ModelPath));
    }

    [Fact]
    public void Touching_a_data_file_does_not_retrain()
    {
        using var project = BuiltProject();
        File.SetLastWriteTimeUtc(project.DataPath("train.csv"), DateTime.UtcNow.AddMinutes(1));
        File.SetLastWriteTimeUtc(project.DataPath("test.csv"), DateTime.UtcNow.AddMinutes(1));

        var second = project.Build();

        Assert.True(second.Succeeded, second.ToString());
        Assert.False(second.Trained, second.Output);
    }

    [Fact]
    public void Changing_one_byte_of_the_training_data_retrains()
    {
        using var project = BuiltProject();
        var before = File.ReadAllBytes(project.ModelPath);
        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");

        var second = project.Build();

        Assert.True(second.Succeeded && second.Trained, second.ToString());
        Assert.Contains("because data/train.csv changed", second.Output);
        Assert.NotEqual(before, File.ReadAllBytes(project.ModelPath));
    }

    [Fact]
    public void Changing_the_evaluation_data_re_evaluates_without_retraining()
    {
        using var project = BuiltProject();
        var metricsBefore = File.ReadAllText(project.MetricsPath);
        project.EditData("test.csv", "C02000000,61,", "C02000000,1,");

        var second = project.Build();

        Assert.True(second.Succeeded, second.ToString());
        Assert.False(second.Trained, second.Output);
        Assert.NotEqual(metricsBefore, File.ReadAllText(project.MetricsPath));
    }

    [Fact]
    public void Changing_a_trainer_parameter_retrains()
    {
        using var project = BuiltProject(extraItems: """<TrainerParameter Include="L2" Value="1" />""");
        project.WithChurnProject(extraItems: """<TrainerParameter Include="L2" Value="10" />""");

        var second = project.Build();

        Assert.True(second.Succeeded && second.Trained, second.ToString());
        Assert.Contains("because TrainerParameter L2 changed (1 → 10)", second.Output);
    }

    [Fact]
    public void Changing_the_seed_retrains()
    {
        using var project = BuiltProject("<Seed>1</Seed>");
        project.WithChurnProject("<Seed>2</Seed>");

        var second = project.Build();

        Assert.True(second.Succeeded && second.Trained, second.ToString());
    }
}
