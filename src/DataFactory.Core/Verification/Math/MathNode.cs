using DataFactory.Core.Verification.Arithmetic;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// A node of a parsed answer. One class for every kind keeps the tree small and the comparer a
/// switch: numbers carry <see cref="Value"/>, variables, functions and text a <see cref="Name"/>,
/// brackets their delimiters, relations and set operations their operators.
/// </summary>
internal sealed class MathNode
{
    private static readonly MathNode[] None = [];

    private MathNode(NodeKind kind, MathNode[] children)
    {
        Kind = kind;
        Children = children;
    }

    public NodeKind Kind { get; }

    public MathNode[] Children { get; }

    /// <summary>The exact value of a number literal.</summary>
    public Rational Value { get; private init; }

    /// <summary>True when a number literal was written with a decimal point or an exponent.</summary>
    public bool IsDecimal { get; private init; }

    /// <summary>A variable's, function's or text's name.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>A bracket's opening delimiter: '(' or '['.</summary>
    public char Open { get; private init; }

    /// <summary>A bracket's closing delimiter: ')' or ']'.</summary>
    public char Close { get; private init; }

    /// <summary>The operators between the parts of a relation or set operation.</summary>
    public char[] Ops { get; private init; } = [];

    public static MathNode Number(Rational value, bool isDecimal = false) => new(NodeKind.Number, None) { Value = value, IsDecimal = isDecimal };

    public static MathNode Leaf(NodeKind kind) => new(kind, None);

    public static MathNode Variable(string name) => new(NodeKind.Variable, None) { Name = name };

    public static MathNode Text(string text) => new(NodeKind.Text, None) { Name = text };

    public static MathNode Unary(NodeKind kind, MathNode child) => new(kind, [child]);

    public static MathNode Binary(NodeKind kind, MathNode left, MathNode right) => new(kind, [left, right]);

    public static MathNode Function(string name, MathNode argument, MathNode? logBase = null) =>
        new(NodeKind.Function, logBase is null ? [argument] : [argument, logBase]) { Name = name };

    public static MathNode Group(NodeKind kind, MathNode[] children) => new(kind, children);

    public static MathNode Bracket(char open, char close, MathNode[] items) => new(NodeKind.Bracket, items) { Open = open, Close = close };

    public static MathNode Chain(NodeKind kind, MathNode[] parts, char[] ops) => new(kind, parts) { Ops = ops };

    /// <summary>A compact rendering for reasons and debugging.</summary>
    public override string ToString() => NodeText.Render(this);
}
