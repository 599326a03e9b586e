namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Shapes a parsed answer before comparison. "x = 3" and "x \in [0,1]" state a value for a name:
/// the value is compared. "x = 1/3 \approx 0.33" keeps the exact part. The gold answer keeps an
/// equation whose left side is an expression ("2x + z = 1") as an equation; a prediction's equation
/// ("a+2z = 2z+a = 101", "y = 2x") gives its last part unless the gold is itself a relation, in which
/// case the two relations are compared.
/// </summary>
internal static class AnswerForms
{
    /// <summary>Shapes the gold answer.</summary>
    public static MathNode PrepareGold(MathNode node) => Prepare(node, isGold: true, goldIsRelation: false);

    /// <summary>Shapes a predicted answer against an already shaped gold answer.</summary>
    public static MathNode PreparePrediction(MathNode node, MathNode gold) => Prepare(node, isGold: false, ContainsRelation(gold));

    /// <summary>"x = 3", "(p, q) = (3, 2)", "f(x) = 1": a single '=' with a name on the left.</summary>
    public static bool IsAssignment(MathNode node) =>
        node.Kind == NodeKind.Relation && node.Ops is ['='] && IsSymbolLike(node.Children[0]);

    /// <summary>A name, not a value: variables (with subscripts), their products and quotients, |AB|, f(x), (p, q), A:B.</summary>
    public static bool IsSymbolLike(MathNode node) => node.Kind switch
    {
        NodeKind.Variable => true,
        NodeKind.Multiply or NodeKind.Divide or NodeKind.Ratio => Array.TrueForAll(node.Children, IsSymbolLike),
        NodeKind.Abs => IsSymbolLike(node.Children[0]),
        NodeKind.Bracket => node.Open == '(' && Array.TrueForAll(node.Children, IsSymbolLike),
        _ => false,
    };

    private static bool ContainsRelation(MathNode node) => node.Kind switch
    {
        NodeKind.Relation => true,
        NodeKind.List or NodeKind.Set => Array.Exists(node.Children, c => c.Kind == NodeKind.Relation),
        _ => false,
    };

    private static MathNode Prepare(MathNode node, bool isGold, bool goldIsRelation)
    {
        switch (node.Kind)
        {
            case NodeKind.List or NodeKind.Set:
                var items = new MathNode[node.Children.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Prepare(node.Children[i], isGold, goldIsRelation);
                }

                return MathNode.Group(node.Kind, items);
            case NodeKind.Relation:
                return PrepareRelation(node, isGold, goldIsRelation);
            default:
                return node;
        }
    }

    private static MathNode PrepareRelation(MathNode node, bool isGold, bool goldIsRelation)
    {
        var parts = node.Children;
        var ops = node.Ops;

        // Approximations: "x ≈ 11" states 11; "x = 1/3 ≈ 0.33" and "√3/3 ≈ 0.577" keep what precedes '≈'.
        var approx = Array.IndexOf(ops, '≈');
        while (approx >= 0)
        {
            if (approx == 0 && IsSymbolLike(parts[0]))
            {
                parts = parts[1..];
                ops = ops[1..];
            }
            else
            {
                parts = parts[..(approx + 1)];
                ops = ops[..approx];
            }

            approx = Array.IndexOf(ops, '≈');
        }

        if (parts.Length == 1)
        {
            return Prepare(parts[0], isGold, goldIsRelation);
        }

        if (ops is ['∈'] && IsSymbolLike(parts[0]))
        {
            return parts[1];
        }

        // The gold's "x = 3" states 3; a prediction's equation states its last part unless the gold is an equation too.
        if (Array.TrueForAll(ops, op => op == '=') && (isGold ? IsSymbolLike(parts[0]) : !goldIsRelation))
        {
            return parts[^1];
        }

        return parts.Length == node.Children.Length ? node : MathNode.Chain(NodeKind.Relation, parts, ops);
    }
}
