using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class TraceConfiguration(string? jsonColumnType) : IEntityTypeConfiguration<TraceEntity>
{
    public void Configure(EntityTypeBuilder<TraceEntity> builder)
    {
        builder.ToTable("traces");
        if (jsonColumnType is not null)
        {
            builder.Property(t => t.StepCheck).HasColumnType(jsonColumnType);
        }

        builder.HasKey(t => t.Id);
        builder.Property(t => t.Verdict).HasMaxLength(16);
        builder.Property(t => t.Reason).HasMaxLength(400);
        builder.Property(t => t.Verifier).HasMaxLength(64);

        // A trace belongs to the attempt (problem, run) that produced it, but carries no foreign key: the
        // per-row check of one cost the bulk ingest about a fifth of the server's time. The batch writer
        // stores traces only in the transaction that stores their attempts, and the trigger the
        // TracesWithoutForeignKey migration adds deletes an attempt's traces with it (so deleting a run
        // or a problem still deletes its traces).

        // One copy of a text per problem, whichever run produced it first.
        builder.HasIndex(t => new { t.ProblemId, t.TraceHash }).IsUnique();

        // Export reads a set's traces problem by problem (and run by run, in insertion order) from this
        // index; the trigger finds a deleted attempt's traces by it. No other index: every index costs the ingest.
        builder.HasIndex(t => new { t.ProblemId, t.RunId, t.Id });
    }
}
