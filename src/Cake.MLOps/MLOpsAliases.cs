using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;

[assembly: CakeNamespaceImport("Cake.MLOps")]
[assembly: CakeNamespaceImport("MLOps.Engine.Gates")]
[assembly: CakeNamespaceImport("MLOps.Engine.Reports")]

namespace Cake.MLOps;

/// <summary>
/// Model steps for Cake scripts. Each runs the target the IDE runs (dotnet build or pack of the model project), so
/// incrementality, diagnostics and outputs are the same; the result is read from the files the build wrote.
/// A build error throws a <see cref="CakeException"/> naming it; so does a failed gate unless <see cref="MLOpsSettings.ThrowOnGateFailure"/> is false.
/// </summary>
[CakeAliasCategory("MLOps")]
public static class MLOpsAliases
{
    /// <summary>Checks the training and evaluation data against the project's data contract (target ValidateModelData).</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsValidateData(this ICakeContext context, FilePath project) => context.MLOpsValidateData(project, new MLOpsValidateDataSettings());

    /// <inheritdoc cref="MLOpsValidateData(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsValidateData(this ICakeContext context, FilePath project, MLOpsValidateDataSettings settings) =>
        new ModelRunner(context).Run(ModelStep.ValidateData, project, settings, evaluates: false, packs: false);

    /// <summary>Builds the model project: validates, trains when inputs changed, evaluates and gates (dotnet build).</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsBuildModel(this ICakeContext context, FilePath project) => context.MLOpsBuildModel(project, new MLOpsBuildSettings());

    /// <inheritdoc cref="MLOpsBuildModel(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsBuildModel(this ICakeContext context, FilePath project, MLOpsBuildSettings settings) =>
        new ModelRunner(context).Run(ModelStep.Build, project, settings, evaluates: true, packs: false);

    /// <summary>Trains when inputs changed and evaluates, without gating (target EvaluateModel).</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsEvaluateModel(this ICakeContext context, FilePath project) => context.MLOpsEvaluateModel(project, new MLOpsEvaluateSettings());

    /// <inheritdoc cref="MLOpsEvaluateModel(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsEvaluateModel(this ICakeContext context, FilePath project, MLOpsEvaluateSettings settings) =>
        new ModelRunner(context).Run(ModelStep.Evaluate, project, settings, evaluates: true, packs: false);

    /// <summary>Trains and evaluates when inputs changed, then gates the model against its floors and the baseline (target GateModel).</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsGateModel(this ICakeContext context, FilePath project) => context.MLOpsGateModel(project, new MLOpsGateSettings());

    /// <inheritdoc cref="MLOpsGateModel(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsGateModel(this ICakeContext context, FilePath project, MLOpsGateSettings settings) =>
        new ModelRunner(context).Run(ModelStep.Gate, project, settings, evaluates: true, packs: false);

    /// <summary>Builds and gates the model, then packs it with its evidence (dotnet pack); the result names the package.</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsPackModel(this ICakeContext context, FilePath project) => context.MLOpsPackModel(project, new MLOpsPackSettings());

    /// <inheritdoc cref="MLOpsPackModel(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsPackModel(this ICakeContext context, FilePath project, MLOpsPackSettings settings) =>
        new ModelRunner(context).Run(ModelStep.Pack, project, settings, evaluates: true, packs: true);

    /// <summary>Packs the model and pushes it to PublishSource (default: BaselineSource) (target PublishModel).</summary>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsPublishModel(this ICakeContext context, FilePath project) => context.MLOpsPublishModel(project, new MLOpsPublishSettings());

    /// <inheritdoc cref="MLOpsPublishModel(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsModelResult MLOpsPublishModel(this ICakeContext context, FilePath project, MLOpsPublishSettings settings) =>
        new ModelRunner(context).Run(ModelStep.Publish, project, settings, evaluates: true, packs: true);

    /// <summary>Checks every packed file of a model package against its lineage (as <c>mlops verify</c>); a mismatch throws.</summary>
    [CakeMethodAlias]
    public static MLOpsVerifyResult MLOpsVerifyPackage(this ICakeContext context, FilePath package) => context.MLOpsVerifyPackage(package, new MLOpsVerifySettings());

    /// <inheritdoc cref="MLOpsVerifyPackage(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    public static MLOpsVerifyResult MLOpsVerifyPackage(this ICakeContext context, FilePath package, MLOpsVerifySettings settings)
    {
        var path = package.MakeAbsolute(context.Environment).FullPath;
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(settings);
        var inputs = settings.InputsDirectory?.MakeAbsolute(context.Environment).FullPath;
        var diagnostics = new DiagnosticBag(int.MaxValue);
        var (lineage, checkedFiles) = PackageVerifier.Verify(path, inputs, diagnostics);
        if (diagnostics.HasErrors || lineage is null)
            throw new CakeException($"{path} does not verify:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics.Items.Where(d => d.Severity == Severity.Error))}");
        return new MLOpsVerifyResult(lineage, checkedFiles);
    }

    /// <summary>
    /// Reports the last build of a model project to GitHub, as <c>mlops github report</c> does: a check run with the
    /// verdict and annotations at the data lines, one sticky pull-request comment, a commit status when check runs cannot
    /// be written, and the job summary. <paramref name="projectOrFolder"/> is a model project or a folder of its build
    /// outputs (the fork-PR flow). Settings not given come from the GitHub Actions environment. Reporting failures are
    /// warnings in the log (unless Strict); a failed gate throws unless ThrowOnGateFailure is false, as for the build.
    /// </summary>
    [CakeMethodAlias]
    [CakeAliasCategory("GitHub")]
    public static MLOpsGitHubReportResult MLOpsGitHubReport(this ICakeContext context, FilePath projectOrFolder) =>
        context.MLOpsGitHubReport(projectOrFolder, new MLOpsGitHubReportSettings());

    /// <inheritdoc cref="MLOpsGitHubReport(ICakeContext, FilePath)"/>
    [CakeMethodAlias]
    [CakeAliasCategory("GitHub")]
    public static MLOpsGitHubReportResult MLOpsGitHubReport(this ICakeContext context, FilePath projectOrFolder, MLOpsGitHubReportSettings settings) =>
        new GitHubReportRunner(context).Run(projectOrFolder, settings);
}
