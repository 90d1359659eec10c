using Cake.Core.IO;

namespace Cake.MLOps;

/// <summary>
/// What every alias passes to the model project: each property is the MSBuild property of the same name
/// (<c>-p:Name=value</c>); unset ones are left to the project. Paths are Cake paths: a relative one is relative to
/// Cake's working directory, as everywhere in a Cake script, not to the project (it is passed on absolute).
/// Fluent setters: <see cref="MLOpsSettingsExtensions"/>.
/// </summary>
public class MLOpsSettings
{
    /// <summary>The build configuration (Debug, Release).</summary>
    public string? Configuration { get; set; }

    /// <summary>The trainer (LogisticRegression, LinearRegression, GradientBoostedTrees, External).</summary>
    public string? Trainer { get; set; }

    public int? Seed { get; set; }

    /// <summary>The model to compare with, a model file.</summary>
    public FilePath? BaselineModelPath { get; set; }

    /// <summary>The model to compare with, a package: its id, version and feed.</summary>
    public string? BaselinePackageId { get; set; }

    public string? BaselineVersion { get; set; }

    /// <summary>A folder, a v3 feed URL or a source key in nuget.config.</summary>
    public string? BaselineSource { get; set; }

    /// <summary>Passes failed gates on purpose; the reason is recorded in the gate result.</summary>
    public string? GateOverrideReason { get; set; }

    /// <summary>How long a feed may take to answer, in whole seconds.</summary>
    public TimeSpan? ModelFeedTimeout { get; set; }

    /// <summary>Any other MSBuild properties.</summary>
    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a failed gate throws (default); when false, the result carries the verdict.</summary>
    public bool ThrowOnGateFailure { get; set; } = true;

    /// <summary>The MSBuild properties these settings set, in a stable order.</summary>
    internal virtual IEnumerable<KeyValuePair<string, string?>> MSBuildProperties(DirectoryPath? workingDirectory)
    {
        yield return new(nameof(Configuration), Configuration);
        yield return new(nameof(Trainer), Trainer);
        yield return new(nameof(Seed), Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new(nameof(BaselineModelPath), BaselineModelPath is null ? null : (workingDirectory is null ? BaselineModelPath : BaselineModelPath.MakeAbsolute(workingDirectory)).FullPath);
        yield return new(nameof(BaselinePackageId), BaselinePackageId);
        yield return new(nameof(BaselineVersion), BaselineVersion);
        yield return new(nameof(BaselineSource), BaselineSource);
        yield return new(nameof(GateOverrideReason), GateOverrideReason);
        yield return new(nameof(ModelFeedTimeout), ModelFeedTimeout is { } timeout ? ((long)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        foreach (var property in Properties.OrderBy(p => p.Key, StringComparer.Ordinal)) yield return new(property.Key, property.Value);
    }
}

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsValidateData(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsValidateDataSettings)"/>.</summary>
public sealed class MLOpsValidateDataSettings : MLOpsSettings;

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsBuildModel(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsBuildSettings)"/>.</summary>
public sealed class MLOpsBuildSettings : MLOpsSettings;

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsEvaluateModel(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsEvaluateSettings)"/>.</summary>
public sealed class MLOpsEvaluateSettings : MLOpsSettings;

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsGateModel(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsGateSettings)"/>.</summary>
public sealed class MLOpsGateSettings : MLOpsSettings;

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsPackModel(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsPackSettings)"/>.</summary>
public class MLOpsPackSettings : MLOpsSettings
{
    /// <summary>The package version.</summary>
    public string? Version { get; set; }

    /// <summary>Where the package goes (MSBuild's PackageOutputPath).</summary>
    public DirectoryPath? PackageOutputPath { get; set; }

    internal override IEnumerable<KeyValuePair<string, string?>> MSBuildProperties(DirectoryPath? workingDirectory) =>
        base.MSBuildProperties(workingDirectory)
            .Prepend(new(nameof(PackageOutputPath), PackageOutputPath is null ? null : (workingDirectory is null ? PackageOutputPath : PackageOutputPath.MakeAbsolute(workingDirectory)).FullPath))
            .Prepend(new(nameof(Version), Version));
}

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsPublishModel(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsPublishSettings)"/>.</summary>
public sealed class MLOpsPublishSettings : MLOpsPackSettings
{
    /// <summary>Where the package is pushed (ModelPublishSource; default: BaselineSource).</summary>
    public string? PublishSource { get; set; }

    /// <summary>The environment variable holding the API key (ModelPublishApiKeyVariable; default NUGET_API_KEY). The key itself never goes on a command line.</summary>
    public string? PublishApiKeyVariable { get; set; }

    internal override IEnumerable<KeyValuePair<string, string?>> MSBuildProperties(DirectoryPath? workingDirectory) =>
        base.MSBuildProperties(workingDirectory).Append(new("ModelPublishSource", PublishSource)).Append(new("ModelPublishApiKeyVariable", PublishApiKeyVariable));
}

/// <summary>Settings of <see cref="MLOpsAliases.MLOpsVerifyPackage(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsVerifySettings)"/>.</summary>
public sealed class MLOpsVerifySettings
{
    /// <summary>A checkout of the repository the model was built from: its training data, contract and baseline are checked too.</summary>
    public DirectoryPath? InputsDirectory { get; set; }
}
