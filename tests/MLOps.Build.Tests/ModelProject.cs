using System.Diagnostics;
using System.Text;

namespace MLOps.Build.Tests;

/// <summary>The output of one `dotnet` command.</summary>
internal sealed record CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
    public bool Trained => Output.Contains(": training, because");
    /// <summary>Standard output alone, where a command writes it apart from diagnostics (empty when not captured apart).</summary>
    public string StandardOutput { get; init; } = "";
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>
/// A model project in its own temporary folder (outside the repository, so none of its Directory.Build.props
/// apply), with a nuget.config naming the packed feed and a global.json pinning the SDK version, as a user has.
/// </summary>
internal sealed class ModelProject : IDisposable
{
    public ModelProject(string name = "Churn", bool copyData = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlops-e2e", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "data"));
        Name = name;
        WriteNuGetConfig(Directory);
        File.WriteAllText(Path.Combine(Directory, "global.json"), $$"""
            { "msbuild-sdks": { "MLOps.Build.Sdk": "{{Repository.Version}}" } }
            """);
        if (copyData)
        {
            File.Copy(Repository.SampleData("train.csv"), DataPath("train.csv"));
            File.Copy(Repository.SampleData("test.csv"), DataPath("test.csv"));
        }
    }

    /// <summary>
    /// A nuget.config as a user has it: MLOps.* from the packed feed, any <paramref name="feeds"/> (key, folder,
    /// package pattern), everything else from nuget.org.
    /// </summary>
    public static void WriteNuGetConfig(string directory, params (string Key, string Folder, string Pattern)[] feeds) =>
        WriteNuGetConfig(directory, "", feeds);

    /// <summary>As above, with extra configuration sections (packageSourceCredentials, say).</summary>
    public static void WriteNuGetConfig(string directory, string extraSections, params (string Key, string Folder, string Pattern)[] feeds)
    {
        // A loopback HTTP feed needs allowInsecureConnections: NuGet refuses plain-HTTP sources otherwise (NU1302).
        var sources = string.Concat(feeds.Select(f => $"\n    <add key=\"{f.Key}\" value=\"{f.Folder}\"{(f.Folder.StartsWith("http:", StringComparison.Ordinal) ? " allowInsecureConnections=\"true\"" : "")} />"));
        var mappings = string.Concat(feeds.Select(f => $"\n    <packageSource key=\"{f.Key}\"><package pattern=\"{f.Pattern}\" /></packageSource>"));
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Repository.PackageFeed}" />{sources}
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="MLOps.*" /></packageSource>{mappings}
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>{extraSections}
            </configuration>
            """);
    }

    /// <summary>
    /// A console app in <paramref name="directory"/> (created) that references model package <paramref name="packageId"/>
    /// 1.0.0 from <paramref name="feed"/>, runs <paramref name="program"/>, and has <paramref name="extra"/> in its project.
    /// </summary>
    public static void WriteApp(string directory, string packageId, string feed, string program, string extra = "")
    {
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><PackageReference Include="{{packageId}}" Version="1.0.0" /></ItemGroup>
              {{extra}}
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        WriteNuGetConfig(directory, ("models", feed, packageId.Split('.')[0] + ".*"));
    }

    public string Directory { get; }
    public string Name { get; }
    public string ProjectPath => Path.Combine(Directory, Name + ".mlproj");
    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", "net8.0");
    public string ModelPath => Path.Combine(OutputDirectory, Name + ".model.json");
    public string MetricsPath => Path.Combine(OutputDirectory, Name + ".metrics.json");
    public string ReportPath => Path.Combine(OutputDirectory, Name + ".report.md");

    public string DataPath(string file) => Path.Combine(Directory, "data", file);

    /// <summary>Environment variables every later `dotnet` command of this project gets (an API key, say).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Writes the project file: an SDK-style model project with the given body.</summary>
    public ModelProject WithProject(string body, string sdk = "MLOps.Build.Sdk", string extension = ".mlproj")
    {
        File.WriteAllText(Path.Combine(Directory, Name + extension), $"""
            <Project Sdk="{sdk}">
            {body}
            </Project>
            """);
        return this;
    }

    /// <summary>The standard churn project: train.csv, test.csv, label churned.</summary>
    public ModelProject WithChurnProject(string extraProperties = "", string extraItems = "") => WithProject($"""
          <PropertyGroup>
            <LabelColumn>churned</LabelColumn>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            <TrainingData Include="data/train.csv" />
            <EvaluationData Include="data/test.csv" />
            <ExcludeColumn Include="customer_id" />
            {extraItems}
          </ItemGroup>
        """);

    public CommandResult Build(params string[] arguments) => Dotnet(["build", ProjectPath, .. arguments]);

    public CommandResult Dotnet(params string[] arguments) => StartDotnet(arguments).WaitForExit(TimeSpan.FromMinutes(5));

    /// <summary>Starts `dotnet build` of the project and returns while it runs (to interrupt it, say).</summary>
    public RunningCommand StartBuild(params string[] arguments) => StartDotnet(["build", ProjectPath, .. arguments]);

    /// <summary>
    /// `dotnet build` under strace, which writes every file the build's processes open to <paramref name="traceFile"/>;
    /// null when strace is not installed.
    /// </summary>
    public CommandResult? BuildTracingOpens(string traceFile, params string[] arguments) =>
        File.Exists("/usr/bin/strace")
            ? StartDotnet(["build", ProjectPath, .. arguments], ["-f", "-e", "trace=openat", "-o", traceFile]).WaitForExit(TimeSpan.FromMinutes(5))
            : null;

    private RunningCommand StartDotnet(string[] arguments, string[]? straceArguments = null)
    {
        var start = new ProcessStartInfo(straceArguments is null ? "dotnet" : "/usr/bin/strace")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in straceArguments is null ? arguments : [.. straceArguments, "dotnet", .. arguments]) start.ArgumentList.Add(argument);
        if (arguments[0] is "build" or "msbuild" or "clean" or "pack" or "restore")
        {
            start.ArgumentList.Add("-nodeReuse:false");
            start.ArgumentList.Add("-nologo");
        }
        start.Environment["NUGET_PACKAGES"] = Repository.PackagesFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        return new RunningCommand(start, $"dotnet {string.Join(' ', arguments)}");
    }

    /// <summary>Replaces the first occurrence of <paramref name="from"/> in a data file.</summary>
    public void EditData(string file, string from, string to)
    {
        var text = File.ReadAllText(DataPath(file));
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{from}' is not in {file}.");
        File.WriteAllText(DataPath(file), text[..at] + to + text[(at + from.Length)..]);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
