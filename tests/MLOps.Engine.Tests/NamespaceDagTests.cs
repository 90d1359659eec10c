using System.Reflection;
using System.Reflection.Emit;
using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// The engine's namespaces form a DAG: reading the compiled assembly (signatures and method bodies), no area (a
/// top-level namespace such as MLOps.Engine.Metrics, with the namespaces below it) depends, directly or through
/// others, on itself, with no exceptions. A cycle is printed area by area, with a type that makes each step.
/// </summary>
public sealed class NamespaceDagTests
{
    private static readonly Assembly Engine = typeof(ModelBuild).Assembly;

    [Fact]
    public void The_engine_namespaces_form_a_dag()
    {
        var edges = Dependencies();
        var cycles = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
            if (FindPath(edges, start, start) is { } path)
                cycles.Add(string.Join(" -> ", path.Select(step => $"{step.To} (by {step.Because})").Prepend(start)));

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles.Distinct()));
    }

    /// <summary>For each namespace, the namespaces it uses, each with one type of it that uses them.</summary>
    private static Dictionary<string, Dictionary<string, string>> Dependencies()
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in Engine.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null) continue;
            var targets = edges.TryGetValue(from, out var t) ? t : edges[from] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type))
                if (NamespaceOf(used) is { } to && to != from) targets.TryAdd(to, Outermost(type).FullName!);
        }
        return edges;
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static string? NamespaceOf(Type type)
    {
        while (type.IsArray || type.IsByRef || type.IsPointer) type = type.GetElementType()!;
        if (type.Assembly != Engine || Outermost(type).Namespace is not { } name) return null;
        var parts = name.Split('.');
        return string.Join('.', parts.Take(Math.Min(parts.Length, 3))); // MLOps.Engine.Area
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        var used = new List<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            used.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition) foreach (var argument in t.GetGenericArguments()) Add(argument);
            if (t.HasElementType) Add(t.GetElementType());
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var attribute in type.CustomAttributes) Add(attribute.AttributeType);
        foreach (var field in type.GetFields(Everything)) Add(field.FieldType);
        foreach (var property in type.GetProperties(Everything)) Add(property.PropertyType);
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info) Add(info.ReturnType);
            foreach (var parameter in method.GetParameters()) Add(parameter.ParameterType);
            var body = method.GetMethodBody();
            if (body is null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType);
            foreach (var member in MembersIn(body.GetILAsByteArray() ?? [], method))
                Add(member as Type ?? member.DeclaringType);
        }
        return used;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types, methods and fields a method body names (its metadata tokens), read from its IL.</summary>
    private static IEnumerable<MemberInfo> MembersIn(byte[] il, MethodBase method)
    {
        var members = new List<MemberInfo>();
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    try
                    {
                        if (method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments) is { } member) members.Add(member);
                    }
                    catch (ArgumentException) { } // a token of a generic context it cannot resolve: its signature types are read anyway
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;
            }
        }
        return members;
    }

    /// <summary>A path of namespaces from <paramref name="from"/> back to <paramref name="to"/>, or null (breadth first: the shortest).</summary>
    private static List<(string To, string Because)>? FindPath(Dictionary<string, Dictionary<string, string>> edges, string from, string to)
    {
        var previous = new Dictionary<string, (string From, string Because)>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var (next, because) in edges.GetValueOrDefault(at) ?? [])
            {
                if (next == to)
                {
                    var path = new List<(string, string)> { (next, because) };
                    for (var n = at; n != from; n = previous[n].From) path.Insert(0, (n, previous[n].Because));
                    return path;
                }
                if (previous.TryAdd(next, (at, because))) queue.Enqueue(next);
            }
        }
        return null;
    }
}
