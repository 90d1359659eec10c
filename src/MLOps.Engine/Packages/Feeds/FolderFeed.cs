using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Signing;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// A local folder feed, read and written by NuGet.Protocol as <c>dotnet nuget push</c> does: either layout, flat
/// (<c>id.version.nupkg</c>) or hierarchical (<c>id/version/id.version.nupkg</c>, lower case, with its .nuspec and
/// SHA-512, what a push writes).
/// </summary>
public sealed class FolderFeed(string folder) : SourceFeed
{
    public override string Name => folder;

    /// <summary>A new repository for each call: NuGet tells the layout once per repository, and a push may have just made the folder.</summary>
    protected override SourceRepository Repository => NuGet.Protocol.Core.Types.Repository.Factory.GetCoreV3(new PackageSource(folder));

    protected override bool Exists => Directory.Exists(folder);

    /// <summary>
    /// A flat folder stays flat (NuGet's push copies the package in); any other gets the hierarchical layout,
    /// written as <c>nuget add</c> writes it (NuGet's push would make an empty folder flat).
    /// </summary>
    protected override Task PushFileAsync(string path, string? apiKey, CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        if (Directory.EnumerateFiles(folder, "*.nupkg").Any()) return base.PushFileAsync(path, apiKey, cancel);
        var log = NuGet.Common.NullLogger.Instance;
        var extraction = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(NullSettings.Instance, log), log);
        return OfflineFeedUtility.AddPackageToSource(new OfflineFeedAddContext(path, folder, log,
            throwIfSourcePackageIsInvalid: true, throwIfPackageExistsAndInvalid: true, throwIfPackageExists: true, extraction), cancel);
    }
}
