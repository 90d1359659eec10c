using System.Buffers.Binary;

namespace MLOps.Engine.Onnx;

/// <summary>
/// An ONNX graph being built: named values flow from the inputs through nodes to the outputs. <see cref="ToBytes"/>
/// writes the ModelProto (field numbers from onnx.proto) with every field in a fixed order, so the bytes depend only
/// on what was added.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>ONNX IR version 10 (ONNX 1.16), the first with ai.onnx opset 21 and ai.onnx.ml opset 5.</summary>
    public const long IrVersion = 10;
    public const long Opset = 21;
    public const long MlOpset = 5;
    public const string MlDomain = "ai.onnx.ml";

    private readonly List<Node> _nodes = [];
    private readonly List<Tensor> _initializers = [];
    private readonly List<ValueInfo> _inputs = [];
    private readonly List<ValueInfo> _outputs = [];
    private int _next;

    /// <summary>A fresh value name (names the user sees are the inputs' and outputs').</summary>
    public string NewName(string hint) => $"{hint}_{_next++}";

    /// <summary>A graph input of <paramref name="elementType"/> with a batch dimension <c>N</c> and one column.</summary>
    public string Input(string name, TensorType elementType)
    {
        _inputs.Add(new ValueInfo(name, elementType, null));
        return name;
    }

    /// <summary>Declares a graph output: <c>N</c> rows of <paramref name="width"/> columns.</summary>
    public void Output(string name, TensorType elementType, long width) => _outputs.Add(new ValueInfo(name, elementType, width));

    /// <summary>A constant double tensor (an initializer).</summary>
    public string Constant(string hint, double[] values, params long[] dims) => Initializer(hint, dims, TensorType.Double, LittleEndian(values));

    /// <summary>A constant int64 tensor (an initializer), e.g. a shape.</summary>
    public string Constant(string hint, long[] values, params long[] dims)
    {
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        return Initializer(hint, dims, TensorType.Int64, raw);
    }

    private string Initializer(string hint, long[] dims, TensorType type, byte[] raw)
    {
        var name = NewName(hint);
        _initializers.Add(new Tensor(name, dims, type, raw));
        return name;
    }

    /// <summary>Doubles as ONNX stores them in raw_data: 8 bytes each, little-endian.</summary>
    private static byte[] LittleEndian(IReadOnlyList<double> values)
    {
        var raw = new byte[values.Count * 8];
        for (var i = 0; i < values.Count; i++) BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), values[i]);
        return raw;
    }

    /// <summary>Adds a node with one output, named after its operator unless <paramref name="output"/> says otherwise.</summary>
    public string Add(string opType, string[] inputs, OnnxAttribute[]? attributes = null, string domain = "", string? output = null)
    {
        output ??= NewName(opType);
        _nodes.Add(new Node(opType, domain, inputs, [output], attributes ?? []));
        return output;
    }

    /// <summary>The model file: the graph with its operator sets, producer and metadata (in the given order).</summary>
    public byte[] ToBytes(string graphName, string producerVersion, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "MLOps.Build")
            .String(3, producerVersion)
            .Message(7, graph =>
            {
                foreach (var node in _nodes) graph.Message(1, node.Write);
                graph.String(2, graphName);
                foreach (var tensor in _initializers) graph.Message(5, tensor.Write);
                foreach (var input in _inputs) graph.Message(11, input.Write);
                foreach (var output in _outputs) graph.Message(12, output.Write);
            })
            .Message(8, opset => opset.String(1, "").Int(2, Opset))
            .Message(8, opset => opset.String(1, MlDomain).Int(2, MlOpset));
        foreach (var (key, value) in metadata) model.Message(14, entry => entry.String(1, key).String(2, value));
        return model.ToArray();
    }

    /// <summary>ONNX TensorProto.DataType values used here.</summary>
    public enum TensorType { Float = 1, Uint8 = 2, String = 8, Int64 = 7, Double = 11 }

    private sealed record Node(string OpType, string Domain, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes)
    {
        public void Write(ProtoWriter w)
        {
            foreach (var input in Inputs) w.String(1, input);
            foreach (var output in Outputs) w.String(2, output);
            w.String(3, Outputs[0]).String(4, OpType);
            foreach (var attribute in Attributes) w.Message(5, attribute.Write);
            if (Domain.Length > 0) w.String(7, Domain);
        }
    }

    /// <summary>A node attribute (AttributeProto): one of the kinds the exporter uses.</summary>
    public sealed record OnnxAttribute(string Name, Action<ProtoWriter> WriteValue)
    {
        public static OnnxAttribute Int(string name, long value) => new(name, w => w.Int(3, value).Int(20, 2));
        public static OnnxAttribute Float(string name, float value) => new(name, w => w.Float(2, value).Int(20, 1));
        public static OnnxAttribute Ints(string name, IEnumerable<long> values) => new(name, w => w.PackedInts(8, values).Int(20, 7));
        public static OnnxAttribute Strings(string name, IEnumerable<string> values) => new(name, w =>
        {
            foreach (var value in values) w.String(9, value);
            w.Int(20, 8);
        });
        public static OnnxAttribute Floats(string name, IReadOnlyList<float> values)
        {
            var packed = new byte[values.Count * 4];
            for (var i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(packed.AsSpan(i * 4), values[i]);
            return new(name, w => w.Bytes(7, packed).Int(20, 6));
        }

        /// <summary>A tensor attribute of doubles (one dimension).</summary>
        public static OnnxAttribute Doubles(string name, IReadOnlyList<double> values) =>
            new(name, w => w.Message(5, new Tensor("", [values.Count], TensorType.Double, LittleEndian(values)).Write).Int(20, 4));

        /// <summary>A tensor attribute of bytes (one dimension), e.g. TreeEnsemble's node modes.</summary>
        public static OnnxAttribute Bytes(string name, byte[] values) =>
            new(name, w => w.Message(5, new Tensor("", [values.Length], TensorType.Uint8, values).Write).Int(20, 4));

        public void Write(ProtoWriter w)
        {
            w.String(1, Name);
            WriteValue(w);
        }
    }

    private sealed record Tensor(string Name, long[] Dims, TensorType Type, byte[] Raw)
    {
        public void Write(ProtoWriter w)
        {
            w.PackedInts(1, Dims).Int(2, (long)Type);
            if (Name.Length > 0) w.String(8, Name);
            w.Bytes(9, Raw);
        }
    }

    /// <summary>A graph input or output: rows <c>N</c> by <see cref="Width"/> (1 for inputs).</summary>
    private sealed record ValueInfo(string Name, TensorType Type, long? Width)
    {
        public void Write(ProtoWriter w) => w.String(1, Name).Message(2, type => type.Message(1, tensor => tensor
            .Int(1, (long)Type)
            .Message(2, shape => shape
                .Message(1, rows => rows.String(2, "N"))
                .Message(1, columns => columns.Int(1, Width ?? 1)))));
    }
}
