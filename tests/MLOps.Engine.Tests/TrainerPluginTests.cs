using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Tests;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using Xunit;

[assembly: Trainer(typeof(MeanTrainer))]

namespace MLOps.Engine.Tests;

/// <summary>A trainer from another assembly: predicts the training mean plus <c>Shift</c>, as a linear model with zero weights.</summary>
public sealed class MeanTrainer : ITrainer
{
    public string Name => "Mean";
    public string Summary => "The training mean, for tests.";
    public IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.Regression];
    public IReadOnlyList<ParameterDefinition>? Parameters { get; } = [new("Shift", 0, -1000, 1000, false, "Added to the mean.")];

    public TrainedModel? Train(TrainingRequest request)
    {
        request.Cancel.ThrowIfCancellationRequested();
        request.Progress("averaging");
        var inputs = FeaturePlan.Fit(request.Rows, request.ExcludeColumns.Append(request.LabelColumn).ToHashSet());
        var mean = request.Rows.Find(request.LabelColumn)!.Numbers!.Average() + request.Parameters["Shift"];
        var document = UntrainedModel.Document(request, Name, inputs,
            new PredictorSpec(PredictorKinds.Linear, request.Task.LinkOf(), mean, new double[new Featurizer(inputs).FeatureCount]), request.Rows.RowCount);
        return new TrainedModel(document, elapsed => $"{request.ModelName}: averaged {request.Rows.RowCount} rows");
    }
}

/// <summary>Trainers are plug-ins: one registered from this assembly trains through the engine's normal entry point.</summary>
public sealed class TrainerPluginTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-plugin-{Guid.NewGuid():N}");

    public TrainerPluginTests() => TrainerRegistry.RegisterFrom(typeof(MeanTrainer).Assembly);

    private ModelSpec Spec(params KeyValuePair<string, string>[] parameters) => new()
    {
        Name = "T",
        ProjectFile = "T.mlproj",
        Task = "Regression",
        Trainer = "Mean",
        LabelColumn = "progression",
        TrainerParameters = parameters,
        TrainingData = [Fixtures.File("diabetes.csv")],
        Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
            Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
    };

    [Fact]
    public void A_trainer_an_assembly_registers_trains_and_evaluates_through_the_engine()
    {
        var spec = Spec(KeyValuePair.Create("Shift", "10"));
        var fingerprint = Fingerprint.Compute(spec);
        var progress = new List<string>();

        var trained = ModelBuild.Train(spec, fingerprint, progress.Add);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        Assert.Contains("averaging", progress);
        Assert.Contains(trained.Messages, m => m.StartsWith("T: averaged ", StringComparison.Ordinal) && m.EndsWith(spec.Outputs.ModelPath, StringComparison.Ordinal));
        var model = Model.Load(spec.Outputs.ModelPath);
        Assert.Equal("Mean", model.Document.Training.Trainer);
        Assert.Equal("10", model.Document.Training.Parameters["Shift"]);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        Assert.True(File.Exists(spec.Outputs.MetricsPath));
    }

    [Fact]
    public void Its_parameters_are_checked_against_its_schema_and_its_tasks_against_the_project()
    {
        var badValue = ModelBuild.Validate(Spec(KeyValuePair.Create("Shift", "a lot")));
        var unknown = ModelBuild.Validate(Spec(KeyValuePair.Create("Shfit", "1")));
        var wrongTask = ModelBuild.Validate(Spec() with { Task = "BinaryClassification", LabelColumn = "sex" });

        Assert.Contains(badValue.Diagnostics, d => d.Code == DiagnosticCodes.InvalidTrainerParameter && d.Message.Contains("a number from -1000 to 1000"));
        Assert.Contains(unknown.Diagnostics, d => d.Code == DiagnosticCodes.UnknownTrainerParameter && d.Message.Contains("Did you mean 'Shift'?"));
        Assert.Contains(wrongTask.Diagnostics, d => d.Code == DiagnosticCodes.TrainerNotSupportedForTask && d.Message.Contains("Trainer 'Mean' does not train BinaryClassification"));
    }

    [Fact]
    public void A_second_trainer_cannot_take_a_registered_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TrainerRegistry.Register(new Impostor()));

        Assert.Contains("'LogisticRegression' is already registered", error.Message);
    }

    private sealed class Impostor : ITrainer
    {
        public string Name => LogisticRegressionTrainer.TrainerName;
        public string Summary => "";
        public IReadOnlyList<ModelTask> Tasks => ModelTasks.All;
        public IReadOnlyList<ParameterDefinition>? Parameters => null;
        public TrainedModel? Train(TrainingRequest request) => null;
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
