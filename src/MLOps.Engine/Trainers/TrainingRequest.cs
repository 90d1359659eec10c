using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>Everything a trainer is given: the checked options, the loaded training rows, and where to report.</summary>
public sealed record TrainingRequest
{
    /// <summary><c>ModelName</c>.</summary>
    public required string ModelName { get; init; }
    /// <summary>The project file, named in diagnostics about its settings.</summary>
    public required string ProjectFile { get; init; }
    public required ModelTask Task { get; init; }
    /// <summary><c>LabelColumn</c>, and the label's type as the model format names it.</summary>
    public required string LabelColumn { get; init; }
    public required string LabelType { get; init; }
    /// <summary>The class names in index order (empty for regression).</summary>
    public required string[] Classes { get; init; }
    /// <summary>Training rows, hold-out rows already removed; gone once a trainer has taken them (<see cref="TakeRows"/>).</summary>
    public required DataTable Rows
    {
        get => _rows ?? throw new InvalidOperationException("The trainer took the training rows (TakeRows); it holds them now.");
        init => _rows = value;
    }
    private DataTable? _rows;

    /// <summary>
    /// The training rows, which this request then lets go of: a trainer that turns them into a form of its own (the
    /// trees' bins) takes them, so that their memory is free before it trains when the caller holds them nowhere else
    /// (a build with evaluation files of its own does not).
    /// </summary>
    public DataTable TakeRows()
    {
        var rows = Rows;
        _rows = null;
        return rows;
    }
    /// <summary>Columns that are not model inputs (<c>ExcludeColumn</c> items; the label is never one).</summary>
    public required IReadOnlyList<string> ExcludeColumns { get; init; }
    public required int Seed { get; init; }
    /// <summary>The trainer's parameters, parsed against its schema with defaults filled in.</summary>
    public required TrainerParameters Parameters { get; init; }
    /// <summary><c>TrainerParameter</c> items as written (for trainers that pass them on).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> WrittenParameters { get; init; } = [];
    /// <summary>The hash of the training data, recorded in the model's provenance.</summary>
    public required string TrainingFingerprint { get; init; }
    /// <summary>Every diagnostic of training goes here.</summary>
    public required DiagnosticBag Diagnostics { get; init; }
    /// <summary>Lines of progress, shown as they come.</summary>
    public Action<string> Progress { get; init; } = _ => { };
    public CancellationToken Cancel { get; init; }

    /// <summary>The input files, for trainers that read them themselves.</summary>
    public IReadOnlyList<DataFile> TrainingData { get; init; } = [];
    public IReadOnlyList<DataFile> EvaluationData { get; init; } = [];
    public DataFile? DataSchema { get; init; }
    /// <summary><c>TrainerCommand</c> and <c>TrainerTimeout</c> (the External trainer).</summary>
    public string? TrainerCommand { get; init; }
    public TimeSpan? TrainerTimeout { get; init; }
    /// <summary>Where predictions of a trainer that writes no model are kept, beside the model.</summary>
    public string PredictionsPath { get; init; } = "";
    /// <summary>How many evaluation rows the pipeline scores for a model document (null with diagnostics when they cannot be read).</summary>
    public Func<ModelDocument, DiagnosticBag, int?> EvaluationRowCount { get; init; } = (_, _) => null;
    /// <summary>The evaluation rows the pipeline will score a model document on (null with diagnostics when they cannot be read), for trainers that check a conversion on them.</summary>
    public Func<ModelDocument, DiagnosticBag, DataTable?> EvaluationRows { get; init; } = (_, _) => null;
}
