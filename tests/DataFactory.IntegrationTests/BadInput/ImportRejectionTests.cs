using System.Text;

namespace DataFactory.IntegrationTests.BadInput;

/// <summary>
/// `datafactory import` on bad files, against the real PostgreSQL: exit code 1, one error naming the
/// file, the line and the field, and nothing of the file stored, neither into an existing set nor
/// as a new one. Each file starts with a valid new problem, so a half-written import would show.
/// </summary>
public sealed class ImportRejectionTests(ImportFixture fixture) : IClassFixture<ImportFixture>
{
    private const string ValidFirst = """{"id":"new-1","kind":"math","prompt":"Calculate 9 - 4.","answer":"5"}""";

    public static TheoryData<string, string> BadFiles => new()
    {
        { "malformed-json", ":2: malformed JSON" },
        { "wrong-type", ":2: prompt: " },
        { "missing-field", ":2: prompt: " },
        { "invalid-utf8", ":2: invalid UTF-8 at byte" },
        { "huge-line", ":2: the line is longer than the limit" },
        { "empty", ": the file has no problem lines" },
        { "duplicate-ids", ":3: id: duplicate id \"new-1\": first used on line 1" },
        { "unknown-kind", ":2: kind: unknown kind \"poetry\"" },
        { "unreadable-gold", ":2: answer: the math verifier finds no answer" },
        { "gold-not-an-option", ":2: answer: the gold answer \"D\"" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_rejected_file_names_file_line_and_field_and_stores_nothing(string name, string expected)
    {
        var path = Path.Combine(fixture.Folder, name + ".jsonl");
        await WriteAsync(path, name);
        var before = await StoredAsync();

        foreach (var set in new[] { "kept", "new-" + name })
        {
            var (exit, _, error) = await CliProcess.RunAsync(fixture.Factory.Variables, null, "import", path, "--set", set);

            Assert.Equal(1, exit);
            Assert.Contains(Path.GetFileName(path) + expected, error, StringComparison.Ordinal);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Equal(before, await StoredAsync());
        }
    }

    private async Task<string> StoredAsync() =>
        $"sets {await fixture.Factory.ScalarAsync("SELECT count(*) FROM problem_sets")}, " +
        $"problems {await fixture.Factory.ScalarAsync("SELECT count(*) FROM problems")}, " +
        $"kept {await fixture.Factory.ScalarAsync("SELECT count(*) FROM problems p JOIN problem_sets s ON s.id = p.set_id WHERE s.name = 'kept'")}";

    private static async Task WriteAsync(string path, string name)
    {
        if (name == "huge-line")
        {
            // 100 MB on one line: read through without being kept, and reported by its length.
            await using var file = File.Create(path);
            await file.WriteAsync(Encoding.UTF8.GetBytes(ValidFirst + "\n" + """{"id":"big","kind":"math","prompt":" """));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 100; i++)
            {
                await file.WriteAsync(chunk);
            }

            await file.WriteAsync(Encoding.UTF8.GetBytes("\",\"answer\":\"1\"}\n"));
            return;
        }

        byte[] second = name switch
        {
            "malformed-json" => Utf8("""{"id":"b","kind":"math","prompt":"Calculate 1 + 1.","answer":"2" """),
            "wrong-type" => Utf8("""{"id":"b","kind":"math","prompt":5,"answer":"2"}"""),
            "missing-field" => Utf8("""{"id":"b","kind":"math","answer":"2"}"""),
            "invalid-utf8" => [.. Utf8("""{"id":"b","kind":"math","prompt":"Calculate """), 0xC3, 0x28, .. Utf8("\",\"answer\":\"2\"}")],
            "empty" => [],
            "duplicate-ids" => Utf8("""{"id":"b","kind":"math","prompt":"Calculate 1 + 1.","answer":"2"}""" + "\n" + ValidFirst),
            "unknown-kind" => Utf8("""{"id":"b","kind":"poetry","prompt":"Write one.","answer":"2"}"""),
            "unreadable-gold" => Utf8("""{"id":"b","kind":"math","prompt":"What is it?","answer":"no idea at all"}"""),
            "gold-not-an-option" => Utf8("""{"id":"b","kind":"multiple-choice","prompt":"Pick","options":["a","b","c"],"answer":"D"}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
        };
        await File.WriteAllBytesAsync(path, name == "empty" ? [] : [.. Utf8(ValidFirst + "\n"), .. second, (byte)'\n']);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
