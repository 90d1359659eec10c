using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Where Model.Load finds a model: `dotnet run` runs in the project folder, the model sits in the output folder.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-model-file-").FullName;
    private string ProjectFolder => Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
    private string OutputFolder => Directory.CreateDirectory(Path.Combine(_root, "app", "bin", "Debug", "net8.0")).FullName;

    [Fact]
    public void A_relative_path_is_found_in_the_app_folder_when_the_current_directory_lacks_it()
    {
        var model = Path.Combine(OutputFolder, "Churn.model.json");
        File.WriteAllText(model, "{}");

        Assert.Equal(model, ModelFile.Find("Churn.model.json", ProjectFolder, OutputFolder));
    }

    [Fact]
    public void A_relative_path_in_the_current_directory_comes_first()
    {
        File.WriteAllText(Path.Combine(OutputFolder, "Churn.model.json"), "{}");
        var inProject = Path.Combine(ProjectFolder, "Churn.model.json");
        File.WriteAllText(inProject, "{}");

        Assert.Equal(inProject, ModelFile.Find("Churn.model.json", ProjectFolder, OutputFolder));
    }

    [Fact]
    public void A_model_found_nowhere_is_an_error_naming_every_place_tried()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelFile.Find("Churn.model.json", ProjectFolder, OutputFolder));

        Assert.Contains(Path.Combine(ProjectFolder, "Churn.model.json"), error.Message);
        Assert.Contains(Path.Combine(OutputFolder, "Churn.model.json"), error.Message);
        Assert.Equal("Churn.model.json", error.FileName);
    }

    [Fact]
    public void Load_names_the_places_it_tried()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Model.Load($"no-such-{Guid.NewGuid():N}.model.json"));

        Assert.Contains(Path.Combine(Environment.CurrentDirectory, "no-such-"), error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
