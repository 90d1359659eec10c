namespace MLOps.Runtime;

/// <summary>A loaded model, ready to score. Thread-safe for scoring as long as each thread uses its own <see cref="ModelRow"/> and buffer.</summary>
public sealed class Model
{
    private readonly Featurizer _featurizer;
    private readonly double[] _weights;
    private readonly double _intercept;
    private readonly bool _logistic;
    private readonly TreeEnsemble? _trees;

    /// <summary>Wraps a parsed model document.</summary>
    public Model(ModelDocument document)
    {
        Document = document;
        _featurizer = new Featurizer(document.Inputs);
        if (document.Predictor.Kind == PredictorKinds.Trees)
            _trees = new TreeEnsemble(document.Predictor.Trees ?? [], _featurizer.FeatureCount, document.Name);
        else if (document.Predictor.Kind == PredictorKinds.Predictions)
            throw new InvalidDataException($"Model '{document.Name}' was trained by an External trainer that wrote only predictions for its evaluation data; it has no scorer.");
        else if (document.Predictor.Kind == PredictorKinds.MLNet)
            throw new InvalidDataException($"Model '{document.Name}' is an ML.NET model ({document.Predictor.ModelFile}) that is scored through ML.NET: load it with MLNetModel.Load from the package MLOps.Runtime.MLNet.");
        else if (document.Predictor.Kind != PredictorKinds.Linear)
            throw new InvalidDataException($"Model '{document.Name}' has predictor kind '{document.Predictor.Kind}', which this MLOps.Runtime cannot score.");
        _weights = document.Predictor.Weights.ToArray();
        if (_trees is null && _weights.Length != _featurizer.FeatureCount * ClassCount)
            throw new InvalidDataException($"Model '{document.Name}' has {_weights.Length} weights for {_featurizer.FeatureCount} features{(ClassCount > 1 ? $" and {ClassCount} classes" : "")}.");
        _intercept = document.Predictor.Intercept;
        _logistic = document.Predictor.Link == Links.Logit;
    }

    /// <summary>
    /// Loads a model file. A relative path is tried against the current directory, then against the app's folder
    /// (<see cref="AppContext.BaseDirectory"/>), where a model package copies its model: <c>dotnet run</c> runs an app
    /// in its project folder, a published app anywhere.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at any of those places; the message names each.</exception>
    /// <exception cref="InvalidDataException">The file is not a model this MLOps.Runtime can score.</exception>
    public static Model Load(string path)
    {
        var file = ModelFile.Find(path, Environment.CurrentDirectory, AppContext.BaseDirectory);
        return new(ModelFormat.FromBytes(File.ReadAllBytes(file), file));
    }

    /// <summary>The model as stored.</summary>
    public ModelDocument Document { get; }

    /// <summary>
    /// The inputs a row takes (<see cref="ModelRow.Set(string, double)"/> and its overloads), in feature order: each
    /// one's name, type (<c>number</c>, <c>boolean</c> or <c>category</c>) and, for a category, the values it knows.
    /// </summary>
    public IReadOnlyList<InputSpec> Inputs => Document.Inputs;

    /// <summary>Length of the feature vector a row turns into.</summary>
    public int FeatureCount => _featurizer.FeatureCount;

    /// <summary>A row to fill and pass to <see cref="Score(ModelRow)"/>; all inputs start missing.</summary>
    public ModelRow CreateRow() => new(Document.Inputs);

    /// <summary>
    /// Scores one row: for binary classification the probability of the positive class (<c>Label.Classes[1]</c>),
    /// for regression the prediction.
    /// </summary>
    public double Score(ModelRow row)
    {
        Span<double> features = FeatureCount <= 256 ? stackalloc double[FeatureCount] : new double[FeatureCount];
        return Score(row, features);
    }

    /// <summary>Scores one row using a caller-owned feature buffer of length <see cref="FeatureCount"/>.</summary>
    public double Score(ModelRow row, Span<double> features)
    {
        _featurizer.Transform(row, features);
        return ScoreFeatures(features);
    }

