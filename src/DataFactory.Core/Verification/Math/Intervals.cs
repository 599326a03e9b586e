namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Reads a gold inequality on one name as an interval: "1 &lt; x ≤ 2" is (1, 2], "x ≥ 5" is [5, ∞).
/// Used only for a gold relation against a predicted interval, as Math-Verify does; the reverse
/// direction stays unequal.
/// </summary>
internal static class Intervals
{
    public static bool TryFromInequality(MathNode relation, out MathNode interval)
    {
        interval = relation;
        var (parts, ops) = Relations.Normalise(relation);
        if (!Array.TrueForAll(ops, op => op is '<' or '≤'))
        {
            return false;
        }

        var infinity = MathNode.Leaf(NodeKind.Infinity);
        if (ops.Length == 2 && AnswerForms.IsSymbolLike(parts[1]))
        {
            interval = Make(ops[0], ops[1], parts[0], parts[2]);
            return true;
        }

        if (ops.Length != 1)
        {
            return false;
        }

        if (AnswerForms.IsSymbolLike(parts[0]))
        {
            interval = Make('<', ops[0], MathNode.Unary(NodeKind.Negate, infinity), parts[1]);
            return true;
        }

        if (AnswerForms.IsSymbolLike(parts[1]))
        {
            interval = Make(ops[0], '<', parts[0], infinity);
            return true;
        }

        return false;
    }

    private static MathNode Make(char lowerOp, char upperOp, MathNode lower, MathNode upper) =>
        MathNode.Bracket(lowerOp == '<' ? '(' : '[', upperOp == '<' ? ')' : ']', [lower, upper]);
}
