namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// Decides whether a predicted answer equals the gold answer, structure by structure: a tuple or an
/// interval keeps its order and its delimiters (an open interval is not a closed one), a set or a bare
/// list ignores order, a matrix compares cell by cell, relations compare up to a constant factor
/// (positive for inequalities), scalars through <see cref="ScalarComparer"/>. "a ± b" is the set
/// {a + b, a - b}. A percentage equals its number, and its fraction when percentages may match fractions.
/// </summary>
internal sealed class MathComparer(double tolerance, bool percentMatchesFraction, bool decimalMatchesIrrational = false)
{
    private const int MaxDepth = 32;
    private const int MaxItems = 64;
    private const int MaxVariants = 16;

    private readonly ScalarComparer _scalars = new(tolerance, decimalMatchesIrrational);

    /// <summary>True when <paramref name="prediction"/> is equivalent to <paramref name="gold"/> (both already shaped).</summary>
    public bool Equivalent(MathNode gold, MathNode prediction) => Equal(gold, prediction, 0);

    private bool Equal(MathNode gold, MathNode prediction, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        depth++;
        gold = ExpandPlusMinus(gold);
        prediction = ExpandPlusMinus(prediction);

        if (gold.Kind == NodeKind.Percent || prediction.Kind == NodeKind.Percent)
        {
            return PercentEqual(gold, prediction, depth);
        }

        if (IsCollection(gold) && IsCollection(prediction))
        {
            // Sets: a repeated element counts once, as in {1, 2, 2} = {1, 2}.
            return UnorderedEqual(Distinct(Elements(gold), depth), Distinct(Elements(prediction), depth), depth);
        }

        // A list that states one value, possibly twice ("15 39/40, or 639/40"), is that value.
        if (IsCollection(gold) && Distinct(Elements(gold), depth) is [var onlyGold])
        {
            return Equal(onlyGold, prediction, depth);
        }

        if (IsCollection(prediction) && Distinct(Elements(prediction), depth) is [var onlyPrediction])
        {
            return Equal(gold, onlyPrediction, depth);
        }

        if (gold.Kind == NodeKind.Relation && prediction.Kind == NodeKind.Bracket && Intervals.TryFromInequality(gold, out var interval))
        {
            return Equal(interval, prediction, depth);
        }

        if (IsScalar(gold) && IsScalar(prediction))
        {
            return _scalars.Equal(gold, prediction);
        }

        gold = ReduceMatrixArithmetic(gold);
        prediction = ReduceMatrixArithmetic(prediction);

        return (gold.Kind, prediction.Kind) switch
        {
            (NodeKind.Bracket, NodeKind.Bracket) => gold.Open == prediction.Open && gold.Close == prediction.Close
                && PairwiseEqual(gold.Children, prediction.Children, depth),
            (NodeKind.Set or NodeKind.List, NodeKind.Bracket) => SortedEqual(gold, prediction, depth),
            (NodeKind.Bracket, NodeKind.Set or NodeKind.List) => SortedEqual(prediction, gold, depth),
            (NodeKind.Matrix, NodeKind.Matrix) or (NodeKind.Row, NodeKind.Row) or (NodeKind.Ratio, NodeKind.Ratio) =>
                PairwiseEqual(gold.Children, prediction.Children, depth),
            (NodeKind.Relation, NodeKind.Relation) => RelationEqual(gold, prediction, depth),
            (NodeKind.Text, NodeKind.Text) => string.Equals(gold.Name, prediction.Name, StringComparison.OrdinalIgnoreCase),
            (NodeKind.SetOperation, _) or (_, NodeKind.SetOperation) => SetOperationEqual(gold, prediction, depth),
            _ => false,
        };
    }

    private static MathNode ReduceMatrixArithmetic(MathNode node) =>
        node.Kind is NodeKind.Add or NodeKind.Subtract or NodeKind.Multiply or NodeKind.Negate ? MatrixAlgebra.TryReduce(node) ?? node : node;

    private static bool IsCollection(MathNode node) => node.Kind is NodeKind.Set or NodeKind.List;

