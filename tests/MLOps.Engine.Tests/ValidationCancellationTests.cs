using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Ctrl+C during contract validation (<c>mlops validate</c>, a build's ValidateModelData): the validator stops with an
/// <see cref="OperationCanceledException"/> (the CLI's MLOPS2013, exit 130) and the previous validation report stays.
/// </summary>
public sealed class ValidationCancellationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-validate-cancel-").FullName;

    private static DataContract Contract() => ContractInference.Infer([Fixtures.File("churn_train.csv")], new DiagnosticBag())!;

    [Fact]
    public void A_canceled_validation_stops_and_leaves_the_previous_report()
    {
        var report = Path.Combine(_folder, "churn.validation.json");
        File.WriteAllText(report, "the previous report");
        var request = new DataValidationRequest("Churn", Contract(), [Fixtures.File("churn_train.csv")])
        {
            Reference = [Fixtures.File("churn_current_drifted.csv")],
            LabelColumn = "churned",
            ReportPath = report,
        };

        Assert.Throws<OperationCanceledException>(() => DataValidation.Run(request, new DiagnosticBag(), [], new CancellationToken(true)));
        Assert.Equal("the previous report", File.ReadAllText(report));
        Assert.NotNull(DataValidation.Run(request, new DiagnosticBag(), [])); // the same request, not canceled, validates
        Assert.NotEqual("the previous report", File.ReadAllText(report));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
