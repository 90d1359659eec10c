using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLOps.Runtime.MLNet;

/// <summary>
/// A model package's ML.NET model, scored through ML.NET: its model file (<c>&lt;name&gt;.model.json</c>) has the
/// predictor kind <c>mlnet</c> and names the ML.NET .zip beside it (<see cref="PredictorSpec.ModelFile"/>). The API has
/// the shape of <see cref="Model"/>'s: <see cref="CreateRow"/>, <see cref="Score(ModelRow)"/>, <see cref="ScoreClasses"/>,
/// <see cref="ScoreBatch"/>. Thread-safe for scoring as long as each thread uses its own rows.
/// </summary>
public sealed class MLNetModel
{
    private readonly ITransformer _scoring;
    private readonly DataViewSchema _view;
    private readonly int[] _fromKey;

    private MLNetModel(ModelDocument document, ITransformer scoring, DataViewSchema view, int[] fromKey) =>
        (Document, _scoring, _view, _fromKey) = (document, scoring, view, fromKey);

    /// <summary>
    /// Loads a model file and the ML.NET model it names. A relative path is tried against the current directory, then
    /// against the app's folder, as <see cref="Model.Load"/> does.
    /// </summary>
    /// <exception cref="FileNotFoundException">No model file, or no ML.NET model beside it.</exception>
    /// <exception cref="InvalidDataException">The file is not a model scored through ML.NET, or does not fit its ML.NET model.</exception>
    public static MLNetModel Load(string path)
    {
        var file = ModelFile.Find(path, Environment.CurrentDirectory, AppContext.BaseDirectory);
        var document = ModelFormat.FromBytes(File.ReadAllBytes(file), file);
        if (document.Predictor.Kind != PredictorKinds.MLNet || document.Predictor.ModelFile is not { } zip)
            throw new InvalidDataException($"Model '{document.Name}' ({file}) is not an ML.NET model (predictor kind '{document.Predictor.Kind}'): load it with MLOps.Runtime's Model.Load.");
        var zipPath = Path.Combine(Path.GetDirectoryName(file) ?? "", zip);
        if (!File.Exists(zipPath)) throw new FileNotFoundException($"Model '{document.Name}' is scored by the ML.NET model {zip}, which is not beside {file}.", zipPath);
        var context = new MLContext(seed: 0);
        ITransformer loaded;
        DataViewSchema input;
        using (var stream = File.OpenRead(zipPath)) loaded = context.Model.Load(stream, out input);
        return Create(document, loaded, input);
    }

    /// <summary>The model document with an ML.NET model already loaded (the build's check uses this with the .zip it packs).</summary>
    internal static MLNetModel Create(ModelDocument document, ITransformer loaded, DataViewSchema input)
    {
        var scoring = ScoringChain.Of(loaded, document.Label.Name);
        var builder = new DataViewSchema.Builder();
        foreach (var spec in document.Inputs)
            builder.AddColumn(spec.Name, input.GetColumnOrNull(spec.Name)?.Type
                ?? throw new InvalidDataException($"Model '{document.Name}' names the input '{spec.Name}', which its ML.NET model does not read."));
        var view = builder.ToSchema();
        var fromKey = Array.Empty<int>();
        if (document.Task == "MulticlassClassification")
        {
            var keys = ScoringChain.Classes(scoring.GetOutputSchema(view));
            fromKey = document.Label.Classes.Select(c => Array.IndexOf(keys, c)).ToArray();
            if (keys.Length != fromKey.Length || fromKey.Any(k => k < 0))
                throw new InvalidDataException($"Model '{document.Name}' has the classes {string.Join(", ", document.Label.Classes)}, its ML.NET model {string.Join(", ", keys)}.");
        }
        return new MLNetModel(document, scoring, view, fromKey);
    }

    /// <summary>The model as stored (its inputs, label and classes, and how it was built).</summary>
    public ModelDocument Document { get; }

    /// <summary>The inputs a row takes, in order: number, boolean or category (text, for ML.NET's text transforms).</summary>
    public IReadOnlyList<InputSpec> Inputs => Document.Inputs;

    /// <summary>The label's classes (classification), in the order <see cref="ScoreClasses"/> gives their probabilities.</summary>
    public IReadOnlyList<string> Classes => Document.Label.Classes;

    /// <summary>Number of classes a multiclass model scores; 1 for the other tasks.</summary>
    public int ClassCount => _fromKey.Length > 0 ? _fromKey.Length : 1;

    /// <summary>A row to fill and pass to <see cref="Score(ModelRow)"/>; all inputs start missing.</summary>
    public ModelRow CreateRow() => new(Document.Inputs);

    /// <summary>Scores one row: for binary classification the probability of the positive class (<c>Label.Classes[1]</c>), for regression the prediction.</summary>
    public double Score(ModelRow row) => ClassCount == 1
        ? ScoreBatch([row])[0]
        : throw new InvalidOperationException($"Model '{Document.Name}' is a multiclass model: use ScoreClasses, which gives every class's probability.");

    /// <summary>Writes every class's probability for one row, in <see cref="Classes"/> order.</summary>
    public void ScoreClasses(ModelRow row, Span<double> probabilities) => ScoreBatch([row]).CopyTo(probabilities);

    /// <summary>
    /// Scores many rows at once (much faster than one at a time: ML.NET's pipeline runs once): one score per row, or
    /// for multiclass every class's probability per row (row-major, in <see cref="Classes"/> order).
    /// </summary>
    public double[] ScoreBatch(IReadOnlyList<ModelRow> rows)
    {
        var scored = _scoring.Transform(new RowsView(_view, rows));
        if (_fromKey.Length == 0)
            return scored.GetColumn<float>(Document.Task == "BinaryClassification" ? "Probability" : "Score").Select(s => (double)s).ToArray();
        var scores = new double[rows.Count * _fromKey.Length];
        var r = 0;
        foreach (var vector in scored.GetColumn<VBuffer<float>>("Score"))
        {
            var values = vector.DenseValues().ToArray();
            for (var k = 0; k < _fromKey.Length; k++) scores[r * _fromKey.Length + k] = values[_fromKey[k]];
            r++;
        }
        return scores;
    }
}