    /// <summary>Numbers, variables, constants and what arithmetic and functions make of them.</summary>
    internal static bool IsScalar(MathNode node) => node.Kind switch
    {
        NodeKind.Number or NodeKind.Variable or NodeKind.Pi or NodeKind.Euler or NodeKind.Infinity => true,
        NodeKind.Negate or NodeKind.Add or NodeKind.Subtract or NodeKind.Multiply or NodeKind.Divide or NodeKind.Power
            or NodeKind.Function or NodeKind.Root or NodeKind.Factorial or NodeKind.Percent or NodeKind.Abs or NodeKind.Floor
            or NodeKind.Ceiling or NodeKind.Binomial or NodeKind.PlusMinus => Array.TrueForAll(node.Children, IsScalar),
        _ => false,
    };

    private bool PercentEqual(MathNode gold, MathNode prediction, int depth)
    {
        if (gold.Kind == NodeKind.Percent && prediction.Kind == NodeKind.Percent)
        {
            return Equal(gold.Children[0], prediction.Children[0], depth);
        }

        var hundred = MathNode.Number(Arithmetic.Rational.FromInteger(100));
        if (gold.Kind == NodeKind.Percent)
        {
            var number = gold.Children[0];
            return Equal(number, prediction, depth)
                || (percentMatchesFraction && IsScalar(prediction) && IsScalar(number)
                    && _scalars.Equal(MathNode.Binary(NodeKind.Divide, number, hundred), prediction));
        }

        var predicted = prediction.Children[0];
        return Equal(gold, predicted, depth)
            || (percentMatchesFraction && IsScalar(gold) && IsScalar(predicted)
                && _scalars.Equal(gold, MathNode.Binary(NodeKind.Divide, predicted, hundred)));
    }

