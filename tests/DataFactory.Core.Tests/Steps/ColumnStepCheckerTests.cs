using System.Text.Json;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Columns;

namespace DataFactory.Core.Tests.Steps;

public sealed class ColumnStepCheckerTests
{
    private static Problem Calculate(string expression, string answer) => new() { Id = "a", Prompt = $"Calculate {expression}.", Kind = TaskKind.Math, Answer = answer };

    private static StepCheck Check(string expression, string trace) => new ColumnStepChecker().Check(Calculate(expression, "0"), trace);

    [Theory]
    // Real output of the bundled model (examples/arithmetic.jsonl, seed 20261206).
    [InlineData("914 + 208", "Add the columns from the right.\n4+8+0=12: 2\n1+0+1=2: 22\n9+2+0=11: 122\ncarry 1: 1122\nFinal answer: 1122", 6)]
    [InlineData("8 - 412", "8 is less than 412, so compute 412 - 8 and negate.\n12-0-8=4: 4\n1-1-0=0: 04\n4-0-0=4: 404\nFinal answer: -404", 5)]
    [InlineData("727 - 593", "Subtract the columns from the right.\n7-0-3=4: 4\n12-0-9=3: 34\n7-1-5=1: 134\nFinal answer: 134", 5)]
    [InlineData("44 * 8", "Multiply by each digit, then add the partial products.\n44*8:\n4*8+0=32: 2\n4*8+3=35: 52\ncarry 3: 352\nFinal answer: 352", 6)]
    // The training generator's traces (models/tiny-reasoner/train/tasks.py, arith_trace): two-digit multipliers, a zero digit, borrows to the end.
    [InlineData("37 * 46", "Multiply by each digit, then add the partial products.\n37*6:\n7*6+0=42: 2\n3*6+4=22: 22\ncarry 2: 222\n37*40:\n7*4+0=28: 80\n3*4+2=14: 480\ncarry 1: 1480\n222+1480:\n2+0+0=2: 2\n2+8+0=10: 02\n2+4+1=7: 702\n0+1+0=1: 1702\nFinal answer: 1702", 15)]
    [InlineData("407 * 30", "Multiply by each digit, then add the partial products.\n407*0:\n7*0+0=0: 0\n0*0+0=0: 00\n4*0+0=0: 000\n407*30:\n7*3+0=21: 10\n0*3+2=2: 210\n4*3+0=12: 2210\ncarry 1: 12210\n0+12210:\n0+0+0=0: 0\n0+1+0=1: 10\n0+2+0=2: 210\n0+2+0=2: 2210\n0+1+0=1: 12210\nFinal answer: 12210", 17)]
    [InlineData("1000 - 1", "Subtract the columns from the right.\n10-0-1=9: 9\n10-1-0=9: 99\n10-1-0=9: 999\n1-1-0=0: 0999\nFinal answer: 999", 6)]
    public void The_method_done_right_passes_every_line(string expression, string trace, int lines)
    {
        var check = Check(expression, trace);

        Assert.Null(check.FirstFalse);
        Assert.Equal(lines, check.Checked);
        Assert.Equal(0, check.Skipped);
    }

    [Theory]
    // Real output, each a true sum of the wrong digits: the majority answer on the gold-stripped arithmetic set.
    [InlineData("453 + 700", "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n3+7+0=10: 053\ncarry 1: 1053\nFinal answer: 1053", 3, "3+7+0=10: 053", "line 4 of the work on 453 + 700 is '4+7+0=11: 153'")]
    [InlineData("47 + 66", "Add the columns from the right.\n7+6+0=13: 3\n4+0+1=5: 53\nFinal answer: 53", 2, "4+0+1=5: 53", "line 3 of the work on 47 + 66 is '4+6+1=11: 13'")]
    [InlineData("800 + 280", "Add the columns from the right.\n0+0+0=0: 0\n0+8+0=8: 80\n0+2+0=2: 280\nFinal answer: 280", 3, "0+2+0=2: 280", "line 4 of the work on 800 + 280 is '8+2+0=10: 080'")]
    // Real output with a right final answer (flawed): the problem restated wrong, an extra column.
    [InlineData("13 - 61", "1 is less than 61, so compute 61 - 13 and negate.\n11-0-3=8: 8\n6-1-1=4: 48\nFinal answer: -48", 0, "1 is less than 61, so compute 61 - 13 and negate.", "line 1 of the work on 13 - 61 is '13 is less than 61, so compute 61 - 13 and negate.'")]
    [InlineData("20 * 2", "Multiply by each digit, then add the partial products.\n20*2:\n0*2+0=0: 0\n2*2+0=4: 40\n0*2+0=0: 040\nFinal answer: 40", 4, "0*2+0=0: 040", "the work on 20 * 2 is done after 4 lines")]
    // A wrong method for the problem, a carry left out, a final answer that is not what the work ends with.
    [InlineData("58 - 55", "55 is less than 58, so compute 58 - 55 and negate.\n8-0-5=3: 3\n5-0-5=0: 03\nFinal answer: -3", 0, "55 is less than 58, so compute 58 - 55 and negate.", "line 1 of the work on 58 - 55 is 'Subtract the columns from the right.'")]
    [InlineData("914 + 208", "Add the columns from the right.\n4+8+0=12: 2\n1+0+1=2: 22\n9+2+0=11: 122\nFinal answer: 122", 4, "Final answer: 122", "the work on 914 + 208 stops after 4 of its 5 lines; the next is 'carry 1: 1122'")]
    [InlineData("914 + 208", "Add the columns from the right.\n4+8+0=12: 2\n1+0+1=2: 22\n9+2+0=11: 122\ncarry 1: 1122\nFinal answer: 1212", 5, "Final answer: 1212", "the work on 914 + 208 ends with 1122")]
    public void A_line_that_is_not_the_methods_next_is_false(string expression, string trace, int index, string text, string reason)
    {
        var check = Check(expression, trace);

        Assert.Equal(index, check.FirstFalse!.Index);
        Assert.Equal(text, check.FirstFalse.Text);
        Assert.Equal(reason, check.FirstFalse.Reason);
    }

