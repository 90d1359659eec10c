using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

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
    /// <summary>Reads a .nuspec; null when it has no metadata with an id and a version.</summary>
    public static NuspecManifest? Read(Stream stream)
    {
        var root = XDocument.Load(stream).Root;
        var metadata = Child(root, "metadata");
        if (metadata is null || Child(metadata, "id")?.Value is not { Length: > 0 } id || Child(metadata, "version")?.Value is not { Length: > 0 } version) return null;
        var dependencies = Child(metadata, "dependencies") is { } list
            ? list.Elements().SelectMany(e => e.Name.LocalName == "group"
                    ? e.Elements().Select(d => Dependency(d, (string?)e.Attribute("targetFramework") ?? ""))
                    : [Dependency(e, "")])
                .ToArray()
            : [];
        var files = Child(root, "files")?.Elements().Select(f => ((string?)f.Attribute("src") ?? "", ((string?)f.Attribute("target") ?? "").Replace('\\', '/'))).ToArray() ?? [];
        return new NuspecManifest(id, version, dependencies, Canonical(metadata), files);
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static PackageDependency Dependency(XElement element, string framework) =>
        new(framework, (string?)element.Attribute("id") ?? "", (string?)element.Attribute("version") ?? "", (string?)element.Attribute("include"), (string?)element.Attribute("exclude"));

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
