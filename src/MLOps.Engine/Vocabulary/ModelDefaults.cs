namespace MLOps.Engine.Vocabulary;

/// <summary>
/// Every default of a model project, in one place: the engine's options record (<c>Pipeline.Settings</c>) and the front
/// ends (MSBuild props and tasks, Cake, CLI) read them from here; a test checks the MSBuild props say the same.
/// </summary>
public static class ModelDefaults
{
    /// <summary><c>Seed</c>: hold-out split, tree sampling and the gates' bootstrap.</summary>
    public const int Seed = 42;
    /// <summary><c>ModelGateCorrection</c>: how p-values of a model's baseline gates are adjusted together.</summary>
    public const string GateCorrection = "Holm";
    /// <summary><c>ModelGateResamples</c>: bootstrap resamples for gates without a closed-form test.</summary>
    public const int GateResamples = 2000;
    /// <summary>Fewest and most <c>ModelGateResamples</c>.</summary>
    public const int MinGateResamples = 100, MaxGateResamples = 1_000_000;
    /// <summary>A gate's <c>Confidence</c> when it sets none.</summary>
    public const double GateConfidence = 0.95;
    /// <summary>Slices smaller than this are inconclusive unless a SliceColumn's <c>MinimumRows</c> says otherwise.</summary>
    public const int SliceMinimumRows = 100;
}