    /// <summary>Number of classes a multiclass model scores (<see cref="ScoreClasses(ModelRow, Span{double})"/>); 1 for the other tasks.</summary>
    public int ClassCount => Document.Predictor.Link == Links.Softmax ? Document.Label.Classes.Count : 1;

    /// <summary>
    /// Scores one row of a multiclass model: the probability of each class (in <c>Label.Classes</c> order) into
    /// <paramref name="probabilities"/> (length <see cref="ClassCount"/>), without allocating.
    /// </summary>
    public void ScoreClasses(ModelRow row, Span<double> probabilities)
    {
        Span<double> features = FeatureCount <= 256 ? stackalloc double[FeatureCount] : new double[FeatureCount];
        _featurizer.Transform(row, features);
        ScoreFeaturesClasses(features, probabilities);
    }

    /// <summary>Class probabilities of an already featurized vector (multiclass models).</summary>
    public void ScoreFeaturesClasses(ReadOnlySpan<double> features, Span<double> probabilities)
    {
        if (ClassCount == 1 || Document.Predictor.Intercepts is not { } intercepts || intercepts.Count != probabilities.Length)
            throw new InvalidOperationException($"Model '{Document.Name}' is not a multiclass model; use Score.");
        for (var k = 0; k < probabilities.Length; k++) probabilities[k] = intercepts[k];
        if (_trees is not null) _trees.SumByClass(features, probabilities);
        else
            for (var k = 0; k < probabilities.Length; k++)
                probabilities[k] += VectorMath.Dot(features, _weights.AsSpan(k * FeatureCount, FeatureCount));
        VectorMath.Softmax(probabilities);
    }

    /// <summary>
    /// Scores many already featurized rows at once (row-major, rows × <see cref="FeatureCount"/>) into
    /// <paramref name="scores"/> (one per row; for a multiclass model, rows × <see cref="ClassCount"/> probabilities).
    /// For tree models this is several times faster than scoring row by row.
    /// </summary>
    public void ScoreFeaturesBatch(ReadOnlySpan<double> features, Span<double> scores)
    {
        var k = ClassCount;
        var rows = scores.Length / k;
        if (features.Length != rows * FeatureCount) throw new ArgumentException($"Expected {rows} rows of {FeatureCount} features.", nameof(features));
        if (_trees is null)
        {
            for (var r = 0; r < rows; r++)
                if (k > 1) ScoreFeaturesClasses(features.Slice(r * FeatureCount, FeatureCount), scores.Slice(r * k, k));
                else scores[r] = ScoreFeatures(features.Slice(r * FeatureCount, FeatureCount));
            return;
        }
        // The same additions in the same order as row by row, so both give the same bits.
        if (k > 1)
        {
            var intercepts = Document.Predictor.Intercepts!;
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < k; c++) scores[r * k + c] = intercepts[c];
            _trees.SumBatch(features, FeatureCount, scores, k);
            for (var r = 0; r < rows; r++) VectorMath.Softmax(scores.Slice(r * k, k));
            return;
        }
        scores.Clear();
        _trees.SumBatch(features, FeatureCount, scores);
        for (var r = 0; r < rows; r++)
        {
            var z = _intercept + scores[r];
            scores[r] = _logistic ? Sigmoid(z) : z;
        }
    }

    /// <summary>Scores an already featurized vector.</summary>
    public double ScoreFeatures(ReadOnlySpan<double> features)
    {
        if (ClassCount > 1) throw new InvalidOperationException($"Model '{Document.Name}' is a multiclass model: use ScoreClasses, which gives every class's probability.");
        var z = _intercept + (_trees is null ? VectorMath.Dot(features, _weights) : _trees.Sum(features));
        return _logistic ? Sigmoid(z) : z;
    }

    /// <summary>Featurizes a row (for training code that needs the same features the model sees).</summary>
    public void Featurize(ModelRow row, Span<double> features) => _featurizer.Transform(row, features);

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
