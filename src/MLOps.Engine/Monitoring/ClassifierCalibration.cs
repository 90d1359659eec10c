using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// The calibration maps CBPE puts a classifier's outputs through: one for a binary model's score; for a multiclass
/// model one per class, each fitted one-vs-rest on its own table, the calibrated probabilities then renormalised to
/// sum to 1 (NannyML's multiclass CBPE).
/// </summary>
public sealed class ClassifierCalibration
{
    private readonly IReadOnlyList<IReadOnlyList<CalibrationBin>> _tables;

    private ClassifierCalibration(IReadOnlyList<IReadOnlyList<CalibrationBin>> tables, Calibration[] maps, bool multiclass) =>
        (_tables, Maps, Multiclass) = (tables, maps, multiclass);

    /// <summary>The maps of a reference, or null when it cannot be estimated (a regressor, or a multiclass reference that names no classes).</summary>
    public static ClassifierCalibration? Of(MonitorReference reference) => reference.Task switch
    {
        ModelTask.BinaryClassification => Of([reference.Calibration], multiclass: false),
        ModelTask.MulticlassClassification when reference.Classes.Count > 1 => Of(reference.Classes, multiclass: true),
        _ => null,
    };

    private static ClassifierCalibration Of(IReadOnlyList<IReadOnlyList<CalibrationBin>> tables, bool multiclass) =>
        new(tables, tables.Select(Calibration.Of).ToArray(), multiclass);

    /// <summary>Binary: the positive class's map; multiclass: class k's one-vs-rest map.</summary>
    public IReadOnlyList<Calibration> Maps { get; }

    /// <summary>Whether the outputs are a multiclass model's probabilities (else one binary score).</summary>
    public bool Multiclass { get; }

    /// <summary>The maps refitted on tables redrawn from their sampling error.</summary>
    public IReadOnlyList<Calibration> Redrawn(Random random) => Maps.Select((map, k) => map.Redrawn(_tables[k], random)).ToArray();
}
