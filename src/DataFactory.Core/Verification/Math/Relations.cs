namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>Puts relations in one direction: "&gt;" and "≥" become "&lt;" and "≤" with the parts reversed.</summary>
internal static class Relations
{
    /// <summary>The parts and operators of a relation, reversed when it points downwards.</summary>
    public static (MathNode[] Parts, char[] Ops) Normalise(MathNode relation)
    {
        var ops = relation.Ops;
        if (ops.Length == 0 || !Array.TrueForAll(ops, op => op is '>' or '≥'))
        {
            return (relation.Children, ops);
        }

        var parts = relation.Children.Reverse().ToArray();
        var flipped = ops.Reverse().Select(op => op == '>' ? '<' : '≤').ToArray();
        return (parts, flipped);
    }
}
