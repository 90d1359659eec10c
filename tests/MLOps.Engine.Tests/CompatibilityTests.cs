using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

public class CompatibilityTests
{
    private static ModelDocument Model(params InputSpec[] inputs) => new()
    {
        Format = ModelFormat.FormatName, FormatVersion = 1, Name = "M", Task = "BinaryClassification",
        Label = new LabelSpec("y", InputTypes.Boolean, ["false", "true"]), Inputs = inputs,
        Predictor = new PredictorSpec(PredictorKinds.Linear, "logit", 0, []),
        Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 42, "0", "f", 1),
    };

    private static InputSpec Number(string name) => new() { Name = name, Type = InputTypes.Number };
    private static InputSpec Category(string name, params string[] levels) => new() { Name = name, Type = InputTypes.Category, Levels = levels };

    [Fact]
    public void Removed_retyped_and_narrowed_inputs_break_callers_and_additions_do_not()
    {
        var published = Model(Number("age"), Category("plan", "basic", "pro"), Number("calls"));
        Assert.Empty(Compatibility.BreakingChanges(published, Model(Number("age"), Category("plan", "basic", "pro", "team"), Number("calls"), Number("new"))));
        var changes = Compatibility.BreakingChanges(published, Model(Category("age", "young"), Category("plan", "pro")));
        Assert.Equal(["input 'age' changed type from number to category", "input 'plan' no longer takes 'basic'", "input 'calls' was removed"], changes);
    }

    [Fact]
    public void Breaking_changes_need_a_new_major_version_and_contracts_count_too()
    {
        var published = Model(Number("age"));
        var diagnostics = new DiagnosticBag();
        Compatibility.Check(published, "1.4.2", Model(), "2.0.0", "M.mlproj", diagnostics);
        Assert.False(diagnostics.HasErrors);
        Compatibility.Check(published, "1.4.2", Model(), "1.5.0", "M.mlproj", diagnostics);
        Assert.Contains("Set Version to 2.0.0", Assert.Single(diagnostics.Items).Message);

        var before = new DataContract { Columns = [new ColumnContract("region", ContractTypes.Category) { Values = ["east", "west"] }] };
        var after = new DataContract { Columns = [new ColumnContract("region", ContractTypes.Category) { Values = ["east"] }] };
        Assert.Equal(["contract column 'region' no longer allows 'west'"], Compatibility.BreakingChanges(before, after));
    }
}
