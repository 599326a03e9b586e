using System.Diagnostics;
using DataFactory.Core.Problems;
using DataFactory.Core.Steps;
using DataFactory.Core.Steps.Arithmetic;

namespace DataFactory.Core.Tests.Steps;

public sealed class ArithmeticClaimCheckerTests
{
    private static readonly Problem Math = new() { Id = "m", Prompt = "Calculate 55 - 58.", Kind = TaskKind.Math, Answer = "-3" };

    private static StepCheck Check(string text) => new ArithmeticClaimChecker().Check(Math, text);

    [Fact]
    public void Column_steps_of_the_bundled_model_that_are_true_pass()
    {
        // Real output of models/tiny-reasoner on "Calculate 44 * 8." (demo, seed 1234).
        var check = Check("Multiply by each digit, then add the partial products.\n44*8:\n4*8+0=32: 2\n4*8+3=35: 52\ncarry 3: 352\nFinal answer: 352");

        Assert.Equal(2, check.Checked);
        Assert.Equal(0, check.Skipped);
        Assert.False(check.IsFlawed);
        Assert.Equal(ArithmeticClaimChecker.CurrentVersion, check.Version);
    }

    [Fact]
    public void A_false_column_step_is_the_first_false_step_with_its_line()
    {
        // Real output: the final answer -3 is right, the borrow column "15-0-5=0" is not.
        var check = Check("55 is less than 58, so compute 58 - 55 and negate.\n8-0-5=3: 3\n15-0-5=0: 03\nFinal answer: -3");

        Assert.True(check.IsFlawed);
        Assert.Equal(2, check.FirstFalse!.Index);
        Assert.Equal("15-0-5=0", check.FirstFalse.Text);
        Assert.Equal("15-0-5 is 10, not 0", check.FirstFalse.Reason);
    }

    [Theory]
    [InlineData("Try 7*6=42 (10 8 42), 42/10=4 (8 4), 8*4=32. No.", "42/10=4", "42/10 is 4.2, not 4")]
    [InlineData("Try 10/3=5 (10 9 5), 9+5=14 (10 14), 14+10=24. No.", "10/3=5", "10/3 is not 5")]
    [InlineData("Try 8*3=24 (12 3 24), 24*3=62 (12 62), 62-12=50. No.", "24*3=62", "24*3 is 72, not 62")]
    [InlineData("Natalia sold 48/2 = <<48/2=25>>25 clips in May.", "48/2=25", "48/2 is 24, not 25")]
    [InlineData("So 2+3=5=6.", "5=6", "5 is not 6")]
    [InlineData(@"Then $\frac{3}{4} \times 8 = 5$.", @"\frac{3}{4} \times 8 = 5", @"\frac{3}{4} \times 8 is 6, not 5")]
    [InlineData("Then 2^10 = 1000.", "2^10 = 1000", "2^10 is 1024, not 1000")]
    [InlineData("So 7/0 = 0 here.", "7/0 = 0", "divides by zero")]
    public void False_claims_are_found(string text, string claim, string reason)
    {
        var check = Check(text);

        Assert.True(check.IsFlawed, $"not flagged: {text}");
        Assert.Equal(claim, check.FirstFalse!.Text);
        Assert.Equal(reason, check.FirstFalse.Reason);
    }

    [Theory]
    [InlineData("Natalia sold 48/2 = <<48/2=24>>24 clips in May.")]
    [InlineData("She has 3 + 4 = 7 apples, then 7 * 2 = 14.")]
    [InlineData("2+3=5=5")]
    [InlineData(@"$\frac{1}{2} + \frac{1}{3} = \frac{5}{6}$")]
    [InlineData(@"\(3 \cdot 4 = 12\), then 12 \div 4 = 3")]
    [InlineData("Total: 1,200 + 300 = 1,500.")]
    [InlineData(@"$1{,}000 + 24 = 1,\!024$")]
    [InlineData("0.5 * 3 = 1.5, and -2 * -3 = 6")]
    [InlineData("(2+3)*(4-1) = 15")]
    [InlineData("3 x 4 = 12")]
    [InlineData("2**10 = 1024")]
    public void True_claims_pass(string text)
    {
        var check = Check(text);

        Assert.False(check.IsFlawed, $"flagged: {check.FirstFalse}");
        Assert.True(check.Checked > 0, "nothing checked");
    }

