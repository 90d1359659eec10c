using Cake.Core.IO;

namespace Cake.MLOps;

/// <summary>
/// Fluent setters for the settings, as Cake's own tool settings have (<c>new MLOpsBuildSettings().SetConfiguration("Release").WithProperty("Owner", "Risk")</c>);
/// each returns the settings it was called on, of their own type, so calls chain.
/// </summary>
public static class MLOpsSettingsExtensions
{
    public static T SetConfiguration<T>(this T settings, string configuration) where T : MLOpsSettings => Set(settings, s => s.Configuration = configuration);
    public static T SetTrainer<T>(this T settings, string trainer) where T : MLOpsSettings => Set(settings, s => s.Trainer = trainer);
    public static T SetSeed<T>(this T settings, int seed) where T : MLOpsSettings => Set(settings, s => s.Seed = seed);
    public static T SetBaselineModelPath<T>(this T settings, FilePath model) where T : MLOpsSettings => Set(settings, s => s.BaselineModelPath = model);

    /// <summary>The baseline is a package: its id, version and the feed it is on (a folder, a v3 URL or a source key in nuget.config).</summary>
    public static T SetBaselinePackage<T>(this T settings, string packageId, string? version = null, string? source = null) where T : MLOpsSettings =>
        Set(settings, s => (s.BaselinePackageId, s.BaselineVersion, s.BaselineSource) = (packageId, version ?? s.BaselineVersion, source ?? s.BaselineSource));

    public static T SetBaselineSource<T>(this T settings, string source) where T : MLOpsSettings => Set(settings, s => s.BaselineSource = source);
    public static T SetGateOverrideReason<T>(this T settings, string reason) where T : MLOpsSettings => Set(settings, s => s.GateOverrideReason = reason);
    public static T SetModelFeedTimeout<T>(this T settings, TimeSpan timeout) where T : MLOpsSettings => Set(settings, s => s.ModelFeedTimeout = timeout);
    public static T SetThrowOnGateFailure<T>(this T settings, bool throwOnGateFailure) where T : MLOpsSettings => Set(settings, s => s.ThrowOnGateFailure = throwOnGateFailure);

    /// <summary>Any other MSBuild property (<c>-p:Name=value</c>).</summary>
    public static T WithProperty<T>(this T settings, string name, string value) where T : MLOpsSettings => Set(settings, s => s.Properties[name] = value);

    public static T SetVersion<T>(this T settings, string version) where T : MLOpsPackSettings => Set(settings, s => s.Version = version);
    public static T SetPackageOutputPath<T>(this T settings, DirectoryPath folder) where T : MLOpsPackSettings => Set(settings, s => s.PackageOutputPath = folder);
    public static MLOpsPublishSettings SetPublishSource(this MLOpsPublishSettings settings, string source) => Set(settings, s => s.PublishSource = source);
    public static MLOpsPublishSettings SetPublishApiKeyVariable(this MLOpsPublishSettings settings, string variable) => Set(settings, s => s.PublishApiKeyVariable = variable);

    private static T Set<T>(T settings, Action<T> set) where T : class
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}
