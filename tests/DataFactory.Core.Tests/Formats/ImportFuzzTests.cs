using System.Text;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

/// <summary>
/// Import fuzzing by mutation: valid lines of every format, corrupted at random (bytes flipped,
/// inserted, deleted, lines cut, doubled or swapped). Whatever the bytes, the reader either returns
/// problems or rejects the file with errors that name the file and a line; nothing else escapes.
/// </summary>
public sealed class ImportFuzzTests
{
    private const int Files = 3000;

    private static readonly string[] Seeds =
    [
        """{"id":"g1","kind":"math","prompt":"Calculate 2 + 3.","answer":"5","metadata":{"source":"fuzz"}}""",
        """{"id":"g2","kind":"multiple-choice","prompt":"Pick one","options":["red","blue","green"],"answer":"B"}""",
        """{"id":"g3","kind":"countdown","prompt":"Make 181","numbers":[25,3,7,50],"target":181}""",
        """{"id":"g4","kind":"exact","prompt":"Say hi","answer":"hi"}""",
        """{"id":"g5","kind":"game24","prompt":"24","numbers":[4,7,8,8]}""",
        """{"id":"g6","kind":"cipher","prompt":"Decode","answer":"attack at dawn"}""",
    ];

    [Fact]
    public void Corrupted_files_are_read_or_rejected_with_errors_naming_file_and_line()
    {
        var random = new Random(7);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < Files; i++)
        {
            var bytes = Mutate(random, Encoding.UTF8.GetBytes(string.Join('\n', Seeds.OrderBy(_ => random.Next())) + "\n"));
            var lines = bytes.Count(b => b == (byte)'\n') + 1;
            try
            {
                var result = Import.Bytes(bytes, new ImportOptions { MaxLineBytes = 4096 });
                Assert.NotEmpty(result.Problems);
                Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Id)));
                accepted++;
            }
            catch (ProblemImportException exception)
            {
                Assert.NotEmpty(exception.Errors);
                foreach (var error in exception.Errors)
                {
                    Assert.Equal(Import.FileName, error.File);
                    Assert.InRange(error.Line, 0, lines);
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                    Assert.StartsWith(Import.FileName, error.ToString(), StringComparison.Ordinal);
                }

                rejected++;
            }
        }

        // Both outcomes occur: the mutations neither all miss nor all break the file.
        Assert.True(accepted > 0 && rejected > Files / 2, $"{accepted} accepted, {rejected} rejected");
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var data = new List<byte>(bytes);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 1:
                    data.Insert(at, (byte)"\"{}[],:\\\n0-e.tn\u00ff"[random.Next(16)]);
                    break;
                case 2:
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 8)));
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 4:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)] + "\n"));
                    break;
                case 5:
                    data.InsertRange(at, [0xC3, 0x28, 0xF0, 0x9F]);
                    break;
                default:
                    data.InsertRange(at, Encoding.UTF8.GetBytes("\"" + new string('x', random.Next(5000)) + "\""));
                    break;
            }
        }

        return [.. data];
    }
}
