using System.Globalization;
using System.Text;

namespace DataFactory.Storage.Export;

/// <summary>
/// The dataset card (<c>README.md</c>) of a Parquet export: YAML front matter as the Hugging Face Hub
/// reads it (licence, tags, size category, the default config with its <c>train</c> split's files,
/// features and split sizes), then how the data was made.
/// </summary>
internal sealed class DatasetCard(ExportOptions options, ParquetExportSettings settings, ExportResult result)
{
    public string Render(ExportFormat layout, IReadOnlyList<string> shards, long bytes)
    {
        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"""
            ---
            license: {settings.License}
            pretty_name: {Yaml(options.SetName ?? "datafactory export")}
            task_categories:
            - text-generation
            tags:
            - datafactory
            - reasoning
            - synthetic
            - verified
            size_categories:
            - {SizeCategory(result.Traces)}
            configs:
            - config_name: default
              data_files:
              - split: train
                path: data/train-*
            dataset_info:
              features:

            """);
        card.Append(Features(layout));
        card.Append(CultureInfo.InvariantCulture, $"""
              splits:
              - name: train
                num_examples: {result.Traces}
              download_size: {bytes}
            ---

            # {options.SetName ?? "DataFactory export"}: verified reasoning traces

            Chains of thought sampled by a model and kept only where a programmatic verifier accepted the
            final answer (DataFactory). {result.Traces:N0} traces of {result.Problems:N0} problems, in
            {shards.Count} Parquet shard(s) under `data/` ({LayoutName(layout)} layout).

            ```python
            from datasets import load_dataset
            ds = load_dataset("parquet", data_dir="path/to/this/folder", split="train")
            ```

            ## How it was made

            - Exported by `{settings.CommandLine ?? "datafactory export --format parquet"}` on {DateTime.UtcNow:yyyy-MM-dd} (UTC).
            - Set `{options.SetName ?? "(the run's set)"}`, {(options.RunId is { } run ? $"run `{run}`" : "every run of the set")}; {Filters()}.
            - Each trace's final answer was checked by the verifier of its problem's kind (exact rationals
              for math, the rules of the puzzle, unit tests in a sandbox for code); traces whose checkable
              steps include a false one (flawed) are {(options.IncludeFlawed ? "included" : "left out")}; traces of problems
              without a gold answer, checked against the majority answer of a consensus run (consensus-labelled), are
              {(options.IncludeConsensus ? "included" : "left out")}.
            - Problems marked as copies of a benchmark by `datafactory decontaminate` are left out.

            ## Columns

            {Columns(layout)}

            ## Licence

            `{settings.License}`: the traces are model output on the set's problems; check the licence of
            the problems and of the model that wrote them before publishing.

            """);
        return card.ToString();
    }

    private string Filters()
    {
        var filters = new List<string>();
        if (options.MinPassRate is { } min)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"pass rate at least {min}"));
        }

        if (options.MaxPassRate is { } max)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"pass rate at most {max}"));
        }

        if (options.MaxPerProblem is { } per)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"at most {per} traces per problem"));
        }

        if (options.SystemPrompt is not null)
        {
            filters.Add("a system turn given");
        }

        return filters.Count == 0 ? "no filters" : string.Join(", ", filters);
    }

    private static string LayoutName(ExportFormat layout) => layout switch
    {
        ExportFormat.Chat => "chat",
        ExportFormat.PromptCompletion => "prompt-completion",
        ExportFormat.Preference => "preference",
        ExportFormat.Kto => "kto",
        _ => "raw",
    };

    private static string Features(ExportFormat layout) => layout switch
    {
        ExportFormat.Chat => """
              - name: messages
                list:
                - name: role
                  dtype: string
                - name: content
                  dtype: string

            """,
        ExportFormat.PromptCompletion => Scalars(("prompt", "string"), ("completion", "string")),
        ExportFormat.Preference => Scalars(("prompt", "string"), ("chosen", "string"), ("rejected", "string")),
        ExportFormat.Kto => Scalars(("prompt", "string"), ("completion", "string"), ("label", "bool")),
        _ => Scalars(
            ("set", "string"), ("problem_id", "string"), ("kind", "string"), ("prompt", "string"), ("answer", "string"),
            ("run_id", "string"), ("trace_id", "int64"), ("completion", "string"), ("final_answer", "string"),
            ("token_count", "int32"), ("verifier", "string"), ("flawed", "bool"), ("consensus", "bool"), ("vote_share", "double"), ("step_check", "string"),
            ("candidates", "int64"), ("correct", "int64"), ("pass_rate", "float64"), ("tokens", "int64"), ("metadata", "string")),
    };

    private static string Scalars(params (string Name, string Type)[] columns)
    {
        var yaml = new StringBuilder();
        foreach (var (name, type) in columns)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    dtype: {type}\n");
        }

        return yaml.ToString();
    }

    private static string Columns(ExportFormat layout) => layout switch
    {
        ExportFormat.Chat => "- `messages`: the conversation, `[{role, content}]`: an optional system turn, the problem as the user turn, the verified trace as the assistant turn (TRL's conversational format).",
        ExportFormat.PromptCompletion => "- `prompt`: the problem; `completion`: the verified trace (TRL's prompt-completion format).",
        ExportFormat.Preference => "- `prompt`: the problem; `chosen`: a verified trace; `rejected`: a candidate of the same problem the verifier rejected (TRL's standard preference format, for DPO).",
        ExportFormat.Kto => "- `prompt`: the problem; `completion`: a verified trace (`label` true) or a rejected candidate of the same problem (`label` false) (TRL's unpaired preference format, for KTO).",
        _ => "- the trace (`completion`, `final_answer`, `token_count`, `verifier`, `flawed`, `consensus` and `vote_share` (a trace verified against a consensus run's majority answer, with that answer's share of the votes), `step_check` as JSON text), its problem (`set`, `problem_id`, `kind`, `prompt`, `answer`, `metadata` as JSON text), its run (`run_id`, `trace_id`) and the problem's statistics (`candidates`, `correct`, `pass_rate`, `tokens`).",
    };

    private static string SizeCategory(long rows) => rows switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        < 10_000_000 => "1M<n<10M",
        _ => "10M<n<100M",
    };

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Yaml(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