    [Theory]
    [InlineData("x=5")]
    [InlineData("x + 3 = 7 so x = 4")]
    [InlineData("2x = 10")]
    [InlineData("f(3) = 10")]
    [InlineData("1 hour = 60 minutes")]
    [InlineData("5cm + 3cm = 9cm")]
    [InlineData("10/3 ≈ 3")]
    [InlineData("10/3 = 3 (rounded)")]
    [InlineData("Each costs about 10/3 = 3 dollars.")]
    [InlineData("10/3 = 3.33")]
    [InlineData("The ratio 3:4 = 0.5")]
    [InlineData("It ran from 10:30 = 11")]
    [InlineData("Half of 8 = 5")]
    [InlineData("3 times 4 = 7")]
    [InlineData("20% of 50 = 12")]
    [InlineData("= 3 dozen")]
    [InlineData("3! = 7")]
    [InlineData("Step 3 = 5")]
    [InlineData("1. 2 = 3")]
    [InlineData("17 = 2 (mod 5)")]
    [InlineData("101 = 5 in base 2")]
    [InlineData("-2^2 = 4")]
    [InlineData("2(3+4) = 15")]
    [InlineData(@"\sqrt{16} = 5")]
    [InlineData("a = b = 3")]
    [InlineData("7 // 2 = 3")]
    [InlineData("5 = 3 + x")]
    [InlineData("So 1/2 off of 1 pound is $3/2 = $1.50+$3.00=$4.50")]
    [InlineData(@"Since $90^3=729,\!000$, AB is greater than 90.")]
    [InlineData(@"We will show that $$\frac{279}{99999} = 0.\overline{00279},$$")]
    [InlineData(@"$\frac{255}{512}=\frac{1}{4}\left(\frac{1-\left(\frac{1}{2}\right)^n}{1-\frac{1}{2}}\right)$")]
    [InlineData("The total is $4.20 + $9.45 + $1.35 = $<<4.20+9.45+1.35=14.999999999999998>>14.99.")]
    [InlineData("2 + 3 = 6x")]
    public void Claims_with_variables_units_approximations_or_ambiguity_are_never_judged_false(string text)
    {
        var check = Check(text);

        Assert.False(check.IsFlawed, $"judged false: {check.FirstFalse}");
    }

    [Fact]
    public void Huge_powers_long_numbers_and_deep_brackets_are_skipped_quickly()
    {
        var inputs = new[]
        {
            "9^9^9 = 5",
            "2^100000 = 3",
            new string('9', 5_000) + " + 1 = 2",
            new string('(', 5_000) + "1" + new string(')', 5_000) + " = 2",
            string.Concat(Enumerable.Repeat("1+", 200_000)) + "1 = 3",
            string.Concat(Enumerable.Repeat("24=", 100_000)),
            string.Concat(Enumerable.Repeat("99999999999999999999*", 100)) + "1 = 0",
        };
        foreach (var input in inputs)
        {
            var clock = Stopwatch.StartNew();
            var check = Check(input);
            Assert.False(check.IsFlawed, $"judged: {input[..System.Math.Min(40, input.Length)]}: {check.FirstFalse}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed} on {input[..System.Math.Min(40, input.Length)]}");
        }
    }

    [Fact]
    public void Code_has_no_arithmetic_checker()
    {
        Assert.False(new ArithmeticClaimChecker().Handles(TaskKind.Code));
        Assert.Empty(StepCheckerRegistry.CreateDefault().For(TaskKind.Code));
    }
}
