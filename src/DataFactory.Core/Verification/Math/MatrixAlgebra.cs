namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>Reduces sums, differences, products and scalar multiples of explicit matrices to one matrix of cell expressions.</summary>
internal static class MatrixAlgebra
{
    private const int MaxDimension = 10;

    /// <summary>The matrix the node denotes, or null when it is not matrix arithmetic.</summary>
    public static MathNode? TryReduce(MathNode node)
    {
        switch (node.Kind)
        {
            case NodeKind.Matrix:
                return node.Children.Length <= MaxDimension && node.Children[0].Children.Length <= MaxDimension ? node : null;
            case NodeKind.Negate:
                var inner = TryReduce(node.Children[0]);
                return inner is null ? null : Map(inner, cell => MathNode.Unary(NodeKind.Negate, cell));
            case NodeKind.Add or NodeKind.Subtract:
                var left = TryReduce(node.Children[0]);
                var right = TryReduce(node.Children[1]);
                return left is null || right is null || !SameShape(left, right) ? null : Combine(left, right, node.Kind);
            case NodeKind.Multiply:
                return Multiply(node.Children[0], node.Children[1]);
            default:
                return null;
        }
    }

    private static MathNode? Multiply(MathNode a, MathNode b)
    {
        var left = TryReduce(a);
        var right = TryReduce(b);
        if (left is null && right is not null && MathComparer.IsScalar(a))
        {
            return Map(right, cell => MathNode.Binary(NodeKind.Multiply, a, cell));
        }

        if (right is null && left is not null && MathComparer.IsScalar(b))
        {
            return Map(left, cell => MathNode.Binary(NodeKind.Multiply, cell, b));
        }

        if (left is null || right is null || left.Children[0].Children.Length != right.Children.Length)
        {
            return null;
        }

        var rows = new MathNode[left.Children.Length];
        var columns = right.Children[0].Children.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            var cells = new MathNode[columns];
            for (var j = 0; j < columns; j++)
            {
                MathNode? sum = null;
                for (var k = 0; k < right.Children.Length; k++)
                {
                    var term = MathNode.Binary(NodeKind.Multiply, left.Children[i].Children[k], right.Children[k].Children[j]);
                    sum = sum is null ? term : MathNode.Binary(NodeKind.Add, sum, term);
                }

                cells[j] = sum!;
            }

            rows[i] = MathNode.Group(NodeKind.Row, cells);
        }

        return MathNode.Group(NodeKind.Matrix, rows);
    }

    private static bool SameShape(MathNode a, MathNode b) =>
        a.Children.Length == b.Children.Length && a.Children[0].Children.Length == b.Children[0].Children.Length;

    private static MathNode Combine(MathNode a, MathNode b, NodeKind operation)
    {
        var rows = new MathNode[a.Children.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var cells = new MathNode[a.Children[i].Children.Length];
            for (var j = 0; j < cells.Length; j++)
            {
                cells[j] = MathNode.Binary(operation, a.Children[i].Children[j], b.Children[i].Children[j]);
            }

            rows[i] = MathNode.Group(NodeKind.Row, cells);
        }

        return MathNode.Group(NodeKind.Matrix, rows);
    }

    private static MathNode Map(MathNode matrix, Func<MathNode, MathNode> map) =>
        MathNode.Group(NodeKind.Matrix, [.. matrix.Children.Select(row => MathNode.Group(NodeKind.Row, [.. row.Children.Select(map)]))]);
}
