namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>The free variables of expressions and the fixed points they are evaluated at.</summary>
internal static class Variables
{
    /// <summary>The variable names of both nodes, sorted so that bindings are deterministic.</summary>
    public static List<string> Collect(MathNode a, MathNode b)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Add(a, names);
        Add(b, names);
        return [.. names];
    }

    /// <summary>
    /// Values for each name at the given point: distinct, irregular, in [1.1, 3.4] so that logs,
    /// square roots and denominators such as x² - 2 stay mostly in their domains.
    /// </summary>
    public static Dictionary<string, double> Bind(List<string> names, int point)
    {
        var bindings = new Dictionary<string, double>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var fraction = ((point * 0.6180339887498949) + (i * 0.4142135623730950) + 0.1372) % 1.0;
            bindings[names[i]] = 1.1 + (2.3 * fraction);
        }

        return bindings;
    }

    private static void Add(MathNode node, SortedSet<string> names)
    {
        if (node.Kind == NodeKind.Variable)
        {
            names.Add(node.Name);
            return;
        }

        foreach (var child in node.Children)
        {
            Add(child, names);
        }
    }
}
