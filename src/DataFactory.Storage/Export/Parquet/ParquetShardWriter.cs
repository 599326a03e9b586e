using System.Globalization;
using Parquet;
using Parquet.Serialization;

namespace DataFactory.Storage.Export;

/// <summary>
/// Writes export rows as Parquet shards, <c>data/train-00000-of-00003.parquet</c> and so on, the Hub's
/// layout: a row group holds at most <see cref="ParquetExportSettings.RowGroupRows"/> rows and
/// <see cref="ParquetExportSettings.RowGroupChars"/> characters, a shard is closed once it reaches
/// <see cref="ParquetExportSettings.ShardBytes"/>. Memory holds one row group. Shards are written under
/// temporary names and renamed, with the card written, only when the export completes.
/// </summary>
internal sealed class ParquetShardWriter(string directory, ExportFormat layout, string? systemPrompt, ParquetExportSettings settings) : IExportSink, IPairSink
{
    private readonly string _data = Path.Combine(directory, "data");
    private readonly List<ChatRecord> _chat = [];
    private readonly List<PromptCompletionRecord> _promptCompletion = [];
    private readonly List<RawRecord> _raw = [];
    private readonly List<PreferenceRecord> _preference = [];
    private readonly List<KtoRecord> _kto = [];
    private readonly List<string> _partials = [];
    private FileStream? _shard;
    private bool _shardHasRowGroup;
    private long _chars;
    private long _closedBytes;

    public long Bytes => _closedBytes + (_shard?.Length ?? 0);

    /// <summary>The final shard paths, relative to the export folder (known once complete).</summary>
    public IReadOnlyList<string> Shards { get; private set; } = [];

    private int Pending => layout switch
    {
        ExportFormat.Chat => _chat.Count,
        ExportFormat.PromptCompletion => _promptCompletion.Count,
        ExportFormat.Preference => _preference.Count,
        ExportFormat.Kto => _kto.Count,
        _ => _raw.Count,
    };

    public async ValueTask WriteAsync(ExportRow row, CancellationToken cancellationToken)
    {
        switch (layout)
        {
            case ExportFormat.Chat:
                var messages = new List<ChatMessage>(3);
                if (systemPrompt is not null)
                {
                    messages.Add(new ChatMessage { Role = "system", Content = systemPrompt });
                }

                messages.Add(new ChatMessage { Role = "user", Content = row.Prompt });
                messages.Add(new ChatMessage { Role = "assistant", Content = row.Text });
                _chat.Add(new ChatRecord { Messages = messages });
                break;
            case ExportFormat.PromptCompletion:
                _promptCompletion.Add(new PromptCompletionRecord { Prompt = row.Prompt, Completion = row.Text });
                break;
            default:
                _raw.Add(Raw(row));
                break;
        }

        await AddedAsync(row.Prompt.Length + row.Text.Length, cancellationToken);
    }

    /// <summary>A preference pair (the preference layout).</summary>
    public ValueTask WritePairAsync(string prompt, string chosen, string rejected, CancellationToken cancellationToken)
    {
        _preference.Add(new PreferenceRecord { Prompt = prompt, Chosen = chosen, Rejected = rejected });
        return AddedAsync(prompt.Length + chosen.Length + rejected.Length, cancellationToken);
    }

    /// <summary>A labelled completion (the kto layout).</summary>
    public ValueTask WriteLabelledAsync(string prompt, string completion, bool label, CancellationToken cancellationToken)
    {
        _kto.Add(new KtoRecord { Prompt = prompt, Completion = completion, Label = label });
        return AddedAsync(prompt.Length + completion.Length, cancellationToken);
    }

    private async ValueTask AddedAsync(long chars, CancellationToken cancellationToken)
    {
        _chars += chars;
        if (Pending >= settings.RowGroupRows || _chars >= settings.RowGroupChars)
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes the pending rows as one row group of the current shard.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (Pending == 0)
        {
            return;
        }

        await WriteRowGroupAsync(cancellationToken);
        if (_shard!.Length >= settings.ShardBytes)
        {
            await CloseShardAsync();
        }
    }

    /// <summary>Closes the last shard, replaces the shards of an earlier export, names the new ones and writes the card.</summary>
    public async Task CompleteAsync(DatasetCard card, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        if (_partials.Count == 0)
        {
            // An export with no rows still has one (empty) shard, so the folder loads with its columns.
            await WriteRowGroupAsync(cancellationToken);
        }

        await CloseShardAsync();
        foreach (var old in Directory.EnumerateFiles(_data, "train-*.parquet"))
        {
            File.Delete(old);
        }

        var shards = new List<string>(_partials.Count);
        for (var i = 0; i < _partials.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"train-{i:D5}-of-{_partials.Count:D5}.parquet");
            File.Move(_partials[i], Path.Combine(_data, name));
            shards.Add($"data/{name}");
        }

        Shards = shards;
        await File.WriteAllTextAsync(Path.Combine(directory, "README.md"), card.Render(layout, shards, Bytes), cancellationToken);
    }

    private async Task WriteRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_shard is null)
        {
            Directory.CreateDirectory(_data);
            var partial = Path.Combine(_data, string.Create(CultureInfo.InvariantCulture, $".train-{_partials.Count:D5}.parquet.partial"));
            _partials.Add(partial);
            _shard = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            _shardHasRowGroup = false;
        }

        // Each call adds one row group; appending reads the footer back and rewrites it.
        var options = new ParquetOptions { Append = _shardHasRowGroup, CompressionMethod = CompressionMethod.Snappy };
        switch (layout)
        {
            case ExportFormat.Chat:
                await ParquetSerializer.SerializeAsync(_chat, _shard, options, cancellationToken: cancellationToken);
                _chat.Clear();
                break;
            case ExportFormat.PromptCompletion:
                await ParquetSerializer.SerializeAsync(_promptCompletion, _shard, options, cancellationToken: cancellationToken);
                _promptCompletion.Clear();
                break;
            case ExportFormat.Preference:
                await ParquetSerializer.SerializeAsync(_preference, _shard, options, cancellationToken: cancellationToken);
                _preference.Clear();
                break;
            case ExportFormat.Kto:
                await ParquetSerializer.SerializeAsync(_kto, _shard, options, cancellationToken: cancellationToken);
                _kto.Clear();
                break;
            default:
                await ParquetSerializer.SerializeAsync(_raw, _shard, options, cancellationToken: cancellationToken);
                _raw.Clear();
                break;
        }

        _shardHasRowGroup = true;
        _chars = 0;
    }

    private async Task CloseShardAsync()
    {
        if (_shard is null)
        {
            return;
        }

        _closedBytes += _shard.Length;
        await _shard.DisposeAsync();
        _shard = null;
    }

    private static RawRecord Raw(ExportRow row) => new()
    {
        Set = row.SetName,
        ProblemId = row.ExternalId,
        Kind = row.Kind,
        Prompt = row.Prompt,
        Answer = row.Answer,
        RunId = row.RunId.ToString("D"),
        TraceId = row.TraceId,
        Completion = row.Text,
        FinalAnswer = row.FinalAnswer,
        TokenCount = row.TokenCount,
        Verifier = row.Verifier,
        Flawed = row.Flawed,
        Consensus = row.Consensus,
        VoteShare = row.VoteShare,
        StepCheck = row.StepCheck,
        Candidates = row.Candidates,
        Correct = row.Correct,
        PassRate = row.PassRate,
        Tokens = row.Tokens,
        Metadata = row.Metadata,
    };
}
