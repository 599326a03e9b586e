using DataFactory.Core.Formats;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Formats;

public sealed class PuzzleFormatTests
{
    [Fact]
    public void Game24_line_gets_the_trained_prompt()
    {
        var result = Import.Lines("""{"id":"game24-0001","numbers":[4,7,8,8]}""");

        Assert.Equal(ProblemFormat.Game24, result.DetectedFormat);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("game24-0001", problem.Id);
        Assert.Equal("Use the numbers 4 7 8 8 to make 24 with + - * / and parentheses, using each number exactly once.", problem.Prompt);
        Assert.Equal(TaskKind.Game24, problem.Kind);
        Assert.Equal([4L, 7, 8, 8], problem.Numbers);
        Assert.Equal(24, problem.Target);
        Assert.Null(problem.Answer);
        Assert.Null(problem.Metadata);
    }

    [Fact]
    public void Countdown_line_gets_the_trained_prompt()
    {
        var result = Import.Lines("""{"id":"cd-1","numbers":[25,3,7,50],"target":181}""");

        Assert.Equal(ProblemFormat.Countdown, result.DetectedFormat);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("Use the numbers 25 3 7 50 to make 181 with + - * / and parentheses, using each number exactly once.", problem.Prompt);
        Assert.Equal(TaskKind.Countdown, problem.Kind);
        Assert.Equal([25L, 3, 7, 50], problem.Numbers);
        Assert.Equal(181, problem.Target);
        Assert.Null(problem.Answer);
    }

    [Fact]
    public void Cipher_line_gets_the_trained_prompt_and_the_plaintext_as_answer()
    {
        var result = Import.Lines("""{"id":"c-1","ciphertext":"oyfjdnisdr rtqwainr","plaintext":"think step"}""");

        Assert.Equal(ProblemFormat.Cipher, result.DetectedFormat);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("Decode the letter-pair cipher: oyfjdnisdr rtqwainr", problem.Prompt);
        Assert.Equal(TaskKind.Cipher, problem.Kind);
        Assert.Equal("think step", problem.Answer);
    }

    [Fact]
    public void Puzzle_ids_default_to_the_format_and_line_number()
    {
        var result = Import.Text("""{"numbers":[1,2,3,4]}""" + "\n\n" + """{"numbers":[1,2,3,5]}""" + "\n");

        Assert.Equal(["game24-00001", "game24-00003"], result.Problems.Select(p => p.Id));
    }

    [Fact]
    public void A_prompt_field_overrides_the_generated_prompt_and_metadata_is_kept()
    {
        var result = Import.Lines(
            """{"numbers":[1,2,3,4],"prompt":"Make 24 from 1 2 3 4.","metadata":{"source":"hand"}}""",
            """{"numbers":[1,2,3,5],"prompt":"Make 24 from 1 2 3 5."}""");

        Assert.Equal("Make 24 from 1 2 3 4.", result.Problems[0].Prompt);
        Assert.Equal("""{"source":"hand"}""", result.Problems[0].Metadata);
    }

    [Fact]
    public void Game24_accepts_an_explicit_target_of_24()
    {
        var result = Import.Text("""{"numbers":[1,2,3,4],"target":24}""" + "\n", new ImportOptions { Format = ProblemFormat.Game24 });

        Assert.Equal(24, Assert.Single(result.Problems).Target);
    }

    [Theory]
    [InlineData("""{"numbers":[1,2,3]}""", "numbers", "must hold 4 integers, not 3")]
    [InlineData("""{"numbers":[1,2,3,4,5]}""", "numbers", "must hold 4 integers, not 5")]
    [InlineData("""{"numbers":[1,2,0,4]}""", "numbers[2]", "from 1 to 1000, not 0")]
    [InlineData("""{"numbers":[1,2,3,1001]}""", "numbers[3]", "not 1001")]
    [InlineData("""{"numbers":[1,2.5,3,4]}""", "numbers[1]", "not 2.5")]
    [InlineData("""{"numbers":[1,"2",3,4]}""", "numbers[1]", "must be an integer, not a string")]
    [InlineData("""{"numbers":"1 2 3 4"}""", "numbers", "must be an array of integers, not a string")]
    [InlineData("""{"numbers":[1,2,3,99999999999999999999999]}""", "numbers[3]", "must be an integer")]
    [InlineData("""{"numbers":[1,2,3,4],"target":25}""", "target", "from 24 to 24, not 25")]
    [InlineData("""{"numbers":[1,2,3,4],"prompt":""}""", "prompt", "empty")]
    [InlineData("""{"numbers":[1,2,3,4],"metadata":[1]}""", "metadata", "must be a JSON object")]
    [InlineData("""{"numbers":[1,2,3,4],"id":""}""", "id", "empty")]
    public void Rejects_invalid_game24_lines_naming_the_field(string line, string field, string words)
    {
        var error = Assert.Single(Import.Rejects(line, new ImportOptions { Format = ProblemFormat.Game24 }).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"numbers":[1],"target":5}""", "numbers", "must hold 2 to 8 integers, not 1")]
    [InlineData("""{"numbers":[1,2,3,4,5,6,7,8,9],"target":5}""", "numbers", "not 9")]
    [InlineData("""{"numbers":[1,2],"target":"3"}""", "target", "must be an integer, not a string")]
    [InlineData("""{"numbers":[1,2]}""", "target", "required")]
    [InlineData("""{"numbers":[1,-2],"target":3}""", "numbers[1]", "not -2")]
    [InlineData("""{"numbers":[1,2],"target":10000000000}""", "target", "not 10000000000")]
    public void Rejects_invalid_countdown_lines_naming_the_field(string line, string field, string words)
    {
        var error = Assert.Single(Import.Rejects(line, new ImportOptions { Format = ProblemFormat.Countdown }).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ciphertext":"ab"}""", "plaintext", "required")]
    [InlineData("""{"ciphertext":"  ","plaintext":"a"}""", "ciphertext", "empty")]
    [InlineData("""{"ciphertext":"ab","plaintext":7}""", "plaintext", "a number")]
    public void Rejects_invalid_cipher_lines_naming_the_field(string line, string field, string words)
    {
        var error = Import.SingleError(line);

        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }
}
