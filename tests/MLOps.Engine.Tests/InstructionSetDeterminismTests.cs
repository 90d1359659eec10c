using System.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// The learners' models and the gate bootstrap's results are byte-identical whether the runtime uses AVX-512, AVX2,
/// older SSE or no hardware intrinsics at all: <see cref="InstructionSetProbe"/> runs in a child process per setting.
/// </summary>
public sealed class InstructionSetDeterminismTests
{
    private static readonly Lazy<string[]> Reference = new(() => Probe(null));

    [Theory]
    [InlineData("DOTNET_EnableAVX512", "Vector512=False")]
    [InlineData("DOTNET_EnableAVX2", "Vector256=False")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Vector128=False")]
    public void Results_are_the_same_with_an_instruction_set_switched_off(string variable, string expectedIsa)
    {
        var reference = Reference.Value;
        var switchedOff = Probe(variable);

        Assert.Contains(expectedIsa, switchedOff[0]); // the switch took effect
        Assert.True(reference.Length > 10, string.Join("\n", reference));
        Assert.Equal(reference.Skip(1), switchedOff.Skip(1));
    }

    private static string[] Probe(string? disabled)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", typeof(InstructionSetProbe).Assembly.Location, InstructionSetProbe.Command }) start.ArgumentList.Add(argument);
        // The reference run takes every instruction set the machine has, whatever the test run itself was started with.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        if (disabled is not null) start.Environment[disabled] = "0";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"probe with {disabled ?? "defaults"} exited {process.ExitCode}: {error.Result}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