    private bool PairwiseEqual(MathNode[] gold, MathNode[] prediction, int depth)
    {
        if (gold.Length != prediction.Length)
        {
            return false;
        }

        for (var i = 0; i < gold.Length; i++)
        {
            if (!Equal(gold[i], prediction[i], depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Multiset equality by greedy matching (answers are short; the cap keeps it bounded).</summary>
    private bool UnorderedEqual(List<MathNode> gold, List<MathNode> prediction, int depth)
    {
        if (gold.Count != prediction.Count || gold.Count > MaxItems)
        {
            return false;
        }

        var used = new bool[prediction.Count];
        foreach (var item in gold)
        {
            var found = false;
            for (var j = 0; j < prediction.Count && !found; j++)
            {
                if (!used[j] && Equal(item, prediction[j], depth))
                {
                    used[j] = true;
                    found = true;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private List<MathNode> Distinct(List<MathNode> items, int depth)
    {
        if (items.Count > MaxItems)
        {
            return items;
        }

        var distinct = new List<MathNode>(items.Count);
        foreach (var item in items)
        {
            if (!distinct.Exists(d => Equal(d, item, depth)))
            {
                distinct.Add(item);
            }
        }

        return distinct;
    }

    /// <summary>The elements of a set or list, with "a ± b" elements expanded in place.</summary>
    private static List<MathNode> Elements(MathNode collection)
    {
        var elements = new List<MathNode>(collection.Children.Length);
        foreach (var child in collection.Children)
        {
            var expanded = ExpandPlusMinus(child);
            if (expanded.Kind == NodeKind.Set && child.Kind != NodeKind.Set)
            {
                elements.AddRange(expanded.Children);
            }
            else
            {
                elements.Add(child);
            }
        }

        return elements;
    }

    /// <summary>A set against a tuple: the set's numbers in ascending order, as Math-Verify compares {1,3} with (1,3).</summary>
    private bool SortedEqual(MathNode collection, MathNode bracket, int depth)
    {
        if (bracket.Open != '(' || bracket.Close != ')' || collection.Children.Length != bracket.Children.Length)
        {
            return false;
        }

        var values = new List<(double Value, MathNode Node)>();
        foreach (var child in collection.Children)
        {
            if (!IsScalar(child) || Variables.Collect(child, child).Count > 0)
            {
                return false;
            }

            values.Add((NumericEvaluator.Evaluate(child, null), child));
        }

        values.Sort((a, b) => a.Value.CompareTo(b.Value));
        return PairwiseEqual([.. values.Select(v => v.Node)], bracket.Children, depth);
    }

    private bool RelationEqual(MathNode gold, MathNode prediction, int depth)
    {
        var (goldParts, goldOps) = Relations.Normalise(gold);
        var (predictedParts, predictedOps) = Relations.Normalise(prediction);
        if (!goldOps.AsSpan().SequenceEqual(predictedOps))
        {
            return false;
        }

        if (goldOps.Length == 1 && goldOps[0] is '=' or '≠' or '<' or '≤'
            && IsScalar(goldParts[0]) && IsScalar(goldParts[1]) && IsScalar(predictedParts[0]) && IsScalar(predictedParts[1]))
        {
            var goldDifference = MathNode.Binary(NodeKind.Subtract, goldParts[1], goldParts[0]);
            var predictedDifference = MathNode.Binary(NodeKind.Subtract, predictedParts[1], predictedParts[0]);
            return _scalars.Proportional(goldDifference, predictedDifference, positive: goldOps[0] is '<' or '≤');
        }

        if (PairwiseEqual(goldParts, predictedParts, depth))
        {
            return true;
        }

        // "a = b" is "b = a".
        return goldOps is ['='] or ['≠'] && Equal(goldParts[0], predictedParts[1], depth) && Equal(goldParts[1], predictedParts[0], depth);
    }

    private bool SetOperationEqual(MathNode gold, MathNode prediction, int depth)
    {
        var finiteGold = FiniteSets.TryEvaluate(gold, this, depth);
        var finitePrediction = FiniteSets.TryEvaluate(prediction, this, depth);
        if (finiteGold is not null && finitePrediction is not null)
        {
            return UnorderedEqual(finiteGold, finitePrediction, depth);
        }

        if (gold.Kind != NodeKind.SetOperation || prediction.Kind != NodeKind.SetOperation)
        {
            return false;
        }

        // A union of intervals is a union whatever the order of its parts.
        var unions = Array.TrueForAll(gold.Ops, op => op == '∪') && Array.TrueForAll(prediction.Ops, op => op == '∪');
        if (unions)
        {
            return UnorderedEqual([.. gold.Children], [.. prediction.Children], depth);
        }

        return gold.Ops.AsSpan().SequenceEqual(prediction.Ops) && PairwiseEqual(gold.Children, prediction.Children, depth);
    }

    /// <summary>Structural equality for set algebra on finite sets.</summary>
    internal bool ElementEqual(MathNode a, MathNode b, int depth) => Equal(a, b, depth);

    /// <summary>"a ± b" as the set {a + b, a - b}; other nodes unchanged.</summary>
    private static MathNode ExpandPlusMinus(MathNode node)
    {
        if (!IsScalar(node) || !ContainsPlusMinus(node))
        {
            return node;
        }

        var variants = Variants(node);
        return variants.Count <= 1 ? node : MathNode.Group(NodeKind.Set, [.. variants]);
    }

    private static bool ContainsPlusMinus(MathNode node) =>
        node.Kind == NodeKind.PlusMinus || Array.Exists(node.Children, ContainsPlusMinus);

    private static List<MathNode> Variants(MathNode node)
    {
        if (node.Kind == NodeKind.PlusMinus)
        {
            var result = new List<MathNode>();
            if (node.Children.Length == 1)
            {
                foreach (var v in Variants(node.Children[0]))
                {
                    result.Add(v);
                    result.Add(MathNode.Unary(NodeKind.Negate, v));
                }
            }
            else
            {
                foreach (var left in Variants(node.Children[0]))
                {
                    foreach (var right in Variants(node.Children[1]))
                    {
                        result.Add(MathNode.Binary(NodeKind.Add, left, right));
                        result.Add(MathNode.Binary(NodeKind.Subtract, left, right));
                    }
                }
            }

            return result.Count > MaxVariants ? [node] : result;
        }

        if (node.Children.Length == 0 || !ContainsPlusMinus(node))
        {
            return [node];
        }

        var combinations = new List<MathNode[]> { new MathNode[node.Children.Length] };
        for (var i = 0; i < node.Children.Length; i++)
        {
            var next = new List<MathNode[]>();
            foreach (var partial in combinations)
            {
                foreach (var v in Variants(node.Children[i]))
                {
                    var copy = (MathNode[])partial.Clone();
                    copy[i] = v;
                    next.Add(copy);
                }
            }

            if (next.Count > MaxVariants)
            {
                return [node];
            }

            combinations = next;
        }

        return [.. combinations.Select(children => Rebuild(node, children))];
    }

    private static MathNode Rebuild(MathNode node, MathNode[] children) => node.Kind switch
    {
        NodeKind.Function => MathNode.Function(node.Name, children[0], children.Length > 1 ? children[1] : null),
        _ => children.Length == 1 ? MathNode.Unary(node.Kind, children[0]) : MathNode.Binary(node.Kind, children[0], children[1]),
    };
}
