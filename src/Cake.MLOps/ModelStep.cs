namespace Cake.MLOps;

/// <summary>
/// A model step as the IDE runs it: a dotnet command (build, pack), the target if not the command's own, and the
/// configuration the command builds when none is given (dotnet pack's is Release).
/// </summary>
internal sealed record ModelStep(string Command, string? Target, string DefaultConfiguration = "Debug")
{
    public static readonly ModelStep ValidateData = new("build", "ValidateModelData");
    public static readonly ModelStep Build = new("build", null);
    public static readonly ModelStep Evaluate = new("build", "EvaluateModel");
    public static readonly ModelStep Gate = new("build", "GateModel");
    public static readonly ModelStep Pack = new("pack", null, "Release");
    public static readonly ModelStep Publish = new("build", "PublishModel");
}
