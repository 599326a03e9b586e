namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>Evaluates ∪, ∩ and ∖ over finite sets ("{1,3} ∪ {2,4}" is {1,2,3,4}).</summary>
internal static class FiniteSets
{
    private const int MaxElements = 64;

    /// <summary>The elements, or null when the node is not set algebra over finite sets.</summary>
    public static List<MathNode>? TryEvaluate(MathNode node, MathComparer comparer, int depth)
    {
        if (node.Kind is NodeKind.Set or NodeKind.List)
        {
            return node.Children.Length <= MaxElements ? Distinct([.. node.Children], comparer, depth) : null;
        }

        if (node.Kind != NodeKind.SetOperation)
        {
            return null;
        }

        var result = TryEvaluate(node.Children[0], comparer, depth);
        for (var i = 1; i < node.Children.Length && result is not null; i++)
        {
            var next = TryEvaluate(node.Children[i], comparer, depth);
            if (next is null)
            {
                return null;
            }

            result = node.Ops[i - 1] switch
            {
                '∪' => Distinct([.. result, .. next], comparer, depth),
                '∩' => result.FindAll(a => next.Exists(b => comparer.ElementEqual(a, b, depth))),
                _ => result.FindAll(a => !next.Exists(b => comparer.ElementEqual(a, b, depth))),
            };
        }

        return result;
    }

    private static List<MathNode> Distinct(List<MathNode> items, MathComparer comparer, int depth)
    {
        var distinct = new List<MathNode>(items.Count);
        foreach (var item in items)
        {
            if (!distinct.Exists(d => comparer.ElementEqual(d, item, depth)))
            {
                distinct.Add(item);
            }
        }

        return distinct;
    }
}
