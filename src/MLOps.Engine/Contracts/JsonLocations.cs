using System.Text;
using System.Text.Json;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Where each property and array element of a JSON document starts (1-based line and character column), by path
/// (<c>columns[2].max</c>), so a message about a value in a hand-edited file can point at it.
/// </summary>
internal sealed class JsonLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _places = new(StringComparer.Ordinal);

    private JsonLocations() { }

    /// <summary>The place of <paramref name="path"/>, or of its nearest enclosing element, or (1, 1).</summary>
    public (int Line, int Column) Of(string path)
    {
        while (true)
        {
            if (_places.TryGetValue(path, out var place)) return place;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) return (1, 1);
            path = path[..cut];
        }
    }

    /// <summary>Maps a syntactically valid document.</summary>
    public static JsonLocations Map(byte[] utf8)
    {
        var locations = new JsonLocations();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new Stack<(string Path, int NextIndex, bool IsArray)>();
        string? pendingProperty = null;
        var cursor = new Cursor(utf8);
        while (reader.Read())
        {
            var place = cursor.MoveTo((int)reader.TokenStartIndex);
            string Here()
            {
                if (pendingProperty is not null) return pendingProperty;
                if (path.Count == 0) return "";
                var (parent, index, isArray) = path.Pop();
                path.Push((parent, index + 1, isArray));
                return isArray ? $"{parent}[{index}]" : parent;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parentPath = path.Count == 0 ? "" : path.Peek().Path;
                    var name = reader.GetString()!;
                    pendingProperty = parentPath.Length == 0 ? name : $"{parentPath}.{name}";
                    locations._places[pendingProperty] = place;
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var at = Here();
                    locations._places.TryAdd(at, place);
                    path.Push((at, 0, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.Pop();
                    break;
                default:
                    locations._places.TryAdd(Here(), place);
                    break;
            }
            pendingProperty = null;
        }
        return locations;
    }

    /// <summary>
    /// Line and column of offsets met in increasing order, each found from the last, so mapping a document takes time
    /// linear in its size (counting from the start for every token took minutes for a contract with 300,000 values).
    /// </summary>
    private ref struct Cursor(ReadOnlySpan<byte> utf8)
    {
        private readonly ReadOnlySpan<byte> _utf8 = utf8;
        private int _offset, _line = 1, _column = 1;

        public (int Line, int Column) MoveTo(int offset)
        {
            var passed = _utf8[_offset..offset];
            var lastBreak = passed.LastIndexOf((byte)'\n');
            if (lastBreak >= 0)
            {
                _line += passed.Count((byte)'\n');
                _column = 1;
                passed = passed[(lastBreak + 1)..];
            }
            _column += Encoding.UTF8.GetCharCount(passed);
            _offset = offset;
            return (_line, _column);
        }
    }
}
