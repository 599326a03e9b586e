using DataFactory.Core.Formats;
using DataFactory.Core.Problems;

namespace DataFactory.Core.Tests.Formats;

public sealed class GenericFormatTests
{
    [Fact]
    public void Reads_every_kind()
    {
        var result = Import.Lines(
            """{"id":"m","kind":"math","prompt":"1+1?","answer":"2","metadata":{"source":"x","level":3}}""",
            """{"id":"e","kind":"exact","prompt":"Capital of France?","answer":"Paris"}""",
            """{"id":"mc","kind":"multiple-choice","prompt":"Pick","answer":"B","options":["red","blue"]}""",
            """{"id":"g","kind":"game24","prompt":"Make 24","numbers":[3,3,8,8]}""",
            """{"id":"cd","kind":"countdown","prompt":"Make 10","numbers":[2,5],"target":10}""",
            """{"id":"ci","kind":"cipher","prompt":"Decode xy","answer":"ab"}""",
            """{"id":"co","kind":"code","prompt":"Write f","tests":"assert f() == 1"}""");

        Assert.Equal(ProblemFormat.Generic, result.DetectedFormat);
        Assert.Equal(
            [TaskKind.Math, TaskKind.Exact, TaskKind.MultipleChoice, TaskKind.Game24, TaskKind.Countdown, TaskKind.Cipher, TaskKind.Code],
            result.Problems.Select(p => p.Kind));
        var byId = result.Problems.ToDictionary(p => p.Id);
        Assert.Equal("2", byId["m"].Answer);
        Assert.Equal("""{"source":"x","level":3}""", byId["m"].Metadata);
        Assert.Equal(["red", "blue"], byId["mc"].Options);
        Assert.Equal([3L, 3, 8, 8], byId["g"].Numbers);
        Assert.Equal(24, byId["g"].Target);
        Assert.Equal("Make 24", byId["g"].Prompt);
        Assert.Equal(10, byId["cd"].Target);
        Assert.Equal("assert f() == 1", byId["co"].Tests);
        Assert.Null(byId["co"].Answer);
    }

    [Fact]
    public void Number_answers_and_ids_keep_their_json_text()
    {
        var problem = Assert.Single(Import.Lines("""{"id":17,"kind":"math","prompt":"p","answer":-0.50}""").Problems);

        Assert.Equal("17", problem.Id);
        Assert.Equal("-0.50", problem.Answer);
    }

    [Fact]
    public void Kind_aliases_are_accepted_and_unknown_fields_ignored()
    {
        var problem = Assert.Single(Import.Lines("""{"id":"a","kind":"MC","prompt":"p","answer":"A","options":["x","y"],"extra":{"deep":[1]}}""").Problems);

        Assert.Equal(TaskKind.MultipleChoice, problem.Kind);
    }

    [Fact]
    public void Prompt_text_is_kept_exactly()
    {
        var problem = Assert.Single(Import.Lines("""{"id":"a","kind":"exact","prompt":"  two\nlines é 😀 ","answer":"x"}""").Problems);

        Assert.Equal("  two\nlines é 😀 ", problem.Prompt);
    }

    [Theory]
    [InlineData("""{"kind":"math","prompt":"p","answer":"1"}""", "id", "required")]
    [InlineData("""{"id":"a","kind":"algebra","prompt":"p","answer":"1"}""", "kind", "unknown kind \"algebra\"; expected one of math, exact, multiple-choice, game24, countdown, cipher, code")]
    [InlineData("""{"id":"a","kind":3,"prompt":"p","answer":"1"}""", "kind", "must be a string, not a number")]
    [InlineData("""{"id":"a","prompt":"p","answer":"1"}""", "kind", "required")]
    [InlineData("""{"id":"a","kind":"math","answer":"1"}""", "prompt", "required")]
    [InlineData("""{"id":"a","kind":"math","prompt":"p"}""", "answer", "required for kind math")]
    [InlineData("""{"id":"a","kind":"exact","prompt":"p","answer":""}""", "answer", "empty")]
    [InlineData("""{"id":"a","kind":"cipher","prompt":"p"}""", "answer", "required for kind cipher")]
    [InlineData("""{"id":"a","kind":"multiple-choice","prompt":"p","answer":"A"}""", "options", "required")]
    [InlineData("""{"id":"a","kind":"multiple-choice","prompt":"p","answer":"A","options":["only"]}""", "options", "at least 2")]
    [InlineData("""{"id":"a","kind":"multiple-choice","prompt":"p","answer":"A","options":["x",2]}""", "options[1]", "a number")]
    [InlineData("""{"id":"a","kind":"game24","prompt":"p","numbers":[1,2,3]}""", "numbers", "must hold 4")]
    [InlineData("""{"id":"a","kind":"countdown","prompt":"p","numbers":[1,2]}""", "target", "required")]
    [InlineData("""{"id":"a","kind":"code","prompt":"p"}""", "tests", "required")]
    [InlineData("""{"id":"a","kind":"math","prompt":"p","answer":"1","metadata":"source=x"}""", "metadata", "must be a JSON object, not a string")]
    [InlineData("""{"id":true,"kind":"math","prompt":"p","answer":"1"}""", "id", "must be a string or a number, not a boolean")]
    [InlineData("""{"id":"a\u0001b","kind":"math","prompt":"p","answer":"1"}""", "id", "control characters")]
    public void Rejects_invalid_generic_lines_naming_the_field(string line, string field, string words)
    {
        var error = Assert.Single(Import.Rejects(line, new ImportOptions { Format = ProblemFormat.Generic }).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_id_longer_than_200_characters()
    {
        var ok = new string('a', 200);
        var tooLong = new string('b', 201);

        Assert.Single(Import.Lines($$"""{"id":"{{ok}}","kind":"exact","prompt":"p","answer":"x"}""").Problems);
        var error = Import.SingleError($$"""{"id":"{{tooLong}}","kind":"exact","prompt":"p","answer":"x"}""");
        Assert.Equal("id", error.Field);
        Assert.Contains("201 characters", error.Message, StringComparison.Ordinal);
    }
}
