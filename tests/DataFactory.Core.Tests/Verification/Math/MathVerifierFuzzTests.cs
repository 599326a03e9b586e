using System.Text;
using DataFactory.Core.Extraction;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification.MathAnswers;

namespace DataFactory.Core.Tests.Verification.MathAnswers;

public sealed class MathVerifierFuzzTests
{
    private static readonly string[] Pieces =
    [
        @"\frac", @"\sqrt", "{", "}", "(", ")", "[", "]", @"\{", @"\}", "1", "23", "0", ".", ",", "-", "+", "*", "/", "^", "_", "!",
        "%", @"\%", "$", "=", "<", @"\le", @"\pm", "x", "y", "e", @"\pi", @"\infty", @"\cup", " ", "and", "cm", @"\text{", @"\boxed{",
        @"\begin{pmatrix}", @"\end{pmatrix}", "&", @"\\", "|", @"\left(", @"\right)", @"\sin", @"\log_", "'", "°", "\n", "The answer is ",
        "Final answer: ", "#### ", "A: ", "1,000", "3.5e-2", @"\dfrac12", "≤", "∞", @"\mathrm{", @"\binom", @"\lfloor", @"\rfloor", ":", ";",
        "or", @"\approx", @"\in", "e10", "π", "²",
    ];

    [Fact]
    public void Gives_a_verdict_on_random_latex_fragments()
    {
        var verifier = new MathVerifier();
        var random = new Random(20261123);
        for (var n = 0; n < 20_000; n++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(1, 40); i > 0; i--)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var text = builder.ToString();
            Assert.False(string.IsNullOrEmpty(verifier.Check(text, text).Reason));
            Assert.False(string.IsNullOrEmpty(verifier.Check("5", text).Reason));
            Assert.False(string.IsNullOrEmpty(verifier.Check(text, "x + 1").Reason));
            foreach (var kind in TaskKinds.All)
            {
                var answer = AnswerExtractor.Extract(text, kind);
                Assert.True(answer is null || answer.Length <= text.Length);
            }
        }
    }
}
