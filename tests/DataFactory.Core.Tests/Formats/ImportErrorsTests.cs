using System.Text;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

/// <summary>Import fuzzing: every class of bad input is a clear error naming file, line and field.</summary>
public sealed class ImportErrorsTests
{
    private const string Good = """{"question":"q","answer":"#### 1"}""";
    private const string Other = """{"question":"r","answer":"#### 2"}""";

    [Theory]
    [InlineData("""{"question":"q","answer":"#### 1" """, "malformed JSON")]
    [InlineData("""{"question":"q",}""", "malformed JSON")]
    [InlineData("""{'question':'q'}""", "malformed JSON")]
    [InlineData("""{"question":"q","answer":"#### 1"} {}""", "malformed JSON")]
    [InlineData("""{"question":"q","answer":"#### 1"} // note""", "malformed JSON")]
    [InlineData("\"just a string\"", "the line is a string, not a JSON object")]
    [InlineData("[1, 2]", "the line is an array, not a JSON object")]
    [InlineData("42", "the line is a number, not a JSON object")]
    [InlineData("""{"question":"q","question":"r","answer":"#### 1"}""", "malformed JSON")]
    public void Rejects_malformed_lines_naming_the_line(string bad, string words)
    {
        var exception = Import.Rejects($"{Good}\n{bad}\n{Other}\n");

        var error = Assert.Single(exception.Errors);
        Assert.Equal(Import.FileName, error.File);
        Assert.Equal(2, error.Line);
        Assert.Null(error.Field);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_message_gives_the_byte_position()
    {
        var error = Import.SingleError("""{"question": nope}""");

        Assert.StartsWith("malformed JSON: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" (at byte 15)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_message_stays_short_on_a_long_line()
    {
        var error = Import.SingleError("""{"question": nope""" + new string('x', 100_000) + "}");

        Assert.StartsWith("malformed JSON: 'nopexxx", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, $"{error.Message.Length} characters");
    }

    [Fact]
    public void Rejects_deeply_nested_json()
    {
        var deep = """{"question":"q","answer":"#### 1","x":""" + new string('[', 100) + new string(']', 100) + "}";

        var error = Import.SingleError(deep);

        Assert.Contains("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public void Rejects_invalid_utf8_naming_the_line_and_byte(byte[] invalid)
    {
        var prefix = Encoding.UTF8.GetBytes(Good + "\n" + """{"question":"a""");
        var suffix = Encoding.UTF8.GetBytes("""b","answer":"#### 2"}""" + "\n");
        byte[] file = [.. prefix, .. invalid, .. suffix];

        var exception = Assert.Throws<ProblemImportException>(() => Import.Bytes(file));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(2, error.Line);
        Assert.Null(error.Field);
        Assert.Equal("invalid UTF-8 at byte 15", error.Message);
    }

    [Fact]
    public void Accepts_a_byte_order_mark_and_crlf_line_ends()
    {
        byte[] file = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Good + "\r\n" + Other + "\r\n")];

        var result = Import.Bytes(file);

        Assert.Equal(["q", "r"], result.Problems.Select(p => p.Prompt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("  \n\t\r\n\n")]
    public void Rejects_an_empty_file_naming_the_file(string text)
    {
        var exception = Import.Rejects(text);

        var error = Assert.Single(exception.Errors);
        Assert.Equal(Import.FileName, error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal("problems.jsonl: the file has no problem lines", error.ToString());
    }

    [Fact]
    public void Rejects_duplicate_ids_naming_both_lines()
    {
        var exception = Import.Rejects(
            """{"id":"a","kind":"exact","prompt":"p","answer":"x"}""" + "\n" +
            """{"id":"b","kind":"exact","prompt":"p","answer":"x"}""" + "\n\n" +
            """{"id":"a","kind":"exact","prompt":"q","answer":"y"}""" + "\n");

        var error = Assert.Single(exception.Errors);
        Assert.Equal(4, error.Line);
        Assert.Equal("id", error.Field);
        Assert.Equal("duplicate id \"a\": first used on line 1", error.Message);
    }

    [Fact]
    public void A_number_id_and_the_same_string_id_are_duplicates()
    {
        var error = Import.SingleError(
            """{"id":7,"question":"q","answer":"#### 1"}""",
            """{"id":"7","question":"q","answer":"#### 1"}""");

        Assert.Equal(2, error.Line);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_unique_ids_name_the_unique_id_field()
    {
        var error = Import.SingleError(
            """{"problem":"p","answer":"1","unique_id":"test/a.json"}""",
            """{"problem":"q","answer":"2","unique_id":"test/a.json"}""");

        Assert.Equal("unique_id", error.Field);
    }

    [Fact]
    public void Reports_every_error_of_a_rejected_file_in_line_order()
    {
        var exception = Import.Rejects(string.Join('\n',
            Good,
            """{"question":"q"}""",
            "{",
            """{"question":"q","answer":"#### 2"}""",
            """{"question":7,"answer":"#### 2"}""") + "\n");

        Assert.Equal(3, exception.ErrorCount);
        Assert.Equal([2, 3, 5], exception.Errors.Select(e => e.Line));
        Assert.Equal(["answer", null, "question"], exception.Errors.Select(e => e.Field));
        Assert.Equal("problems.jsonl:5: question: must be a string, not a number", exception.Errors[2].ToString());
        Assert.StartsWith("problems.jsonl: rejected, 3 errors\n  problems.jsonl:2: answer: is required\n", exception.Message, StringComparison.Ordinal);
        Assert.Equal("problems.jsonl", exception.FileName);
    }

    [Fact]
    public void Caps_the_errors_carried_and_counts_the_rest()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 1500; i++)
        {
            text.Append("{\"question\":1}\n");
        }

        var exception = Import.Rejects(text.ToString());

        Assert.Equal(ProblemImportException.MaxErrors, exception.Errors.Count);
        Assert.Equal(1500, exception.ErrorCount);
        Assert.Equal(1000, exception.Errors[^1].Line);
        Assert.EndsWith("... and 1495 more", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_file_returns_nothing_even_after_valid_lines()
    {
        ImportResult? result = null;

        var exception = Assert.Throws<ProblemImportException>(() => result = Import.Text(Good + "\n" + Other + "\n{\n"));

        Assert.Null(result);
        Assert.Equal(3, Assert.Single(exception.Errors).Line);
    }

    [Fact]
    public void Error_text_is_file_line_field_message()
    {
        Assert.Equal("f.jsonl:3: numbers[2]: must be an integer", new ImportError("f.jsonl", 3, "numbers[2]", "must be an integer").ToString());
        Assert.Equal("f.jsonl:3: malformed JSON", new ImportError("f.jsonl", 3, null, "malformed JSON").ToString());
        Assert.Equal("f.jsonl: empty", new ImportError("f.jsonl", 0, null, "empty").ToString());
    }

    [Fact]
    public void Long_values_are_cut_short_in_messages()
    {
        var kind = new string('k', 5000);

        var error = Import.SingleError($$"""{"id":"a","kind":"{{kind}}","prompt":"p"}""");

        Assert.Equal("kind", error.Field);
        Assert.True(error.Message.Length < 200, error.Message);
    }

    [Fact]
    public void Rejects_options_out_of_range()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Good));

        Assert.Throws<ArgumentOutOfRangeException>(() => ProblemFileReader.Read(stream, "f", new ImportOptions { MaxLineBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProblemFileReader.Read(stream, "f", new ImportOptions { Format = (ProblemFormat)99 }));
    }
}
