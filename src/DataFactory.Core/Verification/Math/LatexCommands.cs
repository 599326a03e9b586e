namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>How the lexer treats each LaTeX command it knows.</summary>
internal static class LatexCommands
{
    /// <summary>Commands that only format: they lex as whitespace.</summary>
    public static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "quad", "qquad", "hline", "nonumber", "notag",
        "ldots", "dots", "cdots", "vdots", "ddots", "dotsc", "dotsb", "space", "enspace", "thinspace", "medspace", "thickspace",
        "negthinspace", "mathstrut", "strut", "newline", "cr", "allowbreak", "rm", "bf", "it", "normalsize", "small", "large", "Large",
    };

    /// <summary>Commands whose braced argument is read as ordinary content (text, fonts, decorations).</summary>
    public static readonly HashSet<string> Transparent = new(StringComparer.Ordinal)
    {
        "text", "textbf", "textit", "textrm", "textsf", "texttt", "textnormal", "textup", "textmd", "mathrm", "mathbf", "mathit",
        "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "mathscr", "mathnormal", "mbox", "hbox", "operatorname", "emph",
        "boldsymbol", "bm", "pmb", "overline", "underline", "vec", "hat", "bar", "widehat", "tilde", "widetilde", "overrightarrow",
        "overleftrightarrow", "overleftarrow", "ddot", "mathring", "check", "breve", "acute", "grave", "underbrace", "overbrace",
    };

    /// <summary>Commands whose braced argument is a group: boxes.</summary>
    public static readonly HashSet<string> Boxes = new(StringComparer.Ordinal) { "boxed", "fbox", "framebox", "ensuremath" };

    /// <summary>Commands with one argument that is dropped (sizes, colours, labels).</summary>
    public static readonly HashSet<string> DropArgument = new(StringComparer.Ordinal)
    {
        "hspace", "vspace", "label", "color", "tag", "phantom", "hphantom", "vphantom", "kern", "mkern",
    };

    /// <summary>Functions the evaluator knows.</summary>
    public static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp", "lg",
    };

    /// <summary>Named tokens: operators, relations, constants, delimiters.</summary>
    public static readonly Dictionary<string, Token> Named = new(StringComparer.Ordinal)
    {
        ["frac"] = new(TokenKind.Frac),
        ["dfrac"] = new(TokenKind.Frac),
        ["tfrac"] = new(TokenKind.Frac),
        ["cfrac"] = new(TokenKind.Frac),
        ["sqrt"] = new(TokenKind.Sqrt),
        ["binom"] = new(TokenKind.Binom),
        ["dbinom"] = new(TokenKind.Binom),
        ["tbinom"] = new(TokenKind.Binom),
        ["pi"] = new(TokenKind.Identifier, "π"),
        ["infty"] = new(TokenKind.Infinity),
        ["infinity"] = new(TokenKind.Infinity),
        ["emptyset"] = new(TokenKind.EmptySet),
        ["varnothing"] = new(TokenKind.EmptySet),
        ["circ"] = new(TokenKind.Degree),
        ["degree"] = new(TokenKind.Degree),
        ["cdot"] = new(TokenKind.Times),
        ["times"] = new(TokenKind.Times),
        ["ast"] = new(TokenKind.Times),
        ["div"] = new(TokenKind.Divide),
        ["pm"] = new(TokenKind.PlusMinus),
        ["mp"] = new(TokenKind.MinusPlus),
        ["le"] = new(TokenKind.Relation, Op: '≤'),
        ["leq"] = new(TokenKind.Relation, Op: '≤'),
        ["leqslant"] = new(TokenKind.Relation, Op: '≤'),
        ["leqq"] = new(TokenKind.Relation, Op: '≤'),
        ["ge"] = new(TokenKind.Relation, Op: '≥'),
        ["geq"] = new(TokenKind.Relation, Op: '≥'),
        ["geqslant"] = new(TokenKind.Relation, Op: '≥'),
        ["geqq"] = new(TokenKind.Relation, Op: '≥'),
        ["lt"] = new(TokenKind.Relation, Op: '<'),
        ["gt"] = new(TokenKind.Relation, Op: '>'),
        ["ne"] = new(TokenKind.Relation, Op: '≠'),
        ["neq"] = new(TokenKind.Relation, Op: '≠'),
        ["approx"] = new(TokenKind.Relation, Op: '≈'),
        ["simeq"] = new(TokenKind.Relation, Op: '≈'),
        ["thickapprox"] = new(TokenKind.Relation, Op: '≈'),
        ["equiv"] = new(TokenKind.Relation, Op: '='),
        ["in"] = new(TokenKind.Relation, Op: '∈'),
        ["cup"] = new(TokenKind.SetOperator, Op: '∪'),
        ["cap"] = new(TokenKind.SetOperator, Op: '∩'),
        ["setminus"] = new(TokenKind.SetOperator, Op: '∖'),
        ["backslash"] = new(TokenKind.SetOperator, Op: '∖'),
        ["mid"] = new(TokenKind.Bar),
        ["vert"] = new(TokenKind.Bar),
        ["lvert"] = new(TokenKind.Bar),
        ["rvert"] = new(TokenKind.Bar),
        ["lfloor"] = new(TokenKind.FloorOpen),
        ["rfloor"] = new(TokenKind.FloorClose),
        ["lceil"] = new(TokenKind.CeilOpen),
        ["rceil"] = new(TokenKind.CeilClose),
        ["lbrace"] = new(TokenKind.SetOpen),
        ["rbrace"] = new(TokenKind.SetClose),
        ["langle"] = new(TokenKind.LeftParen),
        ["rangle"] = new(TokenKind.RightParen),
        ["lbrack"] = new(TokenKind.LeftBracket),
        ["rbrack"] = new(TokenKind.RightBracket),
        ["prime"] = new(TokenKind.Prime),
    };

    /// <summary>Matrix-like environments; everything else in \begin{...} is layout and ignored.</summary>
    public static readonly HashSet<string> MatrixEnvironments = new(StringComparer.Ordinal)
    {
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array",
    };

    /// <summary>Words that mean "percent".</summary>
    public static readonly HashSet<string> PercentWords = new(StringComparer.OrdinalIgnoreCase) { "percent", "pct", "percentage" };

    /// <summary>Words that join answers in a list.</summary>
    public static readonly HashSet<string> Connectors = new(StringComparer.OrdinalIgnoreCase) { "and", "or" };

    /// <summary>Two-letter unit abbreviations that would otherwise read as a product of two variables.</summary>
    public static readonly HashSet<string> ShortUnits = new(StringComparer.Ordinal)
    {
        "cm", "mm", "km", "kg", "mg", "ml", "mL", "ft", "hr", "yd", "lb", "oz", "sq", "mi", "dm", "Hz", "kW", "kJ", "mA", "mV",
    };

    /// <summary>Single letters read as a unit when they directly follow a number at the end of an answer ("3s", "5 m").</summary>
    public static readonly HashSet<string> LetterUnits = new(StringComparer.Ordinal) { "s", "m", "g" };
}
