using System.Text;

namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>Renders a node compactly (used in reasons and as a last-resort structural key).</summary>
internal static class NodeText
{
    private const int MaxLength = 200;

    public static string Render(MathNode node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.Length > MaxLength ? builder.ToString(0, MaxLength) + "…" : builder.ToString();
    }

    private static void Append(StringBuilder b, MathNode n)
    {
        if (b.Length > MaxLength)
        {
            return;
        }

        switch (n.Kind)
        {
            case NodeKind.Number: b.Append(n.Value.ToString()); break;
            case NodeKind.Variable: b.Append(n.Name); break;
            case NodeKind.Text: b.Append('"').Append(n.Name).Append('"'); break;
            case NodeKind.Pi: b.Append('π'); break;
            case NodeKind.Euler: b.Append('e'); break;
            case NodeKind.Infinity: b.Append('∞'); break;
            case NodeKind.Negate: b.Append('-'); Wrap(b, n.Children[0]); break;
            case NodeKind.Add: Infix(b, n, "+"); break;
            case NodeKind.Subtract: Infix(b, n, "-"); break;
            case NodeKind.Multiply: Infix(b, n, "*"); break;
            case NodeKind.Divide: Infix(b, n, "/"); break;
            case NodeKind.Power: Infix(b, n, "^"); break;
            case NodeKind.PlusMinus: if (n.Children.Length == 1) { b.Append('±'); Wrap(b, n.Children[0]); } else { Infix(b, n, "±"); } break;
            case NodeKind.Percent: Wrap(b, n.Children[0]); b.Append('%'); break;
            case NodeKind.Factorial: Wrap(b, n.Children[0]); b.Append('!'); break;
            case NodeKind.Bracket: b.Append(n.Open); Items(b, n.Children, ","); b.Append(n.Close); break;
            case NodeKind.Set: b.Append('{'); Items(b, n.Children, ","); b.Append('}'); break;
            case NodeKind.List: Items(b, n.Children, ","); break;
            case NodeKind.Matrix: b.Append('['); Items(b, n.Children, ";"); b.Append(']'); break;
            case NodeKind.Row: Items(b, n.Children, " "); break;
            case NodeKind.Ratio: Items(b, n.Children, ":"); break;
            case NodeKind.Relation or NodeKind.SetOperation:
                for (var i = 0; i < n.Children.Length; i++)
                {
                    if (i > 0)
                    {
                        b.Append(n.Ops[i - 1]);
                    }

                    Append(b, n.Children[i]);
                }

                break;
            default:
                b.Append(n.Kind switch
                {
                    NodeKind.Function => n.Name,
                    NodeKind.Root => "root",
                    NodeKind.Abs => "abs",
                    NodeKind.Floor => "floor",
                    NodeKind.Ceiling => "ceil",
                    NodeKind.Binomial => "binom",
                    _ => n.Kind.ToString(),
                });
                b.Append('(');
                Items(b, n.Children, ",");
                b.Append(')');
                break;
        }
    }

    private static void Infix(StringBuilder b, MathNode n, string op)
    {
        Wrap(b, n.Children[0]);
        b.Append(op);
        Wrap(b, n.Children[1]);
    }

    private static void Wrap(StringBuilder b, MathNode n)
    {
        var simple = n.Kind is NodeKind.Number or NodeKind.Variable or NodeKind.Pi or NodeKind.Euler or NodeKind.Function;
        if (!simple)
        {
            b.Append('(');
        }

        Append(b, n);
        if (!simple)
        {
            b.Append(')');
        }
    }

    private static void Items(StringBuilder b, MathNode[] items, string separator)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                b.Append(separator);
            }

            Append(b, items[i]);
        }
    }
}