    [Fact]
    public void Lines_after_the_first_false_one_are_skipped_not_judged()
    {
        var check = Check("453 + 700", "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n3+7+0=10: 053\ncarry 1: 1053\nFinal answer: 1053");

        Assert.Equal(4, check.Checked);
        Assert.Equal(2, check.Skipped);
    }

    [Fact]
    public void Spacing_does_not_matter_and_other_lines_are_not_claims()
    {
        var check = Check("914 + 208", "Let me think.\nAdd the columns from the right.\n 4 + 8 + 0 = 12 : 2\n1+0+1=2:22\nso far so good\n9+2+0=11: 122\ncarry 1 : 1122\nFinal answer: 1122.");

        Assert.Null(check.FirstFalse);
        Assert.Equal(6, check.Checked);
    }

    [Theory]
    [InlineData("What is 3 + 4?", "Add the columns from the right.\n3+4+0=7: 7\nFinal answer: 7", 3)]
    [InlineData("Compute $3 + 4$.", "Add the columns from the right.\n3+4+0=7: 7\nFinal answer: 7", 0)]
    [InlineData("Calculate 2.5 + 4.", "Add the columns from the right.\n5+4+0=9: 9\nFinal answer: 9", 0)]
    [InlineData("Calculate -5 + 4.", "Add the columns from the right.\n5+4+0=9: 9\nFinal answer: 9", 0)]
    [InlineData("Calculate 1234567890123456789 + 4.", "Add the columns from the right.\n9+4+0=13: 3\nFinal answer: 3", 0)]
    [InlineData("Calculate 3 + 4.", "3 + 4 = 7, so the answer is 7.\nFinal answer: 7", 0)]
    public void Only_a_single_whole_number_operation_with_its_method_is_judged(string prompt, string trace, int judged)
    {
        var check = new ColumnStepChecker().Check(new Problem { Id = "a", Prompt = prompt, Kind = TaskKind.Math, Answer = "7" }, trace);

        Assert.Equal(judged, check.Checked);
        Assert.Null(check.FirstFalse);
    }

    [Fact]
    public void The_registry_runs_it_beside_the_arithmetic_checker_on_math_only()
    {
        var registry = StepCheckerRegistry.CreateDefault();
        var wrongDigits = "Add the columns from the right.\n3+0+0=3: 3\n5+0+0=5: 53\n3+7+0=10: 053\ncarry 1: 1053\nFinal answer: 1053";

        var check = registry.Check(Calculate("453 + 700", "1153"), wrongDigits);

        Assert.Equal("arith-1+column-1", check.Version);
        Assert.Equal("line 4 of the work on 453 + 700 is '4+7+0=11: 153'", check.FirstFalse!.Reason);
        Assert.Null(registry.Check(Calculate("453 + 700", "1153") with { Kind = TaskKind.Exact }, wrongDigits).FirstFalse);
    }

    [Fact]
    public void Every_line_of_the_training_generators_traces_holds()
    {
        // The method the bundled model learnt, written by its generator (tasks.py): the checker must find it all true,
        // every line judged, whatever the lengths, borrows across zeros, negation or zero digits in a multiplier.
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "column-reference-traces.jsonl");
        var checker = new ColumnStepChecker();
        var rows = File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(300, rows.Count);
        foreach (var row in rows)
        {
            var problem = new Problem { Id = "r", Prompt = row.GetProperty("prompt").GetString()!, Kind = TaskKind.Math, Answer = row.GetProperty("answer").GetString()! };
            var trace = row.GetProperty("trace").GetString()!;

            var check = checker.Check(problem, trace);

            Assert.True(check.FirstFalse is null, $"{problem.Prompt}: {check.FirstFalse}");
            Assert.Equal(trace.Split('\n').Length, check.Checked);
        }
    }
}
