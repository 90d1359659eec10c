using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using NuGet.Frameworks;
using NuGet.Packaging;

namespace MLOps.Engine.Packages;

/// <summary>A dependency as the .nuspec states it, per target framework group (empty when the group has none).</summary>
public sealed record PackageDependency(string TargetFramework, string Id, string Version, string? Include = null, string? Exclude = null)
{
    public override string ToString() =>
        $"{Id} {Version}{(TargetFramework.Length > 0 ? $" ({TargetFramework})" : "")}{(Include is null ? "" : $" include {Include}")}{(Exclude is null ? "" : $" exclude {Exclude}")}";
}

/// <summary>What a .nuspec says, as far as verifying a package needs it: identity, dependencies, the files it lists, and a hash of all of its metadata.</summary>
public sealed record NuspecManifest(string Id, string Version, IReadOnlyList<PackageDependency> Dependencies, string MetadataSha256, IReadOnlyList<(string Source, string Target)> Files)
{
    /// <summary>
    /// Reads a .nuspec with NuGet's own reader (identity and dependency groups as NuGet understands them); null when it
    /// has no metadata with an id and a version. The files list and the metadata hash are ours: NuGet's reader has no
    /// use for the first and no notion of the second.
    /// </summary>
    public static NuspecManifest? Read(Stream stream)
    {
        var document = XDocument.Load(stream);
        var reader = new NuspecReader(document);
        var metadata = Child(document.Root, "metadata");
        if (metadata is null || reader.GetId() is not { Length: > 0 } id || Child(metadata, "version")?.Value is not { Length: > 0 } version) return null;
        var dependencies = reader.GetDependencyGroups()
            .SelectMany(group => group.Packages.Select(d => Dependency(d, group.TargetFramework)))
            .ToArray();
        var files = Child(document.Root, "files")?.Elements().Select(f => ((string?)f.Attribute("src") ?? "", ((string?)f.Attribute("target") ?? "").Replace('\\', '/'))).ToArray() ?? [];
        return new NuspecManifest(id, version, dependencies, Canonical(metadata), files);
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>A dependency as written: the version range and include/exclude lists as the .nuspec spells them, no group's framework as "".</summary>
    private static PackageDependency Dependency(NuGet.Packaging.Core.PackageDependency dependency, NuGetFramework framework) =>
        new(framework.IsAny ? "" : framework.GetShortFolderName(), dependency.Id,
            dependency.VersionRange.OriginalString ?? dependency.VersionRange.ToNormalizedString(),
            dependency.Include.Count > 0 ? string.Join(",", dependency.Include) : null,
            dependency.Exclude.Count > 0 ? string.Join(",", dependency.Exclude) : null);

    /// <summary>
    /// SHA-256 of the metadata written without namespaces, formatting or attribute order: NuGet writes the same metadata
    /// under the schema namespace the package needs, so only what it says counts.
    /// </summary>
    private static string Canonical(XElement metadata)
    {
        var text = new StringBuilder();
        void Write(XElement element)
        {
            text.Append('<').Append(element.Name.LocalName);
            foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.LocalName, StringComparer.Ordinal))
                text.Append(' ').Append(attribute.Name.LocalName).Append("=\"").Append(attribute.Value).Append('"');
            text.Append('>');
            if (element.HasElements) foreach (var child in element.Elements()) Write(child);
            else text.Append(element.Value.Trim());
            text.Append("</").Append(element.Name.LocalName).Append('>');
        }
        Write(metadata);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
