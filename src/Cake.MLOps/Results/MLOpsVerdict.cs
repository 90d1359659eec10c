namespace Cake.MLOps;

/// <summary>What the gates concluded about a model.</summary>
public enum MLOpsVerdict
{
    /// <summary>The step ran no gates (validation, evaluation) or the project has none to run.</summary>
    NotGated,
    Passed,
    Failed,
    /// <summary>Gates failed and GateOverrideReason passed them; the gate result records who and why.</summary>
    Overridden,
}
