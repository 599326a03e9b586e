using System.Globalization;

namespace DataFactory.Core.Steps.Puzzles;

/// <summary>Reads and judges one try: steps "a op b = v", optional lists "(x y z)", then ". Yes." or ". No.".</summary>
internal ref struct TryReader
{
    // Puzzle numbers are small; a longer digit run is not a puzzle number.
    private const int MaxDigits = 15;

    private readonly string _text;
    private readonly int _end;
    private readonly int _line;
    private readonly long? _target;
    private readonly List<long> _left;
    private readonly List<long> _printed;
    private readonly StepTally _tally;
    private int _i;

    public TryReader(string text, int start, int end, int line, long? target, List<long> left, List<long> printed, StepTally tally)
    {
        _text = text;
        _i = start;
        _end = end;
        _line = line;
        _target = target;
        _left = left;
        _printed = printed;
        _tally = tally;
    }

    public void Read()
    {
        long reached = 0;
        while (true)
        {
            var stepStart = SkipSpaces();
            if (!TryNumber(out var a) || !TryOperator() || !TryNumber(out var b) || !TryChar('=') || !TryNumber(out var value))
            {
                _tally.Skip();
                return;
            }

            var stepEnd = _i;
            if (!Take(a, b))
            {
                var before = Show(_left);
                var missing = _left.Contains(a) ? b : a;
                var reason = a == b && _left.Contains(a)
                    ? $"uses {Num(a)} twice, but the numbers left are {before}"
                    : $"uses {Num(missing)}, which is not among the numbers left ({before})";
                _tally.Fail(_line, stepStart, stepEnd, reason);
                return;
            }

            _tally.Pass();
            _left.Add(value);
            reached = value;

            var listStart = SkipSpaces();
            if (TryChar('('))
            {
                if (!TryList())
                {
                    _tally.Skip();
                    return;
                }

                if (!SameMultiset(_left, _printed))
                {
                    _tally.Fail(_line, listStart, _i, $"the numbers left after {_text[stepStart..stepEnd].Trim()} are {Show(_left)}, not {Show(_printed)}");
                    return;
                }

                _tally.Pass();
            }

            if (TryChar(','))
            {
                continue;
            }

            if (!TryChar('.'))
            {
                _tally.Skip();
                return;
            }

            break;
        }

        JudgeVerdict(reached);
    }

    private void JudgeVerdict(long reached)
    {
        var verdictStart = SkipSpaces();
        var wordEnd = _i;
        while (wordEnd < _end && char.IsAsciiLetter(_text[wordEnd]))
        {
            wordEnd++;
        }

        bool says;
        switch (_text.AsSpan(verdictStart, wordEnd - verdictStart))
        {
            case var w when w.Equals("yes", StringComparison.OrdinalIgnoreCase) || w.Equals("works", StringComparison.OrdinalIgnoreCase):
                says = true;
                break;
            case var w when w.Equals("no", StringComparison.OrdinalIgnoreCase) || w.Equals("fails", StringComparison.OrdinalIgnoreCase):
                says = false;
                break;
            default:
                return;
        }

        if (_target is not { } target)
        {
            _tally.Skip();
            return;
        }

        var hit = reached == target && _left.Count == 1;
        if (says == hit)
        {
            if (hit)
            {
                _tally.PassReached();
            }
            else
            {
                _tally.Pass();
            }

            return;
        }

        var reason = !says
            ? $"says no, but the try reached the target {Num(target)} with every number used"
            : reached != target
                ? $"says yes, but the try reached {Num(reached)}, not {Num(target)}"
                : $"says yes, but not every number is used (left: {Show(_left)})";
        _tally.Fail(_line, verdictStart, wordEnd, reason);
    }

    private bool Take(long a, long b)
    {
        var ia = _left.IndexOf(a);
        var ib = a == b ? (ia < 0 ? -1 : _left.IndexOf(b, ia + 1)) : _left.IndexOf(b);
        if (ia < 0 || ib < 0)
        {
            return false;
        }

        _left.RemoveAt(Math.Max(ia, ib));
        _left.RemoveAt(Math.Min(ia, ib));
        return true;
    }

    private bool TryList()
    {
        _printed.Clear();
        while (true)
        {
            SkipSpaces();
            if (TryChar(')'))
            {
                return _printed.Count > 0;
            }

            if (_printed.Count > 64 || !TryNumber(out var n))
            {
                return false;
            }

            _printed.Add(n);
            TryChar(',');
        }
    }

    private bool TryNumber(out long value)
    {
        value = 0;
        SkipSpaces();
        var start = _i;
        if (_i < _end && _text[_i] is '-' or '\u2212')
        {
            _i++;
        }

        var digits = _i;
        while (_i < _end && char.IsAsciiDigit(_text[_i]))
        {
            _i++;
        }

        if (_i == digits || _i - digits > MaxDigits)
        {
            _i = start;
            return false;
        }

        value = long.Parse(_text.AsSpan(digits, _i - digits), NumberStyles.None, CultureInfo.InvariantCulture);
        if (digits != start)
        {
            value = -value;
        }

        return true;
    }

    private bool TryOperator()
    {
        SkipSpaces();
        if (_i < _end && _text[_i] is '+' or '-' or '*' or '/' or 'x' or '\u00D7' or '\u00F7' or '\u2212' or '\u00B7')
        {
            _i++;
            return true;
        }

        return false;
    }

    private bool TryChar(char c)
    {
        SkipSpaces();
        if (_i < _end && _text[_i] == c)
        {
            _i++;
            return true;
        }

        return false;
    }

    private int SkipSpaces()
    {
        while (_i < _end && _text[_i] is ' ' or '\t' or '\r')
        {
            _i++;
        }

        return _i;
    }

    private static bool SameMultiset(List<long> a, List<long> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        Span<long> x = a.Count <= 64 ? stackalloc long[a.Count] : new long[a.Count];
        Span<long> y = b.Count <= 64 ? stackalloc long[b.Count] : new long[b.Count];
        for (var i = 0; i < a.Count; i++)
        {
            x[i] = a[i];
            y[i] = b[i];
        }

        x.Sort();
        y.Sort();
        return x.SequenceEqual(y);
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Show(List<long> numbers) => numbers.Count == 0 ? "none" : string.Join(' ', numbers.Select(Num));
}
